import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Consent: the campaign setting over the API")
struct ConsentAPITests {
    @Test("require_consent is off unless asked for, is set on create and by PATCH, and leaves the agent up to date")
    func setting() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let off = try await ConsentSetup.make(app, client, rows: [], requireConsent: nil)
            let shown = try await client.send(.get, "/api/v1/campaigns/\(off)", token: app.viewerToken)
            #expect(shown.object["require_consent"] as? Bool == false)

            let patched = try await ConsentSetup.patch(app, client, campaignID: off, json: #"{"require_consent":true}"#)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.object["require_consent"] as? Bool == true)
            // It changes who is called, not what is asked: the agent stays current and calls are not paused.
            let agent = try #require(patched.object["agent"] as? [String: Any])
            #expect(agent["up_to_date"] as? Bool == true)
            #expect(try await app.database.campaign(id: off)?.campaign.requireConsent == true)
            let audit = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT detail FROM audit_log WHERE action = 'campaign.update' ORDER BY rowid DESC LIMIT 1")
            }
            #expect(audit?.contains("require_consent") == true)

            // Other changes leave it alone; false turns it off.
            _ = try await ConsentSetup.patch(app, client, campaignID: off, json: #"{"name":"Renamed"}"#)
            #expect(try await app.database.campaign(id: off)?.campaign.requireConsent == true)
            _ = try await ConsentSetup.patch(app, client, campaignID: off, json: #"{"require_consent":false}"#)
            #expect(try await app.database.campaign(id: off)?.campaign.requireConsent == false)

            let on = try await ConsentSetup.make(app, client, rows: [], requireConsent: true)
            #expect(try await app.database.campaign(id: on)?.campaign.requireConsent == true)
        }
    }

    @Test("A require_consent that is not true or false is refused with an error naming the field, on create and on PATCH")
    func validation() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [], requireConsent: nil)
            for value in [#""yes""#, "1", "[]", "{}"] {
                let response = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":\#(value)}"#)
                #expect(response.status == .unprocessableContent, "\(value): \(response.text)")
                #expect(response.errorField == "require_consent", "\(value): \(response.text)")
                #expect(response.text.contains("true or false"))
            }
            let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Cook"}"#)
            let jobID = try #require(job.object["id"] as? String)
            let created = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken,
                                                json: #"{"name":"X","job_id":"\#(jobID)","require_consent":"on"}"#)
            #expect(created.status == .unprocessableContent)
            #expect(created.errorField == "require_consent")
            #expect(try await app.database.campaign(id: id)?.campaign.requireConsent == false)
        }
    }
}

@Suite("Consent: import, dry run and batches")
struct ConsentImportTests {
    @Test("An imported row without a source is kept with how it came in and by whom; a row's own source is kept")
    func defaultSource() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [("+15125551000", "web form")], requireConsent: nil)
            let csv = "full_name,phone,source\r\nAna,+15125551001,referral\r\nBo,+15125551002,\r\n"
            let response = try await client.send(.post, "/api/v1/campaigns/\(id)/candidates", token: app.adminToken, body: csv, contentType: "text/csv")
            #expect(response.object["imported"] as? Int == 2, "\(response.text)")
            let sources = try await app.database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT phone, consent, source FROM candidates ORDER BY phone")
                    .map { "\($0["phone"] as String) \(($0["consent"] as String?) ?? "-") \($0["source"] as String)" }
            }
            #expect(sources == [
                "+15125551000 web form json import by token:recruiter",
                "+15125551001 - referral",
                "+15125551002 - csv import by token:admin",
            ])
        }
    }

    @Test("A consent column saying no is rejected with the row and field named; importing again with consent filled in records it")
    func refusalsAndReimport() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [("+15125551000", nil)], requireConsent: true)
            let csv = "full_name,phone,consent\r\nAna,+15125551000,verbal 2026-11-01\r\nBo,+15125551002,No\r\n"
            let response = try await client.send(.post, "/api/v1/campaigns/\(id)/candidates", token: app.recruiterToken, body: csv, contentType: "text/csv")
            #expect(response.status == .ok, "\(response.text)")
            let rejected = try #require(response.object["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1)
            #expect(rejected.first?["row"] as? Int == 3)
            #expect(rejected.first?["field"] as? String == "consent")
            #expect((rejected.first?["reason"] as? String)?.contains("no consent") == true)
            // Ana was already in the campaign: reported as a duplicate, and her consent is now recorded.
            #expect(response.object["duplicates"] as? Int == 1)
            let consent = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT consent FROM candidates WHERE phone = '+15125551000'")
            }
            #expect(consent == "verbal 2026-11-01")
        }
    }

    @Test("The dry run counts candidates without a consent basis only when the campaign requires one")
    func preview() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let rows: [(String, String?)] = [("+15125551000", "web form"), ("+15125551001", nil), ("+15125551002", nil)]
            let id = try await ConsentSetup.make(app, client, rows: rows, requireConsent: nil)
            let before = try await client.send(.get, "/api/v1/campaigns/\(id)/preview", token: app.viewerToken)
            #expect(before.object["eligible"] as? Int == 3)
            #expect(before.object["skipped"] as? [String: Int] == [:])

            _ = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":true}"#)
            let after = try await client.send(.get, "/api/v1/campaigns/\(id)/preview", token: app.viewerToken)
            #expect(after.object["eligible"] as? Int == 1, "\(after.text)")
            #expect(after.object["skipped"] as? [String: Int] == ["no_consent": 2])
        }
    }

    @Test("A batch started on a campaign that requires consent queues only candidates with a basis; naming one without is refused")
    func batches() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let rows: [(String, String?)] = [("+15125551000", "web form"), ("+15125551001", nil)]
            let id = try await ConsentSetup.make(app, client, rows: rows, requireConsent: true)
            let people = try await app.database.campaignCandidates(campaignID: id, status: nil, after: nil, limit: 10).items
            let named = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken,
                                              json: #"{"candidate_ids":["\#(people[1].id)"]}"#)
            #expect(named.status == .unprocessableContent)
            #expect(named.errorField == "candidate_ids")
            #expect(named.text.contains("no consent basis"))

            let batch = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            #expect(batch.status == .created, "\(batch.text)")
            #expect(batch.object["total_candidates"] as? Int == 1)
            let statuses = try await app.database.campaignCandidates(campaignID: id, status: nil, after: nil, limit: 10).items.map(\.status)
            #expect(statuses == ["queued", "pending"])

            let again = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("or have no consent basis"))
        }
    }
}
