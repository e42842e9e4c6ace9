import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Retell
import Testing
@testable import Shortlist

@Suite("Reconciler")
struct ReconcilerTests {
    static func reconciler(_ app: TestApp) throws -> Reconciler {
        Reconciler(database: app.database, retell: try #require(app.retell), clock: app.clock, logger: Logger(label: "test"))
    }

    static func retellCall(_ id: String, status: String, reason: String? = nil, analyzed: Bool = false, ourID: String = "call-row-1") -> Call {
        Call(
            callID: id, agentID: "agent_1", agentVersion: 2, fromNumber: "+14155550100", toNumber: "+15125550134",
            callStatus: status, metadata: ["shortlist_call_id": .string(ourID)],
            startTimestamp: 1_795_000_000_000, endTimestamp: status == "ended" ? 1_795_000_060_000 : nil,
            durationMS: status == "ended" ? 60_000 : nil, disconnectionReason: reason,
            callAnalysis: analyzed ? CallAnalysis(
                callSummary: "Fine", userSentiment: "Neutral", callSuccessful: true,
                customAnalysisData: ["available_to_work": true, "interested": false]) : nil)
    }

    @Test("A call whose webhooks were lost is fetched after 3 quiet minutes and applied like a webhook")
    func droppedWebhooks() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: "call_test_1")
            await retell.setCall(Self.retellCall("call_test_1", status: "ended", reason: "user_hangup", analyzed: true))
            let reconciler = try Self.reconciler(app)
            app.clock.advance(by: 170)
            #expect(await reconciler.tick() == Reconciler.Report())
            app.clock.advance(by: 10)
            #expect(await reconciler.tick().refreshed == 1)
            let call = try await seed.call(app)
            #expect(call.status == .analyzed)
            #expect(call.durationSeconds == 60)
            #expect(try await seed.candidate(app).outcome == .notInterested)
            #expect(await reconciler.tick() == Reconciler.Report())
        }
    }

    @Test("A call still ongoing is looked at again every 2 minutes until it ends")
    func rechecks() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            await retell.setCall(Self.retellCall("call_test_1", status: "ongoing"))
            let reconciler = try Self.reconciler(app)
            app.clock.advance(by: 180)
            #expect(await reconciler.tick().refreshed == 1)
            #expect(try await seed.call(app).status == .ongoing)
            app.clock.advance(by: 60)
            #expect(await reconciler.tick().refreshed == 0)
            app.clock.advance(by: 60)
            await retell.setCall(Self.retellCall("call_test_1", status: "ended", reason: "user_hangup", analyzed: true))
            #expect(await reconciler.tick().refreshed == 1)
            #expect(try await seed.call(app).status == .analyzed)
        }
    }

    @Test("A call whose create answer was lost is found by our id with list-calls and linked")
    func linksUnconfirmed() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: nil)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_calls SET call_status = 'unknown' WHERE id = ?", arguments: [seed.callID])
            }
            await retell.setCall(Self.retellCall("call_found_9", status: "ongoing"))
            await retell.setCall(Self.retellCall("call_other", status: "ongoing", ourID: "someone-else"))
            let report = await (try Self.reconciler(app)).tick()
            #expect(report.linked == 1)
            let call = try await seed.call(app)
            #expect(call.retellCallID == "call_found_9")
            #expect(call.status == .ongoing)
        }
    }

    @Test("A call Retell never placed is released after 5 minutes without spending the attempt")
    func releasesUnplaced() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: nil, attempts: 2)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_calls SET call_status = 'unknown' WHERE id = ?", arguments: [seed.callID])
            }
            let reconciler = try Self.reconciler(app)
            app.clock.advance(by: 120)
            #expect(await reconciler.tick().released == 0)
            #expect(try await seed.call(app).status == .unknown)
            app.clock.advance(by: 180)
            #expect(await reconciler.tick().released == 1)
            let call = try await seed.call(app)
            #expect(call.status == .failed)
            #expect(call.lastError?.contains("no record") == true)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .queued)
            #expect(candidate.attempts == 1)
            #expect(candidate.nextAttemptAt == app.clock.now())
        }
    }

    @Test("A Retell failure is counted, logged and tried again on a later tick")
    func failuresRetry() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            await retell.setCall(Self.retellCall("call_test_1", status: "ended", reason: "user_hangup", analyzed: true))
            await retell.failNext(.getCall, with: .http(500, "Retell is down"))
            let reconciler = try Self.reconciler(app)
            app.clock.advance(by: 180)
            #expect(await reconciler.tick().failures == 1)
            #expect(try await seed.call(app).status == .registered)
            app.clock.advance(by: 120)
            #expect(await reconciler.tick().refreshed == 1)
            #expect(try await seed.call(app).status == .analyzed)
        }
    }
}
