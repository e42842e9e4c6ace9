import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Consent: the check right before each dial")
struct ConsentDialerTests {
    @Test("Turning the setting on gives back queued candidates without a basis at once; the claim catches consent cleared later; nobody without one is dialled")
    func claimTimeCheck() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let rows: [(String, String?)] = [("+15125551000", "web form"), ("+15125551001", nil), ("+15125551002", "verbal")]
            let id = try await ConsentSetup.make(app, client, rows: rows, requireConsent: nil)
            let started = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            let batchID = try #require(started.object["id"] as? String)
            #expect(started.object["total_candidates"] as? Int == 3)
            let harness = DialerHarness(app: app, client: client, campaignID: id, batchID: batchID)

            // All three are queued; the setting goes on: the second person, without consent, leaves the batch at once.
            let patched = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":true}"#)
            #expect(patched.status == .ok)
            #expect(try await harness.candidates().map(\.status) == [.queued, .pending, .queued])
            #expect(try await harness.batch().totalCandidates == 2)
            let audit = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT detail FROM audit_log WHERE action = 'campaign.update' ORDER BY rowid DESC LIMIT 1")
            }
            #expect(audit?.contains(#""released_without_consent":"1""#) == true, "\(audit ?? "")")
            let preview = try await client.send(.get, "/api/v1/campaigns/\(id)/preview", token: app.viewerToken)
            #expect(preview.object["skipped"] as? [String: Int] == ["no_consent": 1, "in_running_batch": 2], "\(preview.text)")

            // The third person's consent is cleared while they are queued: the claim catches it.
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE candidates SET consent = NULL WHERE phone = '+15125551002'")
            }
            let report = await harness.tick(harness.dialer())
            #expect(report.placed == 1)
            #expect(report.skipped[.noConsent] == 1)
            #expect(await harness.placedNumbers() == ["+15125551000"])
            let people = try await harness.candidates()
            #expect(people.map(\.status) == [.calling, .pending, .pending])
            // No attempt spent, out of the batch, nothing left due: the dialer sleeps until a call ends.
            #expect(people[1].attempts == 0 && people[2].attempts == 0)
            #expect(people[1].batchID == nil && people[2].batchID == nil)
            #expect(people[1].nextAttemptAt == nil)
            #expect(report.nextWake == nil)
            #expect(try await harness.batch().totalCandidates == 1)

            // The batch finishes with the one it still holds.
            let call = try #require(try await harness.calls(status: [.registered]).first)
            try await harness.converse(call)
            let batch = try await harness.batch()
            #expect(batch.status == .completed)
            #expect(batch.finishedCandidates == 1)
            #expect(await harness.tick(harness.dialer()).placed == 0)
            #expect(await harness.placedNumbers() == ["+15125551000"])
        }
    }

    @Test("A candidate sent back for lack of consent is called by a later batch once their consent is recorded")
    func calledOnceConsentIsRecorded() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [("+15125551001", nil)], requireConsent: nil)
            let started = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            let harness = DialerHarness(app: app, client: client, campaignID: id, batchID: try #require(started.object["id"] as? String))
            let patched = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":true}"#)
            // The batch held nobody else: it is done, and the campaign with it.
            #expect(try await harness.batch().status == .completed)
            #expect(patched.object["status"] as? String == "completed", "\(patched.text)")
            #expect(await harness.tick(harness.dialer()).placed == 0)

            try await ConsentSetup.importRows(app, client, campaignID: id, rows: [("+15125551001", "email reply 2026-11-18")])
            let preview = try await client.send(.get, "/api/v1/campaigns/\(id)/preview", token: app.viewerToken)
            #expect(preview.object["eligible"] as? Int == 1, "\(preview.text)")
            let again = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            #expect(again.status == .created, "\(again.text)")
            #expect(await harness.tick(harness.dialer()).placed == 1)
            #expect(await harness.placedNumbers() == ["+15125551001"])
            #expect(try await harness.candidates().first?.attempts == 1)
        }
    }

    @Test("Candidates of a paused batch are given back too when the setting goes on, and resuming dials only those with consent")
    func pausedBatch() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let rows: [(String, String?)] = [("+15125551000", nil), ("+15125551001", "web form")]
            let id = try await ConsentSetup.make(app, client, rows: rows, requireConsent: nil)
            let started = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            let batchID = try #require(started.object["id"] as? String)
            let harness = DialerHarness(app: app, client: client, campaignID: id, batchID: batchID)
            #expect(try await client.send(.post, "/api/v1/batches/\(batchID)/pause", token: app.recruiterToken).status == .ok)
            _ = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":true}"#)
            #expect(try await harness.candidates().map(\.status) == [.pending, .queued])
            let batch = try await harness.batch()
            #expect(batch.status == .paused && batch.totalCandidates == 1)
            #expect(try await client.send(.post, "/api/v1/batches/\(batchID)/resume", token: app.recruiterToken).status == .ok)
            #expect(await harness.tick(harness.dialer()).placed == 1)
            #expect(await harness.placedNumbers() == ["+15125551001"])
        }
    }
}
