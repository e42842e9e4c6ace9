import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Webhook receiver: applying events")
struct WebhookApplyTests {
    static let qualifyingAnswers = #"{"available_to_work":true,"interested":true,"know_referee":false,"has_license":true,"expected_salary":42000,"shift":"night","sentiment_score":0.9,"key_points":"- Has a licence\n- Can start Monday","objections":"","next_steps":"Recruiter to call"}"#
    static let started = Hook.body("call_started", status: "ongoing")
    static let ended = Hook.body("call_ended", status: "ended", reason: "user_hangup")
    static let analyzed = Hook.body("call_analyzed", status: "ended", reason: "user_hangup", custom: qualifyingAnswers)

    @Test("A full call lands in one state with its fields, analysis and a qualified candidate")
    func fullCall() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            for body in [Self.started, Self.ended, Self.analyzed] {
                #expect(try await Hook.post(client, body, app: app).status == .noContent)
            }
            let call = try await seed.call(app)
            #expect(call.status == .analyzed)
            #expect(call.durationSeconds == 95)
            #expect(call.costCents == 32)
            #expect(call.disconnectionReason == "user_hangup")
            #expect(call.startedAt == Date(timeIntervalSince1970: 1_795_000_000))
            #expect(call.retellAgentVersion == 3)
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.availableToWork == true && analysis.interested == true && analysis.knowReferee == false)
            #expect(analysis.sentimentScore == 0.9)
            #expect(analysis.keyPoints == #"["Has a licence","Can start Monday"]"#)
            #expect(analysis.objections == "[]")
            #expect(analysis.transcript == "Agent: Hello\nUser: Hi")
            // Retell's recording address is not kept: the recording job asks for a fresh one.
            #expect(analysis.recordingURL == nil && analysis.publicLogURL == nil)
            #expect(analysis.customResponses == #"{"expected_salary":42000,"has_license":true,"shift":"night"}"#)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .completed)
            #expect(candidate.outcome == .qualified)
            #expect(candidate.qualified == true)
        }
    }

    @Test("All six orders of started, ended and analyzed end in the same state", arguments: [
        [0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0],
    ])
    func orders(_ order: [Int]) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let bodies = [Self.started, Self.ended, Self.analyzed]
            for index in order { #expect(try await Hook.post(client, bodies[index], app: app).status == .noContent) }
            let call = try await seed.call(app)
            #expect(call.status == .analyzed)
            #expect(call.durationSeconds == 95)
            #expect(call.endedAt == Date(timeIntervalSince1970: 1_795_000_095))
            #expect(try await seed.candidate(app).outcome == .qualified)
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")
        }
    }

    @Test("A duplicate is acknowledged and not applied twice, sequentially and concurrently")
    func duplicates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Self.ended, app: app).status == .noContent)
            #expect(try await Hook.post(client, Self.ended, app: app).status == .noContent)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 { group.addTask { try await Hook.post(client, Self.analyzed, app: app).status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .noContent })
            let stored = try await app.database.webhookEvents(retellCallID: "call_test_1")
            #expect(stored.map(\.event) == ["call_ended", "call_analyzed"])
            let audits = try await app.database.auditLog(limit: 1_000).filter { $0.action == "dnc.add" }
            #expect(audits.isEmpty)
            #expect(try await seed.candidate(app).outcome == .qualified)
        }
    }

    @Test("A call that never connects has no call_started and goes back in the queue for later")
    func notConnected() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let ended = Hook.body("call_ended", status: "not_connected", reason: "dial_no_answer")
            #expect(try await Hook.post(client, ended, app: app).status == .noContent)
            let call = try await seed.call(app)
            #expect(call.status == .notConnected)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .queued)
            // Now is 06:06 in New York; an hour later is still before the 09:00 window, so the
            // retry moves to 09:00 (14:00 UTC).
            #expect(candidate.nextAttemptAt == Date(timeIntervalSince1970: 1_795_010_400))
            let analyzed = Hook.body("call_analyzed", status: "not_connected", reason: "dial_no_answer")
            #expect(try await Hook.post(client, analyzed, app: app).status == .noContent)
            #expect(try await seed.call(app).status == .notConnected)
            #expect(try await seed.candidate(app).status == .queued)
        }
    }

    @Test("The last no-answer attempt makes the candidate unreachable; a bad number is bad_number")
    func unreachableAndBadNumber() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, attempts: 3, maxAttempts: 3)
            _ = try await Hook.post(client, Hook.body("call_ended", status: "not_connected", reason: "dial_busy"), app: app)
            #expect(try await seed.candidate(app).outcome == .unreachable)
        }
        let other = try await TestApp.make()
        try await other.test { client in
            let seed = try await CallSeed.make(other, client: client)
            _ = try await Hook.post(client, Hook.body("call_ended", status: "not_connected", reason: "invalid_destination"), app: other)
            let candidate = try await seed.candidate(other)
            #expect(candidate.outcome == .badNumber)
            #expect(candidate.status == .completed)
        }
    }

    @Test("An opt-out puts the number on the do-not-call list with the call as its source")
    func optOut() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let body = Hook.body("call_analyzed", status: "ended", reason: "user_requested_dnc", custom: #"{"opted_out":"true"}"#)
            #expect(try await Hook.post(client, body, app: app).status == .noContent)
            #expect(try await seed.candidate(app).outcome == .doNotCall)
            let entry = try await app.database.writer.read { db in try DNCNumberRecord.fetchOne(db) }
            #expect(entry?.phone == seed.phone)
            #expect(entry?.source == .call)
            #expect(entry?.sourceCallID == seed.callID)
        }
    }

    @Test("String-typed custom values are read; missing keys stay null, never false")
    func valueTypes() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let custom = #"{"available_to_work":"true","interested":"yes","has_license":"true","expected_salary":"75,000"}"#
            _ = try await Hook.post(client, Hook.body("call_analyzed", status: "ended", reason: "user_hangup", custom: custom), app: app)
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.availableToWork == true)
            #expect(analysis.interested == true)
            #expect(analysis.knowReferee == nil)
            #expect(analysis.optedOut == nil)
            #expect(analysis.sentimentScore == 0.8)  // from "Positive"
            let candidate = try await seed.candidate(app)
            #expect(candidate.outcome == .notQualified)  // 75,000 is above the knock-out maximum
            #expect(candidate.qualified == false)
        }
    }

    @Test("A webhook that beats the create-phone-call answer finds the call by our id and links Retell's")
    func beatsCreateResponse() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: nil)
            #expect(try await Hook.post(client, Hook.body("call_started", callID: "call_late_1", status: "ongoing"), app: app).status == .noContent)
            let call = try await seed.call(app)
            #expect(call.retellCallID == "call_late_1")
            #expect(call.status == .ongoing)
        }
    }

    @Test("Events for calls we do not know and events we do not apply are stored and acknowledged")
    func unknownAndIgnored() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            _ = try await CallSeed.make(app, client: client)
            let stranger = Hook.body("call_started", callID: "call_stranger", status: "ongoing", metadata: nil)
            #expect(try await Hook.post(client, stranger, app: app).status == .noContent)
            let transcript = Hook.body("transcript_updated", status: "ongoing")
            #expect(try await Hook.post(client, transcript, app: app).status == .noContent)
            let outcomes = try await app.database.writer.read { db in try WebhookEventRecord.fetchAll(db).map { $0.outcome?.rawValue ?? "" } }
            #expect(Set(outcomes) == ["unknown_call", "ignored_event"])
        }
    }

    @Test("If the database does not take the event the answer is 503, so Retell retries")
    func databaseFailure() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            try await app.database.writer.write { db in
                try db.execute(sql: "CREATE TRIGGER no_events BEFORE INSERT ON webhook_events BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            }
            #expect(try await Hook.post(client, Self.ended, app: app).status == .serviceUnavailable)
            #expect(try await seed.call(app).status == .registered)
        }
    }
}
