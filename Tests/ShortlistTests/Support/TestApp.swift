import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Retell
@testable import Shortlist

/// The real application over a fresh in-memory database, a fixed clock and predictable ids,
/// with one API token per role. Tests talk to it through `test(_:)`.
struct TestApp {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    /// The key webhooks are signed with in tests.
    static let webhookKey = "key_webhook_test_9d2f"  // 2026-11-18T11:06:40Z

    let database: AppDatabase
    let clock: FixedClock
    let config: Config
    let adminToken: String
    let recruiterToken: String
    let viewerToken: String
    /// The in-memory Retell twin the app talks to, when it is the one in use.
    let retell: InMemoryRetellClient?
    /// What the app talks to as Retell (nil: no key configured).
    let retellClient: (any RetellClient)?
    let webhookKeys: [String]
    /// The live-update hub the app publishes to.
    let events = EventHub()
    /// What `/healthz` reports about dialing; share it with a test's dialer.
    let dialerStatus = DialerStatus()
    /// Rung by the app after a call changed (a webhook); a test's dialer loop can wait on it.
    let doorbell = Doorbell()
    /// How often event streams send a heartbeat and re-check their credential (short in stream tests).
    var eventHeartbeat: Duration = .seconds(15)

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func make(
        retell: InMemoryRetellClient? = InMemoryRetellClient(now: { 1_795_000_000_000 }),
        client: (any RetellClient)? = nil,
        webhookKeys: [String] = [TestApp.webhookKey],
        clock: FixedClock = FixedClock(TestApp.start),
        database given: AppDatabase? = nil,
        configure: (inout Config) -> Void = { _ in }
    ) async throws -> TestApp {
        let database = try given ?? AppDatabase.inMemory(clock: clock, ids: SequentialIDGenerator())
        var config = Config()
        config.server.staticDir = repositoryRoot.appendingPathComponent("static").path
        config.retell.fromNumber = "+14155550100"
        configure(&config)
        var tokens: [String] = []
        for role in [Role.admin, .recruiter, .viewer] {
            let token = "slt_test_\(role.rawValue)"
            _ = try await database.createToken(
                name: role.rawValue, role: role, tokenHash: APIToken.hash(token), userID: nil, by: .cli)
            tokens.append(token)
        }
        return TestApp(
            database: database, clock: clock, config: config,
            adminToken: tokens[0], recruiterToken: tokens[1], viewerToken: tokens[2], retell: client == nil ? retell : nil,
            retellClient: client ?? retell, webhookKeys: webhookKeys)
    }

    func application() throws -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = Dependencies(
            database: database, clock: clock, metrics: PrometheusCollectorRegistry(), logger: logger, retell: retellClient,
            webhookKeys: webhookKeys, events: events, doorbell: doorbell, dialerStatus: dialerStatus,
            eventHeartbeat: eventHeartbeat)
        return try buildApplication(config: config, dependencies: dependencies)
    }

    /// Runs `body` against the router (no sockets), or with `.live` on a 127.0.0.1 ephemeral port
    /// (`client.port`) for callers outside the process, such as the Retell simulator's webhooks.
    func test<Value>(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await application().test(setup, body)
    }
}

extension TestClientProtocol {
    /// A request with an optional bearer token and body; `contentType` defaults to JSON when a body is given.
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        body: String? = nil, contentType: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let text = json ?? body
        if let type = contentType ?? (json != nil ? "application/json" : nil) { headers[.contentType] = type }
        return try await execute(
            uri: path, method: method, headers: headers, body: text.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}
