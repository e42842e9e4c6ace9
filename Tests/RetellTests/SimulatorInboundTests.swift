import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Retell
import RetellSimulator
import Synchronization
import Testing

@Suite("Retell simulator: inbound calls")
struct SimulatorInboundTests {
    /// What the inbound webhook received, and how it answers each attempt (by number).
    final class Inbox: Sendable {
        let bodies = Mutex<[(body: Data, signature: String?)]>([])
        let answer: @Sendable (Int) -> (status: Int, body: String)
        init(answer: @escaping @Sendable (Int) -> (status: Int, body: String)) { self.answer = answer }
    }

    /// Runs a receiver for `call_inbound` for the duration of `body`, which gets its URL.
    static func withInboundWebhook<T: Sendable>(_ inbox: Inbox, _ body: (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/inbound") { request, _ -> Response in
            var request = request
            let data = Data((try await request.collectBody(upTo: 1 << 20)).readableBytesView)
            let count = inbox.bodies.withLock {
                $0.append((data, request.headers[HTTPField.Name("X-Retell-Signature")!]))
                return $0.count
            }
            let reply = inbox.answer(count)
            return Response(status: .init(code: reply.status), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "inbound-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { sink.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let result = await Result { try await body("http://127.0.0.1:\(port)/inbound") }
        server.cancel()
        _ = try? await server.value
        return try result.get()
    }

    @Test("An inbound call signs call_inbound, retries a failed answer, then plays out with the answered agent, variables and metadata")
    func answeredCall() async throws {
        try await SimHarness.with { sim in
            let agentID = try await sim.makeAgent(webhookURL: "http://127.0.0.1:9/hook")
            let inbox = Inbox { attempt in
                attempt == 1 ? (500, "{}") : (200, """
                    {"call_inbound":{"override_agent_id":"\(agentID)","dynamic_variables":{"first_name":"Jane"},
                     "metadata":{"shortlist_call_id":"row-7","attempt":2}}}
                    """)
            }
            try await Self.withInboundWebhook(inbox) { url in
                await sim.simulator.redirectInboundWebhook(to: url)
                let placed = try await sim.simulator.placeInboundCall(from: "+15125550134", to: "+14155550100")
                let callID = try #require(placed.callID)
                #expect(placed.webhookStatus == 200)
                let received = inbox.bodies.withLock { $0 }
                #expect(received.count == 2)
                let first = try #require(received.first)
                #expect(String(decoding: first.body, as: UTF8.self)
                    == #"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+14155550100"}}"#)
                let signature = try #require(first.signature)
                let timestamp = try #require(Int64(signature.dropFirst(2).prefix { $0 != "," }))
                #expect(WebhookSignature.verify(body: first.body, header: signature, keys: [SimHarness.apiKey], nowMS: timestamp) == .valid)
                let call = try #require(await sim.simulator.calls.first { $0.callID == callID })
                #expect(call.direction == "inbound" && call.agentID == agentID && call.fromNumber == "+15125550134")
                #expect(call.metadata == ["shortlist_call_id": "row-7", "attempt": "2"])
                let object = try await sim.send(.GET, "/v2/get-call/\(callID)")
                #expect(object.json["direction"] as? String == "inbound")
                #expect((object.json["retell_llm_dynamic_variables"] as? [String: String])?["first_name"] == "Jane")
            }
        }
    }

    @Test("No override in the answer, or no inbound URL, places no call; POST /sim/inbound says so")
    func noAgent() async throws {
        try await SimHarness.with { sim in
            let refused = try await sim.send(.POST, "/sim/inbound", json: ["from_number": "+15125550134", "to_number": "+14155550100"])
            #expect(refused.status == 400)
            #expect(try await sim.send(.POST, "/sim/inbound", json: ["from_number": "5125550134", "to_number": "+14155550100"]).status == 400)
            let inbox = Inbox { _ in (200, #"{"call_inbound":{}}"#) }
            try await Self.withInboundWebhook(inbox) { url in
                await sim.simulator.redirectInboundWebhook(to: url)
                let reply = try await sim.send(.POST, "/sim/inbound", json: ["from_number": "+15125550134", "to_number": "+14155550100"])
                #expect(reply.status == 201)
                #expect(reply.json["call_id"] is NSNull)
                #expect(reply.json["webhook_status"] as? Int == 200)
                #expect(await sim.simulator.calls.isEmpty)
            }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
