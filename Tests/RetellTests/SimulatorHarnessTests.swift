import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import Retell
import RetellSimulator
import Synchronization
import Testing

// Support for the simulator tests: a plain HTTP client (not the Retell client, so the simulator
// is checked on its own), a webhook receiver, a settable clock and polling.

/// A JSON reply from the simulator.
struct SimReply: @unchecked Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var message: String { json["message"] as? String ?? "" }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A simulator started on 127.0.0.1, port 0, plus a client for it.
struct SimHarness: Sendable {
    static let apiKey = "key_sim_test_5f2c"
    let simulator: RetellSimulator
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a simulator, runs `body`, stops it (also when `body` throws).
    static func with<T: Sendable>(
        speedup: Double = 2_000, seed: UInt64 = 7, concurrencyLimit: Int = 20,
        outcomes: OutcomeWeights = OutcomeWeights(),
        clock: @escaping @Sendable () -> Int64 = RetellSimulator.wallClockMS,
        _ body: (SimHarness) async throws -> T
    ) async throws -> T {
        let configuration = SimulatorConfiguration(
            host: "127.0.0.1", port: 0, apiKey: apiKey, concurrencyLimit: concurrencyLimit,
            speedup: speedup, seed: seed, outcomes: outcomes)
        var logger = Logger(label: "simulator-test")
        logger.logLevel = .warning
        let simulator = RetellSimulator(configuration: configuration, logger: logger, clock: clock)
        let port = try await simulator.start()
        do {
            let result = try await body(SimHarness(simulator: simulator, port: port))
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    /// Sends `method path` with a JSON body (a dictionary or raw text) and the given key.
    func send(_ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, raw: String? = nil,
              key: String? = SimHarness.apiKey) async throws -> SimReply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let bytes = try json.map { try JSONSerialization.data(withJSONObject: $0) } ?? raw.map { Data($0.utf8) }
        if let bytes {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 4 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return SimReply(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
    }

    /// Creates an LLM and an agent; returns the agent id.
    func makeAgent(
        webhookURL: String? = nil, analysis: [[String: Any]] = SimHarness.standardAnalysis,
        prompt: String = "You are a recruiting assistant.\n1. Are you still interested in the {{job_title}} role?\n2. What is your expected salary?\n3. When can you start?"
    ) async throws -> String {
        let llm = try await send(.POST, "/create-retell-llm", json: [
            "general_prompt": prompt, "begin_message": "Hi {{first_name}}, this is Alex from Acme.", "start_speaker": "agent",
        ])
        try #require(llm.status == 201, "\(llm.text)")
        var agent: [String: Any] = [
            "response_engine": ["type": "retell-llm", "llm_id": llm.json["llm_id"] as? String ?? ""],
            "voice_id": "retell-Cimo", "agent_name": "Test Agent", "post_call_analysis_data": analysis,
            "max_call_duration_ms": 900_000,
        ]
        if let webhookURL { agent["webhook_url"] = webhookURL }
        let created = try await send(.POST, "/create-agent", json: agent)
        try #require(created.status == 201, "\(created.text)")
        return try #require(created.json["agent_id"] as? String)
    }

    /// Creates a call to `to` for `agentID`; returns the reply.
    func call(_ agentID: String, to: String = "+14155550199", metadata: [String: Any]? = nil,
              idempotencyKey: String? = nil, extra: [String: Any] = [:]) async throws -> SimReply {
        var body: [String: Any] = [
            "from_number": "+14155550100", "to_number": to, "override_agent_id": agentID,
            "retell_llm_dynamic_variables": ["first_name": "Maria", "job_title": "Picker"],
        ]
        if let metadata { body["metadata"] = metadata }
        if let idempotencyKey { body["idempotency_key"] = idempotencyKey }
        body.merge(extra) { $1 }
        return try await send(.POST, "/v2/create-phone-call", json: body)
    }

    static var standardAnalysis: [[String: Any]] { [
        ["type": "boolean", "name": "available_to_work", "description": "Can start work"],
        ["type": "boolean", "name": "interested", "description": "Still interested"],
        ["type": "boolean", "name": "know_referee", "description": "Knows anyone who works at the company"],
        ["type": "number", "name": "expected_salary", "description": "Expected yearly salary"],
        ["type": "enum", "name": "shift", "description": "Preferred shift", "choices": ["day", "night", "any"]],
        ["type": "string", "name": "start_date", "description": "Earliest start date"],
        ["type": "boolean", "name": "has_license", "description": "Has a valid driver licence"],
        ["type": "number", "name": "sentiment_score", "description": "0 to 1"],
        ["type": "string", "name": "key_points", "description": "One a line"],
        ["type": "string", "name": "objections", "description": "One a line"],
        ["type": "string", "name": "next_steps", "description": "One a line"],
        ["type": "boolean", "name": "opted_out", "description": "Asked not to be called"],
    ] }
}

/// Waits until `condition` holds, checking every 10 ms, for at most `seconds`.
func simEventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// A clock a test moves by hand.
final class SimTestClock: Sendable {
    private let value: Mutex<Int64>
    init(_ start: Int64 = 1_773_158_400_000) { value = Mutex(start) }
    var nowMS: Int64 { value.withLock { $0 } }
    func advance(ms: Int64) { value.withLock { $0 += ms } }
    var closure: @Sendable () -> Int64 { { self.nowMS } }
}

/// A tiny webhook receiver on a loopback port: records every delivery with its raw bytes and
/// signature header, and answers with the status `respond` picks for that (call, event) attempt.
actor SimWebhookInbox {
    struct Delivery: @unchecked Sendable {
        var event: String
        var callID: String
        var body: Data
        var signature: String?
        var contentType: String?
        var receivedMS: Int64

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var call: [String: Any] { json["call"] as? [String: Any] ?? [:] }
    }

    private(set) var deliveries: [Delivery] = []
    private var attempts: [String: Int] = [:]
    private let respond: @Sendable (_ event: String, _ attempt: Int) -> Int

    init(respond: @escaping @Sendable (_ event: String, _ attempt: Int) -> Int = { _, _ in 204 }) {
        self.respond = respond
    }

    func deliveries(for callID: String) -> [Delivery] { deliveries.filter { $0.callID == callID } }

    fileprivate func receive(_ delivery: Delivery) -> Int {
        deliveries.append(delivery)
        let key = delivery.callID + ":" + delivery.event
        attempts[key, default: 0] += 1
        return respond(delivery.event, attempts[key] ?? 1)
    }

    /// Runs a receiver for the duration of `body`, which gets its URL.
    static func with<T: Sendable>(
        _ inbox: SimWebhookInbox, _ body: (String) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.post("/webhooks/retell") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 4 << 20)
            let data = Data(buffer.readableBytesView)
            let parsed = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let call = parsed?["call"] as? [String: Any]
            let status = await inbox.receive(Delivery(
                event: parsed?["event"] as? String ?? "?", callID: call?["call_id"] as? String ?? "?", body: data,
                signature: request.headers[HTTPField.Name("X-Retell-Signature")!],
                contentType: request.headers[.contentType], receivedMS: RetellSimulator.wallClockMS()))
            return Response(status: .init(code: status))
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical  // cancelling the receiver at the end logs an error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { sink.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body("http://127.0.0.1:\(port)/webhooks/retell"))
        } catch {
            result = .failure(error)
        }
        server.cancel()
        _ = try? await server.value
        return try result.get()
    }
}
