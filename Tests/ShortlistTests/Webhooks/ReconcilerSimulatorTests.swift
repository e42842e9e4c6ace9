import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// The reconciler against the Retell simulator over HTTP, with the faults it exists for: webhooks
/// that never arrive, and a create-phone-call answer that never comes back. The simulator's
/// clock is the app's fixed clock, so its signatures are fresh and its timestamps line up; the
/// webhooks it does send reach the app on a live local port.
@Suite("Reconciler against the Retell simulator")
struct ReconcilerSimulatorTests {
    static let apiKey = "key_sim_reconcile"

    struct Harness {
        let app: TestApp
        let sim: RetellSimulator
        let retell: HTTPRetellClient
        let agentID: String

        var reconciler: Reconciler {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return Reconciler(database: app.database, retell: retell, clock: app.clock, logger: logger)
        }

        /// Places a call at the simulator as the dialer does: our row first, then create-phone-call
        /// carrying our id in the metadata. Returns the row and what Retell answered.
        func dial(_ client: any TestClientProtocol) async throws -> (CallSeed, Call) {
            let seed = try await CallSeed.make(app, client: client, retellCallID: nil)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_calls SET retell_agent_id = ? WHERE id = ?", arguments: [agentID, seed.callID])
            }
            let call = try await retell.createPhoneCall(CreatePhoneCallRequest(
                fromNumber: "+14155550100", toNumber: seed.phone, overrideAgentID: agentID,
                metadata: ["shortlist_call_id": .string(seed.callID)], idempotencyKey: "idem-1"))
            return (seed, call)
        }

        /// Waits (bounded) until the simulator has finished the call, analysis included.
        func waitUntilAnalyzed(_ callID: String) async throws {
            for _ in 0..<1_000 {
                if await sim.calls.first(where: { $0.callID == callID })?.analyzed == true { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("the simulator did not finish call \(callID)")
        }

        /// Waits (up to 30 s) for the simulator's webhooks to bring our row to `status`: they are
        /// delivered over HTTP on their own schedule, which a loaded machine can delay past the
        /// simulated call's end.
        func waitForStatus(_ status: Shortlist.CallStatus, of seed: CallSeed) async throws {
            for _ in 0..<3_000 {
                if try await seed.call(app).status == status { return }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    static func with(_ body: @Sendable (Harness, any TestClientProtocol) async throws -> Void) async throws {
        let clock = FixedClock(TestApp.start)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sim = RetellSimulator(
            configuration: SimulatorConfiguration(apiKey: apiKey, speedup: 600, seed: 7), logger: logger,
            clock: { Int64((clock.now().timeIntervalSince1970 * 1000).rounded()) })
        let port = try await sim.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let retell = HTTPRetellClient(baseURL: "http://127.0.0.1:\(port)", apiKey: apiKey, httpClient: http, retry: .none)
        var failure: (any Error)?
        do {
            let app = try await TestApp.make(client: retell, webhookKeys: [apiKey], clock: clock)
            try await app.test(.live) { client in
                await sim.redirectWebhooks(to: "http://127.0.0.1:\(try #require(client.port))/webhooks/retell")
                let llm = try await retell.createRetellLLM(RetellLLMRequest(generalPrompt: "Ask about the job.", model: "gpt-4.1"))
                let agent = try await retell.createAgent(AgentRequest(responseEngine: .retellLLM(llm.llmID), voiceID: "11labs-Adrian"))
                try await body(Harness(app: app, sim: sim, retell: retell, agentID: agent.agentID), client)
            }
        } catch {
            failure = error
        }
        await sim.stop()
        try await http.shutdown()
        if let failure { throw failure }
    }

    @Test("A call whose call_ended and call_analyzed were dropped is healed from get-call after 3 quiet minutes")
    func droppedEnd() async throws {
        try await Self.with { harness, client in
            let app = harness.app
            await harness.sim.script([CallScript(outcome: .answered, dropEvents: [.callEnded, .callAnalyzed])])
            let (seed, placed) = try await harness.dial(client)
            // As the dialer records Retell's answer: forward only, so a call_started webhook that
            // got here first is not undone.
            _ = try await app.database.recordPlaced(callID: seed.callID, retellCallID: placed.callID, retellAgentVersion: nil)
            try await harness.waitUntilAnalyzed(placed.callID)
            try await harness.waitForStatus(.ongoing, of: seed)
            // call_started came through; nothing said the call ended, so it still holds a slot.
            #expect(try await seed.call(app).status == .ongoing)
            #expect(try await harness.reconciler.tick() == Reconciler.Report())

            app.clock.advance(by: 180)
            #expect(try await harness.reconciler.tick().refreshed == 1)
            let call = try await seed.call(app)
            let simulated = try #require(await harness.sim.calls.first)
            #expect(call.status == .analyzed)
            #expect(call.endedAt != nil)
            #expect(call.durationSeconds == simulated.durationMS.map { Int(($0 + 500) / 1000) })
            #expect(try await seed.analysis(app) != nil)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .completed)
            #expect(candidate.outcome != nil)
            #expect(await harness.sim.calls.count == 1)
            // Settled: nothing more to ask.
            app.clock.advance(by: 600)
            #expect(try await harness.reconciler.tick() == Reconciler.Report())
        }
    }

    @Test("A call whose create answer was lost and whose webhooks never came is found by our id and linked, not dialled again")
    func lostCreateAnswer() async throws {
        try await Self.with { harness, client in
            let app = harness.app
            await harness.sim.script([CallScript(outcome: .noAnswer, dropEvents: Set(SimulatedEvent.allCases))])
            // The answer is thrown away: as far as we know the call may or may not exist.
            let (seed, placed) = try await harness.dial(client)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_calls SET call_status = 'unknown' WHERE id = ?", arguments: [seed.callID])
            }
            try await harness.waitUntilAnalyzed(placed.callID)
            #expect(try await seed.call(app).retellCallID == nil)

            #expect(try await harness.reconciler.tick().linked == 1)
            let call = try await seed.call(app)
            #expect(call.retellCallID == placed.callID)
            #expect(call.status == .notConnected)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .queued)
            #expect(candidate.attempts == 1)
            #expect(await harness.sim.calls.count == 1)
        }
    }
}
