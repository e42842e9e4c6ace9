import Foundation
import GRDB
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

@Suite("Callbacks asked for, over HTTP")
struct CallbackFlowTests {
    /// Thursday 2026-11-19 15:00 in Chicago.
    static let thursdayThreePM = Date(timeIntervalSince1970: 1_795_021_200 + 28 * 3_600)

    /// Ends `call` as a conversation with `reason` and analyses it with `custom`.
    static func answer(_ harness: DialerHarness, _ call: RetellCallRecord, reason: String, custom: String) async throws {
        let retellID = try #require(call.retellCallID)
        let metadata = #"{"shortlist_call_id":"\#(call.id)"}"#
        for event in ["call_ended", "call_analyzed"] {
            let body = Hook.body(event, callID: retellID, status: "ended", reason: reason, custom: custom, metadata: metadata)
            let response = try await Hook.post(harness.client, body, app: harness.app)
            #expect(response.status == .noContent, "\(response.text)")
        }
    }

    @Test("An answer with callback_at queues the candidate for exactly that local time; the dialer calls at it, not before; page and dry run show it")
    func endToEnd() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 1)
            let first = try #require(try await harness.calls().first)
            try await Self.answer(harness, first, reason: "user_requested_callback", custom: #"{"callback_at":"2026-11-19 15:00"}"#)

            let candidate = try #require(try await harness.candidates().first)
            #expect(candidate.status == .queued)
            #expect(candidate.nextAttemptAt == Self.thursdayThreePM)
            #expect(candidate.callbackAt == Self.thursdayThreePM)
            #expect(candidate.attempts == 1)
            let call = try await client.send(.get, "/api/v1/calls/\(first.id)", token: app.viewerToken).object
            #expect((call["analysis"] as? [String: Any])?["callback_at"] as? String == "2026-11-19 15:00")

            let preview = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/preview", token: app.viewerToken).object
            #expect(preview["callbacks_waiting"] as? Int == 1)
            #expect(preview["next_callback_at"] as? String == "2026-11-19T21:00:00Z")

            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let page = try await client.execute(uri: "/candidates/\(candidate.id)", method: .get, headers: [.cookie: admin.cookie])
            #expect(String(buffer: page.body).contains(#"<p class="callback">Asked to be called back on Thu 19 Nov at 15:00 (their time)</p>"#))
            let campaignPage = try await client.execute(uri: "/campaigns/\(harness.campaignID)", method: .get, headers: [.cookie: admin.cookie])
            #expect(String(buffer: campaignPage.body).contains("1 callback asked for, the first 2026-11-19 15:00 America/Chicago"))

            app.clock.set(Self.thursdayThreePM.addingTimeInterval(-1))
            #expect(await harness.tick(dialer).placed == 0)
            app.clock.set(Self.thursdayThreePM)
            #expect(await harness.tick(dialer).placed == 1)
            let placed = await harness.retell.createdCalls
            #expect(placed.count == 2)
            #expect(placed.last?.retellLLMDynamicVariables?["today"] == "Thursday 19 November 2026")
            #expect(try await harness.candidates().first?.attempts == 2)
            // The call it asked for is now made: no callback waits any more.
            let after = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/preview", token: app.viewerToken).object
            #expect(after["callbacks_waiting"] as? Int == 0)

            // Answered this time, without a callback: the recorded one is cleared.
            let second = try #require(try await harness.calls().last)
            try await Self.answer(harness, second, reason: "user_hangup", custom: #"{"available_to_work":true,"interested":true,"has_license":true,"callback_at":""}"#)
            let done = try #require(try await harness.candidates().first)
            #expect(done.outcome == .qualified)
            #expect(done.callbackAt == nil)
        }
    }

    @Test("A callback falling due while its batch is paused waits for the resume, then is dialled")
    func pausedBatch() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 1)
            let first = try #require(try await harness.calls().first)
            try await Self.answer(harness, first, reason: "user_requested_callback", custom: #"{"callback_at":"2026-11-19T15:00"}"#)
            let paused = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/pause", token: app.recruiterToken)
            #expect(paused.object["status"] as? String == "paused")
            app.clock.set(Self.thursdayThreePM.addingTimeInterval(60))
            #expect(await harness.tick(dialer).placed == 0)
            _ = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/resume", token: app.recruiterToken)
            #expect(await harness.tick(dialer).placed == 1)
        }
    }

    @Test("A qualified answer with a callback keeps its outcome and records the time; a cancelled batch sends a callback back to pending, and a new batch calls it at the time asked for")
    func qualifiedAndCancelled() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 2)
            let calls = try await harness.calls()
            try await Self.answer(harness, calls[0], reason: "user_hangup",
                                  custom: #"{"available_to_work":true,"interested":true,"has_license":true,"callback_at":"2026-11-19 15:00"}"#)
            try await Self.answer(harness, calls[1], reason: "user_requested_callback", custom: #"{"callback_at":"2026-11-19 15:00"}"#)
            let rows = try await harness.candidates()
            #expect(rows[0].status == .completed && rows[0].outcome == .qualified)
            #expect(rows[0].callbackAt == Self.thursdayThreePM)
            #expect(rows[1].status == .queued && rows[1].nextAttemptAt == Self.thursdayThreePM)
            let cancelled = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken)
            #expect(cancelled.object["status"] as? String == "cancelled")
            #expect(try await harness.candidates()[1].status == .pending)
            // A new batch keeps the time asked for: not dialled now, dialled at Thursday 15:00.
            let restarted = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.recruiterToken)
            #expect(restarted.status == .created, "\(restarted.text)")
            let waiting = try await harness.candidates()[1]
            #expect(waiting.status == .queued && waiting.nextAttemptAt == Self.thursdayThreePM)
            #expect(await harness.tick(dialer).placed == 0)
            app.clock.set(Self.thursdayThreePM)
            #expect(await harness.tick(dialer).placed == 1)
        }
    }

    @Test("Hostile callback_at answers are stored only when short plain text, and never trap the webhook path")
    func hostileAnswers() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            #expect(await harness.tick(harness.dialer()).placed == 1)
            let first = try #require(try await harness.calls().first)
            let long = String(repeating: "2026-11-19 15:00 ", count: 10)
            try await Self.answer(harness, first, reason: "user_requested_callback", custom: #"{"callback_at":"\#(long)"}"#)
            let stored = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT callback_at FROM retell_call_analysis WHERE call_id = ?", arguments: [first.id])
            }
            #expect(stored == nil)
            let candidate = try #require(try await harness.candidates().first)
            #expect(candidate.status == .queued)
            #expect(candidate.callbackAt == nil)
            #expect(candidate.nextAttemptAt == DialerHarness.wednesdayMorning.addingTimeInterval(3_600))
        }
    }
}
