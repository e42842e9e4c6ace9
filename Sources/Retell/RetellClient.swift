import Foundation

/// What Shortlist asks of Retell. `HTTPRetellClient` talks to Retell (or the simulator) over HTTP;
/// `InMemoryRetellClient` is the twin for tests above the client.
///
/// Every method throws `RetellError` and nothing else: HTTP failures carry the status and Retell's
/// message, transport failures and timeouts say so, and `isRetryable` / `retryAfter` tell the
/// caller what it may do next. Retries the client makes by itself are described on `HTTPRetellClient`.
public protocol RetellClient: Sendable {
    /// `POST /create-retell-llm` (201). Never retried.
    func createRetellLLM(_ request: RetellLLMRequest) async throws -> RetellLLM
    /// `GET /get-retell-llm/{id}`.
    func getRetellLLM(id: String) async throws -> RetellLLM
    /// `PATCH /update-retell-llm/{id}`.
    func updateRetellLLM(id: String, _ request: RetellLLMRequest) async throws -> RetellLLM
    /// `POST /create-agent` (201). Never retried.
    func createAgent(_ request: AgentRequest) async throws -> Agent
    /// `GET /get-agent/{id}`.
    func getAgent(id: String) async throws -> Agent
    /// `PATCH /update-agent/{id}`.
    func updateAgent(id: String, _ request: AgentRequest) async throws -> Agent
    /// `POST /v2/create-phone-call` (201). Retried only when the request has an `idempotencyKey`.
    func createPhoneCall(_ request: CreatePhoneCallRequest) async throws -> Call
    /// `GET /v2/get-call/{id}`.
    func getCall(id: String) async throws -> Call
    /// `POST /v3/list-calls`.
    func listCalls(_ request: ListCallsRequest) async throws -> CallList
    /// `GET /get-concurrency`.
    func getConcurrency() async throws -> Concurrency
    /// `DELETE /v2/delete-call/{id}` (204): Retell forgets the call, its recording, transcript and
    /// logs. An unknown id is a 404 or 422 (`RetellError.isUnknownID`).
    func deleteCall(id: String) async throws
}

/// The client's operations by name: how the in-memory twin is scripted and its log is read.
public enum RetellMethod: String, Sendable, Equatable, Hashable, CaseIterable {
    case createRetellLLM
    case getRetellLLM
    case updateRetellLLM
    case createAgent
    case getAgent
    case updateAgent
    case createPhoneCall
    case getCall
    case listCalls
    case getConcurrency
    case deleteCall
}
