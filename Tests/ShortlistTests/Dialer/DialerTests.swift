import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import Testing
@testable import Shortlist

@Suite("Dialer")
struct DialerTests {
    @Test("Never more calls in flight than the account's limit; a freed slot is filled on the next tick")
    func accountLimit() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(12))
            let dialer = harness.dialer(concurrency: 5)
            #expect(await harness.tick(dialer).placed == 5)
            #expect(try await harness.inFlight() == 5)
            let again = await harness.tick(dialer)
            #expect(again.placed == 0)
            #expect(again.nextWake == nil)  // full: only a freed slot wakes it
            let placed = try await harness.calls(status: [.registered])
            try await harness.end(placed[0])
            try await harness.end(placed[1])
            #expect(try await harness.inFlight() == 3)
            #expect(await harness.tick(dialer).placed == 2)
            #expect(try await harness.inFlight() == 5)
            #expect(await harness.retell.createdCalls.count == 7)
        }
    }

    @Test("A campaign's own cap limits it below the account's")
    func campaignCap() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(6),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":3,"retry_after_minutes":60,"concurrency":2}"#)
            let report = await harness.tick(harness.dialer(concurrency: 20))
            #expect(report.placed == 2)
            #expect(report.skipped[.noSlot] ?? 0 >= 1)
            #expect(try await harness.inFlight() == 2)
        }
    }

    @Test("At most max_calls_per_second creations; the dialer wakes when the second is over")
    func ratePerSecond() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(5))
            let dialer = harness.dialer(concurrency: 20, perSecond: 2)
            let first = await harness.tick(dialer)
            #expect(first.placed == 2)
            #expect(first.nextWake == app.clock.now().addingTimeInterval(1))
            app.clock.advance(by: 0.5)
            #expect(await harness.tick(dialer).placed == 0)
            app.clock.advance(by: 0.5)
            #expect(await harness.tick(dialer).placed == 2)
        }
    }

    @Test("Each candidate is dialled in their own zone's window: others wait for their next opening")
    func zones() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            // 11:00 in Chicago, 02:00 on Thursday in Tokyo, 09:00 in Los Angeles.
            let harness = try await DialerHarness.make(app, client, candidates: [
                ("+15125551000", nil), ("+81312345678", "Asia/Tokyo"), ("+13105551000", "America/Los_Angeles"),
            ])
            let report = await harness.tick(harness.dialer())
            #expect(report.placed == 2)
            #expect(report.skipped[.outsideHours] == 1)
            #expect(await harness.placedNumbers() == ["+15125551000", "+13105551000"])
            let tokyo = try await harness.candidates()[1]
            #expect(tokyo.status == .queued)
            #expect(tokyo.attempts == 0)
            // Thursday 09:00 in Tokyo is Thursday 00:00 UTC.
            #expect(tokyo.nextAttemptAt == Date(timeIntervalSince1970: 1_795_046_400))
            app.clock.set(Date(timeIntervalSince1970: 1_795_046_400))
            #expect(await harness.tick(harness.dialer()).placed == 1)
        }
    }

    @Test("Nobody is dialled before 08:00 or from 21:00 local, whatever the campaign's window says")
    func floor() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(1),
                calling: #"{"timezone":"America/Chicago","window_start":"06:00","window_end":"23:00","days":["mon","tue","wed","thu","fri"],"max_attempts":3,"retry_after_minutes":60}"#)
            app.clock.set(Date(timeIntervalSince1970: 1_795_021_200 + 10 * 3_600))  // 21:00 in Chicago
            let report = await harness.tick(harness.dialer())
            #expect(report.placed == 0)
            #expect(report.skipped[.outsideHours] == 1)
            // Thursday 08:00 in Chicago = 14:00 UTC.
            #expect(try await harness.candidates()[0].nextAttemptAt == Date(timeIntervalSince1970: 1_795_096_800))
        }
    }

    @Test("A number put on the do-not-call list mid-batch is never dialled; the candidate ends do_not_call")
    func dncMidBatch() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3))
            let dialer = harness.dialer(concurrency: 1)
            #expect(await harness.tick(dialer).placed == 1)
            let added = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"+15125551001","reason":"asked by email"}"#)
            #expect(added.status == .created)
            try await harness.end(try await harness.calls()[0])
            let report = await harness.tick(dialer)
            #expect(report.skipped[.doNotCall] == 1)
            #expect(report.placed == 1)
            #expect(await harness.placedNumbers() == ["+15125551000", "+15125551002"])
            let stopped = try await harness.candidates()[1]
            #expect(stopped.status == .completed)
            #expect(stopped.outcome == .doNotCall)
            #expect(stopped.attempts == 0)
        }
    }

    @Test("No answer is retried after retry_after_minutes, moved to the next window opening when that is after hours")
    func retries() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let dialer = harness.dialer()
            _ = await harness.tick(dialer)
            let calls = try await harness.calls()
            try await harness.end(calls[0])  // 11:00 + 60 min: inside the window
            app.clock.set(Date(timeIntervalSince1970: 1_795_021_200 + 6 * 3_600 + 1_800))  // 17:30 in Chicago
            try await harness.end(calls[1])  // 18:30 would be after hours
            let candidates = try await harness.candidates()
            #expect(candidates[0].status == .queued)
            #expect(candidates[0].nextAttemptAt == Date(timeIntervalSince1970: 1_795_021_200 + 3_600))
            #expect(candidates[1].nextAttemptAt == Date(timeIntervalSince1970: 1_795_100_400))  // Thursday 09:00 Chicago
            // At 17:30 the first is due again, the second is not.
            let report = await harness.tick(dialer)
            #expect(report.placed == 1)
            #expect(try await harness.candidates()[0].attempts == 2)
        }
    }

    @Test("After the last attempt a no-answer candidate is unreachable and not dialled again")
    func unreachable() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(1),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":2,"retry_after_minutes":30}"#)
            let dialer = harness.dialer()
            for _ in 0..<2 {
                #expect(await harness.tick(dialer).placed == 1)
                try await harness.end(try await harness.calls(status: [.registered])[0])
                app.clock.advance(by: 1_800)
            }
            #expect(await harness.tick(dialer).placed == 0)
            let candidate = try await harness.candidates()[0]
            #expect(candidate.outcome == .unreachable)
            #expect(candidate.attempts == 2)
            #expect(try await harness.batch().status == .completed)
        }
    }

    @Test("429 puts the candidate back without spending an attempt and holds dialing for Retry-After")
    func rateLimited() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let dialer = harness.dialer()
            await harness.retell.failNext(.createPhoneCall, with: .http(429, "Account rate limited, please throttle your requests.", retryAfter: .seconds(3)))
            let report = await harness.tick(dialer)
            #expect(report.rateLimited == 1)
            #expect(report.placed == 0)
            var candidate = try await harness.candidates()[0]
            #expect(candidate.status == .queued)
            #expect(candidate.attempts == 0)
            #expect(candidate.lastCallID == nil)
            #expect(try await harness.calls().isEmpty)
            app.clock.advance(by: 2)
            #expect(await harness.tick(dialer).placed == 0)
            app.clock.advance(by: 1)
            #expect(await harness.tick(dialer).placed == 1)
            candidate = try await harness.candidates()[0]
            #expect(candidate.attempts == 1)
            #expect(try await app.database.auditLog(subjectType: "campaign_candidate").first?.action == "call.not_placed")
        }
    }

    @Test("401 or 402 pauses every batch with the reason, gives the attempt back, and shows in /healthz", arguments: [401, 402])
    func authOrBilling(_ status: Int) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3))
            let dialer = harness.dialer(concurrency: 1)
            await harness.retell.failNext(.createPhoneCall, with: .http(status, "no"))
            let report = await harness.tick(dialer)
            #expect(report.halted?.contains("(\(status))") == true)
            let batch = try await harness.batch()
            #expect(batch.status == .paused)
            #expect(batch.statusReason?.contains("(\(status))") == true)
            #expect(try await harness.candidates().allSatisfy { $0.attempts == 0 && $0.status == .queued })
            #expect(await harness.tick(dialer).placed == 0)
            let health = try await client.send(.get, "/healthz")
            #expect((health.object["dialing"] as? String)?.hasPrefix("paused: Retell") == true, "\(health.text)")
        }
    }

    @Test("A 400/422 about the number fails the call with Retell's message and ends the candidate bad_number")
    func refusedNumber() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            await harness.retell.failNext(.createPhoneCall, with: .http(400, "to_number is not a valid E.164 number"))
            #expect(await harness.tick(harness.dialer()).refused == 1)
            let call = try await harness.calls()[0]
            #expect(call.status == .failed)
            #expect(call.lastError == "to_number is not a valid E.164 number")
            let candidate = try await harness.candidates()[0]
            #expect(candidate.outcome == .badNumber)
            #expect(try await harness.batch().failedCalls == 1)
        }
    }

    @Test("No answer to create (5xx): the call is unknown, never dialled again, and the reconciler links it")
    func unknownThenReconciled() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let dialer = harness.dialer()
            await harness.retell.failNext(.createPhoneCall, with: .http(503, "upstream"), afterApplying: true)
            #expect(await harness.tick(dialer).unknown == 1)
            #expect(try await harness.calls()[0].status == .unknown)
            app.clock.advance(by: 600)
            #expect(await harness.tick(dialer).placed == 0)
            let reconciler = Reconciler(database: app.database, retell: harness.retell, clock: app.clock, logger: Logger(label: "test"))
            #expect(await reconciler.tick().linked == 1)
            let call = try await harness.calls()[0]
            #expect(call.status == .registered)
            #expect(call.retellCallID != nil)
            #expect(await harness.retell.createdCalls.count == 1)
            #expect(await harness.tick(dialer).placed == 0)
        }
    }

    @Test("A dialing row left by a crash becomes unknown at start-up and blocks a second dial")
    func interrupted() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            // A claim committed, then the process died before create-phone-call.
            let claimed = try await app.database.claim(
                campaignCandidateID: try await harness.candidates()[0].id, limits: DialLimits(concurrency: 5, callsPerSecond: 5),
                now: app.clock.now())
            guard case .claimed = claimed else { Issue.record("not claimed: \(claimed)"); return }
            #expect(try await app.database.markInterruptedDialsUnknown() == 1)
            #expect(try await harness.calls()[0].status == .unknown)
            #expect(await harness.tick(harness.dialer()).placed == 0)
            #expect(await harness.retell.createdCalls.isEmpty)
        }
    }

    @Test("A number with a call in flight in another campaign waits")
    func numberInFlight() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let first = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let second = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let report = await first.tick(first.dialer())
            #expect(report.placed == 1)
            #expect(report.skipped[.numberBusy] == 1)
            let both = try await first.candidates() + second.candidates()
            #expect(both.map(\.status.rawValue).sorted() == ["calling", "queued"])
            let waiting = try #require(both.first { $0.status == .queued })
            #expect(waiting.nextAttemptAt == app.clock.now().addingTimeInterval(300))
            #expect(waiting.attempts == 0)
        }
    }

    @Test("Pause stops dialing, resume starts it again, cancel sends queued candidates back to pending")
    func pauseResumeCancel() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(4))
            let dialer = harness.dialer(concurrency: 1)
            #expect(await harness.tick(dialer).placed == 1)
            let paused = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/pause", token: app.recruiterToken)
            #expect(paused.object["status"] as? String == "paused")
            try await harness.end(try await harness.calls()[0])
            #expect(await harness.tick(dialer).placed == 0)
            let again = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/pause", token: app.recruiterToken)
            #expect(again.status == .conflict)
            _ = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/resume", token: app.recruiterToken)
            #expect(await harness.tick(dialer).placed == 1)
            let cancelled = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken)
            #expect(cancelled.object["status"] as? String == "cancelled")
            let statuses = try await harness.candidates().map(\.status.rawValue)
            #expect(statuses == ["pending", "calling", "pending", "pending"])
            #expect(await harness.tick(dialer).placed == 0)
            // The call in flight finishes and is still recorded on the batch.
            try await harness.converse(try await harness.calls(status: [.registered])[0])
            #expect(try await harness.batch().completedCalls == 1)
            let actions = try await app.database.auditLog(subjectType: "batch").map(\.action)
            #expect(actions.sorted() == ["batch.cancel", "batch.pause", "batch.resume", "batch.start"])
        }
    }

    @Test("The batch's counters always equal a recount of its calls; it completes when every candidate is done")
    func countersAreRecounts() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(4),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":1,"retry_after_minutes":60}"#)
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 4)
            let calls = try await harness.calls()
            try await harness.converse(calls[0])
            try await harness.end(calls[1], reason: "dial_busy")
            try await harness.converse(calls[2], custom: #"{"available_to_work":true,"interested":false}"#)
            try await harness.end(calls[3], reason: "invalid_destination")
            let batch = try await harness.batch()
            let recount = try await app.database.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM retell_calls WHERE batch_id = ? AND call_status IN ('ended','analyzed')", arguments: [batch.id]),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM retell_calls WHERE batch_id = ? AND call_status IN ('not_connected','failed')", arguments: [batch.id]))
            }
            #expect(batch.completedCalls == recount.0)
            #expect(batch.failedCalls == recount.1)
            #expect(batch.completedCalls == 2)
            #expect(batch.failedCalls == 2)
            #expect(batch.status == .completed)
            #expect(try await harness.candidates().map { $0.outcome?.rawValue ?? "-" } == ["qualified", "unreachable", "not_interested", "bad_number"])
        }
    }

    @Test("More than half of the last 20 dials failing pauses the campaign with the reason; resuming starts a fresh window")
    func safetyPause() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(25),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":1,"retry_after_minutes":60}"#)
            let dialer = harness.dialer(concurrency: 20)
            #expect(await harness.tick(dialer).placed == 20)
            for (index, call) in try await harness.calls().enumerated() {
                try await harness.end(call, reason: index < 11 ? "dial_failed" : "dial_no_answer")
            }
            let report = await harness.tick(dialer)
            #expect(report.autoPaused == [harness.campaignID])
            #expect(report.placed == 0)
            let campaign = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken)
            #expect(campaign.object["status"] as? String == "paused")
            #expect((campaign.object["status_reason"] as? String)?.contains("11 of the last 20") == true)
            // Resuming needs a paused batch: pause, then resume.
            _ = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/pause", token: app.recruiterToken)
            _ = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/resume", token: app.recruiterToken)
            app.clock.advance(by: 1)
            let resumed = await harness.tick(dialer)
            #expect(resumed.autoPaused.isEmpty)
            #expect(resumed.placed == 5)
        }
    }
}

extension DialerTests {
    @Test("On the spring-forward Sunday a New York candidate is dialled from 08:00 EDT, not 08:00 EST")
    func dstDay() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: [("+12125550101", "America/New_York")],
                calling: #"{"timezone":"America/Chicago","window_start":"08:00","window_end":"18:00","days":["sun"],"max_attempts":3,"retry_after_minutes":60}"#,
                at: Date(timeIntervalSince1970: 1_772_971_140))  // 2026-03-08T11:59:00Z = 07:59 EDT (06:59 EST the day before)
            let dialer = harness.dialer()
            let early = await harness.tick(dialer)
            #expect(early.placed == 0)
            #expect(early.skipped[.outsideHours] == 1)
            #expect(try await harness.candidates()[0].nextAttemptAt == Date(timeIntervalSince1970: 1_772_971_200))  // 08:00 EDT
            app.clock.set(Date(timeIntervalSince1970: 1_772_971_200))
            #expect(await harness.tick(dialer).placed == 1)
        }
    }
}
