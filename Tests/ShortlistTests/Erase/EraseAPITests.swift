import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

/// Erase and subject access through the JSON API and the admin page, over the in-memory database.
@Suite("Erase: API, page and export")
struct EraseAPITests {
    /// A candidate with one analysed call (transcript, answers, recording URL) and a decision note.
    static func analysedSeed(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (seed: CallSeed, person: String) {
        let seed = try await CallSeed.make(app, client: client)
        for event in ["call_started", "call_ended"] {
            _ = try await Hook.post(client, Hook.body(event, status: event == "call_started" ? "ongoing" : "ended", reason: "user_hangup"), app: app)
        }
        let custom = #"{"available_to_work":true,"interested":true,"has_license":true,"expected_salary":52000,"shift":"day shifts please"}"#
        let analysed = try await Hook.post(client, Hook.body("call_analyzed", status: "ended", reason: "user_hangup", custom: custom), app: app)
        #expect(analysed.status == .noContent)
        let note = try await client.send(.patch, "/api/v1/campaign-candidates/\(seed.candidateID)", token: app.recruiterToken,
                                         json: #"{"decision":"interview","decision_note":"Jane prefers mornings"}"#)
        #expect(note.status == .ok, "\(note.text)")
        let person = try await app.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT candidate_id FROM campaign_candidates WHERE id = ?", arguments: [seed.candidateID])
        }
        return (seed, try #require(person))
    }

    @Test("DELETE erases the person's details, analysis text and raw bodies, keeps the counts, queues the Retell deletion and leaves a tombstone")
    func eraseThroughAPI() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let (seed, person) = try await Self.analysedSeed(app, client)
            let before = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/report", token: app.adminToken)
            let response = try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken)
            #expect(response.status == .noContent, "\(response.text)")
            let after = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/report", token: app.adminToken)
            #expect(before.text == after.text)

            let stored = try await app.database.writer.read { db in try #require(try CandidateRecord.fetchOne(db, key: person)) }
            #expect(stored.fullName == "Erased" && stored.email == nil && stored.erasedAt == app.clock.now())
            #expect(ErasedPerson.isTombstone(stored.phone))
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.transcript == nil && analysis.callSummary == nil && analysis.recordingURL == nil)
            #expect(analysis.availableToWork == true && analysis.interested == true)
            #expect(analysis.customResponses == #"{"expected_salary":52000,"has_license":true}"#)
            let call = try await seed.call(app)
            #expect(call.phoneNumber == "" && call.status == .analyzed && call.durationSeconds == 95)
            let membership = try await seed.candidate(app)
            #expect(membership.decisionNote == nil && membership.decision == .interview && membership.qualified == true)
            let payloads = try await app.database.writer.read { db in
                try Data.fetchAll(db, sql: "SELECT payload FROM webhook_events WHERE retell_call_id = 'call_test_1'")
            }
            #expect(payloads.count == 3 && payloads.allSatisfy(\.isEmpty))
            let shortlisted = try await app.database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT full_name FROM shortlist_entries")
            }
            #expect(shortlisted == ["Erased"])
            let work = try await app.database.dueWork(now: app.clock.now(), limit: 10)
            #expect(work.map(\.kind) == [.deleteRetellCall] && work.map(\.subject) == ["call_test_1"])

