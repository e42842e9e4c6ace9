import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `RetellClient` over HTTP with AsyncHTTPClient: Retell itself, or the simulator (only `baseURL`
/// and the key differ).
///
/// - Every request carries `Authorization: Bearer <key>`; bodies are JSON.
/// - Each request may take `timeouts` (connection included): 120 s for create-phone-call, 300 s for
///   list-calls, 60 s for the rest. The 5 s connect timeout belongs to the `HTTPClient`: make it
///   with `HTTPRetellClient.httpClientConfiguration()`.
/// - Retries follow `retry` on 408, 429, 5xx, transport failures and timeouts, waiting for
///   `Retry-After` when Retell sent one: GETs, updates (PATCH), list-calls and get-concurrency
///   always; create-phone-call only when it has an `idempotency_key` (the same bytes are resent, so
///   Retell makes one call); create-retell-llm and create-agent never. Other 4xx are never retried.
/// - Every method throws `RetellError` only; no error or description contains the API key.
public struct HTTPRetellClient: RetellClient, CustomStringConvertible {
    /// e.g. `https://api.retellai.com`, without a trailing slash.
    public let baseURL: String
    public let retry: RetryPolicy
    public let timeouts: RequestTimeouts
    let apiKey: String
    let httpClient: HTTPClient
    let sleeper: @Sendable (Duration) async throws -> Void

    /// - Parameter sleeper: waits between retries; tests pass one that records and returns.
    public init(
        baseURL: String,
        apiKey: String,
        httpClient: HTTPClient,
        retry: RetryPolicy = .init(),
        timeouts: RequestTimeouts = .init(),
        sleeper: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.httpClient = httpClient
        self.retry = retry
        self.timeouts = timeouts
        self.sleeper = sleeper
    }

    /// The connect timeout Shortlist wants on the `HTTPClient` it hands in.
    public static let connectTimeout: Duration = .seconds(5)

    /// An `HTTPClient` configuration for talking to Retell: 5 s connect timeout, no redirects.
    public static func httpClientConfiguration() -> HTTPClient.Configuration {
        HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: connectTimeout.timeAmount)
        )
    }

    /// A new `HTTPClient` with `httpClientConfiguration()` on the shared event loop group; the
    /// caller owns it and must `shutdown()` it.
    public static func makeHTTPClient() -> HTTPClient {
        HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpClientConfiguration())
    }

    public var description: String { "HTTPRetellClient(\(baseURL))" }

    // MARK: - RetellClient

    public func createRetellLLM(_ request: RetellLLMRequest) async throws -> RetellLLM {
        try await send(.post("/create-retell-llm", try encode(request), timeout: timeouts.standard, mayRetry: false))
    }

    public func getRetellLLM(id: String) async throws -> RetellLLM {
        try await send(.get("/get-retell-llm/" + segment(id), timeout: timeouts.standard))
    }

    public func updateRetellLLM(id: String, _ request: RetellLLMRequest) async throws -> RetellLLM {
        try await send(.patch("/update-retell-llm/" + segment(id), try encode(request), timeout: timeouts.standard))
    }

    public func createAgent(_ request: AgentRequest) async throws -> Agent {
        try await send(.post("/create-agent", try encode(request), timeout: timeouts.standard, mayRetry: false))
    }

    public func getAgent(id: String) async throws -> Agent {
        try await send(.get("/get-agent/" + segment(id), timeout: timeouts.standard))
    }

    public func updateAgent(id: String, _ request: AgentRequest) async throws -> Agent {
        try await send(.patch("/update-agent/" + segment(id), try encode(request), timeout: timeouts.standard))
    }

    public func createPhoneCall(_ request: CreatePhoneCallRequest) async throws -> Call {
        let idempotent = !(request.idempotencyKey ?? "").isEmpty
        return try await send(.post("/v2/create-phone-call", try encode(request),
                                    timeout: timeouts.createPhoneCall, mayRetry: idempotent))
    }

    public func getCall(id: String) async throws -> Call {
        try await send(.get("/v2/get-call/" + segment(id), timeout: timeouts.standard))
    }

    public func listCalls(_ request: ListCallsRequest) async throws -> CallList {
        try await send(.post("/v3/list-calls", try encode(request), timeout: timeouts.listCalls, mayRetry: true))
    }

    public func getConcurrency() async throws -> Concurrency {
        try await send(.get("/get-concurrency", timeout: timeouts.standard))
    }

    public func deleteCall(id: String) async throws {
        try await sendExpectingNoBody(.delete("/v2/delete-call/" + segment(id), timeout: timeouts.standard))
    }

    // MARK: - Helpers

    /// One path segment: ids are opaque, so anything outside the unreserved set is escaped.
    func segment(_ id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    func encode(_ value: some Encodable) throws(RetellError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw RetellError(kind: .decoding, message: "could not encode the request: \(error)", isRetryable: false)
        }
    }
}

/// One request to Retell: where, what, how long it may take and whether it may be repeated.
struct Endpoint: Sendable {
    var method: HTTPMethod
    var path: String
    var body: Data?
    var timeout: Duration
    var mayRetry: Bool

    static func get(_ path: String, timeout: Duration) -> Endpoint {
        Endpoint(method: .GET, path: path, body: nil, timeout: timeout, mayRetry: true)
    }

    static func post(_ path: String, _ body: Data, timeout: Duration, mayRetry: Bool) -> Endpoint {
        Endpoint(method: .POST, path: path, body: body, timeout: timeout, mayRetry: mayRetry)
    }

    static func patch(_ path: String, _ body: Data, timeout: Duration) -> Endpoint {
        Endpoint(method: .PATCH, path: path, body: body, timeout: timeout, mayRetry: true)
    }

    /// Deleting twice deletes once, so a delete may be repeated.
    static func delete(_ path: String, timeout: Duration) -> Endpoint {
        Endpoint(method: .DELETE, path: path, body: nil, timeout: timeout, mayRetry: true)
    }
}

extension Duration {
    /// As NIO's `TimeAmount`, clamped to a day.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let clamped = min(max(seconds, 0), 86_400)
        return .nanoseconds(clamped * 1_000_000_000 + (seconds < 0 ? 0 : attoseconds / 1_000_000_000))
    }
}