            let tombstone = try #require(try await app.database.auditLog(subjectType: "candidate", subjectID: person).first)
            #expect(tombstone.action == "candidate.erased" && tombstone.actorLabel == "token:admin")
            #expect(tombstone.detail == #"{"calls":"1","campaigns":"1","dnc_kept_as_hash":"no","retell_deletions":"1"}"#)
            let everything = try await app.database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT detail FROM audit_log").joined()
            }
            #expect(!everything.contains("0134") && !everything.contains("Jane"))

            // Lists and the CSV show the row (the counts need it) without anything personal.
            let list = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/candidates", token: app.adminToken)
            let row = try #require((list.object["items"] as? [[String: Any]])?.first)
            #expect(row["full_name"] as? String == "Erased" && row["phone"] as? String == "")
            let csv = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/results.csv", token: app.adminToken)
            #expect(csv.status == .ok && csv.text.contains("Erased") && !csv.text.contains("Jane") && !csv.text.contains("erased-"))

            // Again: nothing left to do, still 204, no second tombstone.
            #expect(try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken).status == .noContent)
            #expect(try await app.database.auditLog(subjectType: "candidate", subjectID: person).count == 1)
        }
    }

    @Test("Only admins erase or export (403), an unknown person is 404, and a person on a call or awaiting its analysis is 409 in words")
    func refusals() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let person = try await app.database.writer.read { db in
                try #require(try String.fetchOne(db, sql: "SELECT candidate_id FROM campaign_candidates WHERE id = ?", arguments: [seed.candidateID]))
            }
            let recruiter = try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.recruiterToken)
            #expect(recruiter.status == .forbidden && recruiter.text.contains("only an admin may erase"))
            #expect(try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.viewerToken).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/candidates/\(person)/export", token: app.recruiterToken).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v1/candidates/nobody", token: app.adminToken).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/candidates/nobody/export", token: app.adminToken).status == .notFound)
            let busy = try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken)
            #expect(busy.status == .conflict)
            #expect(busy.text.contains("this person is on a call, or Retell has not yet sent the analysis of their last call"))
            // Ended but not analysed: the analysis would bring the transcript back, so still 409.
            _ = try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app)
            #expect(try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken).status == .conflict)
            let kept = try await app.database.writer.read { db in try #require(try CandidateRecord.fetchOne(db, key: person)) }
            #expect(kept.fullName == "Jane Doe" && kept.erasedAt == nil)
            _ = try await Hook.post(client, Hook.body("call_analyzed", status: "ended", reason: "user_hangup"), app: app)
            #expect(try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken).status == .noContent)
        }
    }

    @Test("The export gives the person, each campaign, each call with its analysis and the audit rows; after the erase it says so and holds nothing personal")
    func export() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let (seed, person) = try await Self.analysedSeed(app, client)
            let export = try await client.send(.get, "/api/v1/candidates/\(person)/export", token: app.adminToken)
            #expect(export.status == .ok)
            let candidate = try #require(export.object["candidate"] as? [String: Any])
            #expect(candidate["full_name"] as? String == "Jane Doe" && candidate["phone"] as? String == "+15125550134")
            #expect(candidate["erased"] as? Bool == false && export.object["on_do_not_call_list"] as? Bool == false)
            let campaigns = try #require(export.object["campaigns"] as? [[String: Any]])
            #expect(campaigns.count == 1 && campaigns[0]["decision"] as? String == "interview")
            #expect(campaigns[0]["decision_note"] as? String == "Jane prefers mornings" && campaigns[0]["campaign_id"] as? String == seed.campaignID)
            let calls = try #require(export.object["calls"] as? [[String: Any]])
            let analysis = try #require(calls.first?["analysis"] as? [String: Any])
            #expect(analysis["transcript"] as? String == "Agent: Hello\nUser: Hi")
            #expect((analysis["answers"] as? [String: Any])?["shift"] as? String == "day shifts please")
            #expect(calls.first?["recording_kept"] as? Bool == false)
            #expect(!export.text.contains("r.example"))
            let audit = try #require(export.object["audit"] as? [[String: Any]])
            #expect(audit.contains { $0["action"] as? String == "candidate.decision" })

            #expect(try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken).status == .noContent)
            let after = try await client.send(.get, "/api/v1/candidates/\(person)/export", token: app.adminToken)
            let erased = try #require(after.object["candidate"] as? [String: Any])
            #expect(erased["erased"] as? Bool == true && erased["status"] as? String == "Erased on 18 Nov 2026")
            #expect(erased["full_name"] is NSNull && erased["phone"] is NSNull)
            #expect(!after.text.contains("Jane") && !after.text.contains("0134") && !after.text.contains("Hello"))
        }
    }

    @Test("An admin erases from the candidate page after typing ERASE (no script needed); the page then says Erased on the date; others get 403")
    func erasePage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (seed, person) = try await Self.analysedSeed(app, client)
            _ = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"+15125550134","reason":"Jane asked"}"#)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let page = String(buffer: try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(page.contains(#"<a href="/candidates/\#(seed.candidateID)/erase">Erase this person…</a>"#))
            let confirm = try await client.execute(uri: "/candidates/\(seed.candidateID)/erase", method: .get, headers: [.cookie: admin.cookie])
            #expect(confirm.status == .ok)
            #expect(String(buffer: confirm.body).contains("Type ERASE to confirm"))

            let unconfirmed = try await SignInPagesTests.post(
                client, "/candidates/\(seed.candidateID)/erase", form: [("_csrf", admin.csrf), ("confirm", "erase")], cookie: admin.cookie)
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(String(buffer: unconfirmed.body).contains("Type ERASE in capitals to confirm."))
            let noToken = try await SignInPagesTests.post(
                client, "/candidates/\(seed.candidateID)/erase", form: [("confirm", "ERASE")], cookie: admin.cookie)
            #expect(noToken.status == .forbidden)

            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let refused = try await SignInPagesTests.post(
                client, "/candidates/\(seed.candidateID)/erase", form: [("_csrf", recruiter.csrf), ("confirm", "ERASE")], cookie: recruiter.cookie)
            #expect(refused.status == .forbidden)
            let recruiterPage = String(buffer: try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: recruiter.cookie]).body)
            #expect(!recruiterPage.contains("Erase this person"))
            #expect(try await app.database.writer.read { db in try CandidateRecord.fetchOne(db, key: person)?.erasedAt } == nil)

            let erased = try await SignInPagesTests.post(
                client, "/candidates/\(seed.candidateID)/erase", form: [("_csrf", admin.csrf), ("confirm", "ERASE")], cookie: admin.cookie)
            #expect(erased.status == .seeOther && erased.headers[.location] == "/candidates/\(seed.candidateID)")
            let shown = String(buffer: try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(shown.contains("Erased on 18 Nov 2026: their details, transcripts and recordings are gone"))
            #expect(!shown.contains("Jane") && !shown.contains("0134") && !shown.contains("Hello") && !shown.contains("Erase this person"))
            #expect(!shown.contains("Transcript") && !shown.contains("Keen, licensed."))
            let tombstone = try #require(try await app.database.auditLog(subjectType: "candidate", subjectID: person).first)
            #expect(tombstone.action == "candidate.erased" && tombstone.actorLabel == "admin@agency.example")
            #expect(tombstone.detail.contains(#""dnc_kept_as_hash":"yes""#))
            let dnc = String(buffer: try await client.execute(uri: "/dnc", method: .get, headers: [.cookie: recruiter.cookie]).body)
            #expect(dnc.contains("<p>The list is empty.</p><p>Also on the list: 1 number of an erased person is kept only as a code that cannot be read back, so they are never called again.</p>"))
            #expect(!dnc.contains("0134"))
        }
    }

    @Test("A queued person who is erased leaves the queue finished (no outcome), the batch counts them, and the dialer never calls them")
    func queuedPersonNeverDialled() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let queued = try await harness.candidates()
            #expect(queued.allSatisfy { $0.status == .queued })
            let erased = try await client.send(.delete, "/api/v1/candidates/\(queued[0].candidateID)", token: app.adminToken)
            #expect(erased.status == .noContent, "\(erased.text)")
            let after = try await harness.candidates()
            #expect(after[0].status == .completed && after[0].outcome == nil && after[0].nextAttemptAt == nil)
            #expect(try await harness.batch().finishedCandidates == 1)
            _ = await harness.tick(harness.dialer())
            #expect(await harness.placedNumbers() == ["+15125551001"])
        }
    }
}
