import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Candidate import API")
struct CandidateImportAPITests {
    static let csv = "\u{FEFF}Phone,FULL_NAME,email,timezone,external_id,consent,shift\r\n"
        + "(512) 555-0134,\"Doe, Jane\",jane@example.com,America/Chicago,ATS-1,web form,night\r\n"
        + "512 555 0135,\"Smith\r\nJohn\",,,,,\r\n"
        + "12,Short Number,,,,,\r\n"
        + "+1 512-555-0134,Jane Again,,,,,\r\n"
        + "512-555-0136,Bad Zone,,Mars/Base,,,\r\n"
        + "512-555-0137,Too,Many,Fields,,,,x\r\n"
        + "\r\n"
        + "512-555-0138,\"Quote \"\"Q\"\" Person\",q@example.com,,,,\r\n"

    @Test("A CSV import normalises phones, keeps extras and consent, and reports rejected and duplicate rows")
    func csvImport() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let response = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken,
                body: Self.csv, contentType: "text/csv; charset=utf-8")
            #expect(response.status == .ok, "\(response.text)")
            let result = response.object
            #expect(result["imported"] as? Int == 3)
            #expect(result["duplicates"] as? Int == 1)
            let rejected = try #require(result["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["row"] as? Int } == [4, 6, 7])
            #expect(rejected.map { $0["field"] as? String } == ["phone", "timezone", nil])
            let duplicates = try #require(result["duplicate_rows"] as? [[String: Any]])
            #expect(duplicates.first?["row"] as? Int == 5)
            #expect(duplicates.first?["reason"] as? String == "same phone as row 2")

            let list = try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken).object
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.map { $0["full_name"] as? String } == ["Doe, Jane", "Smith\r\nJohn", "Quote \"Q\" Person"])
            #expect(items.map { $0["phone"] as? String } == ["+15125550134", "+15125550135", "+15125550138"])
            #expect(items.allSatisfy { $0["status"] as? String == "pending" && $0["attempts"] as? Int == 0 })

            let stored = try await app.database.writer.read { db in
                try CandidateRecord.filter(Column("phone") == "+15125550134").fetchOne(db)
            }
            #expect(stored?.attributes == #"{"shift":"night"}"#)
            #expect(stored?.consent == "web form")
            #expect(stored?.externalID == "ATS-1")
            #expect(stored?.timezone == "America/Chicago")
            let audit = try await app.database.auditLog(subjectType: "campaign", subjectID: ids.campaign)
            #expect(audit.first?.action == "candidates.import")
        }
    }

    @Test("Importing the same file again adds nobody and reports every row as already in the campaign")
    func reimportIsDuplicates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let body = "full_name,phone\nA,+14155550123\nB,+14155550124\n"
            let path = "/api/v1/campaigns/\(ids.campaign)/candidates"
            _ = try await client.send(.post, path, token: app.recruiterToken, body: body, contentType: "text/csv")
            let again = try await client.send(.post, path, token: app.recruiterToken, body: body, contentType: "text/csv").object
            #expect(again["imported"] as? Int == 0)
            #expect(again["duplicates"] as? Int == 2)
            #expect((again["duplicate_rows"] as? [[String: Any]])?.map { $0["reason"] as? String }
                    == ["already in this campaign", "already in this campaign"])
        }
    }

    @Test("A person already known from another campaign is linked, not created twice")
    func knownPersonIsLinked() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let first = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let second = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            _ = try await client.send(.post, "/api/v1/campaigns/\(first.campaign)/candidates", token: app.recruiterToken,
                                      json: #"[{"full_name":"Ann","phone":"+14155550123"}]"#)
            let result = try await client.send(
                .post, "/api/v1/campaigns/\(second.campaign)/candidates", token: app.recruiterToken,
                json: #"[{"full_name":"Ann B","phone":"4155550123","email":"ann@example.com"}]"#).object
            #expect(result["imported"] as? Int == 1)
            let people = try await app.database.writer.read { db in try CandidateRecord.fetchAll(db) }
            #expect(people.count == 1)
            #expect(people.first?.fullName == "Ann")
            #expect(people.first?.email == "ann@example.com")
        }
    }

    @Test("A JSON import keeps extra keys as attributes and rejects rows that are not flat objects")
    func jsonImport() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let body = #"""
            [{"full_name":"A","phone":"+14155550123","years":4,"forklift":true},
             {"full_name":"B","phone":"+14155550124","tags":["x"]},
             "not an object",
             {"full_name":"C","phone":14155550125},
             {"phone":"+14155550126"}]
            """#
            let result = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken, json: body).object
            #expect(result["imported"] as? Int == 2)
            let rejected = try #require(result["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["row"] as? Int } == [2, 3, 5])
            #expect(rejected.map { $0["field"] as? String } == ["tags", "row", "full_name"])
            let stored = try await app.database.writer.read { db in
                try CandidateRecord.filter(Column("phone") == "+14155550123").fetchOne(db)
            }
            #expect(stored?.attributes == #"{"forklift":"true","years":"4"}"#)
        }
    }

    @Test("A database error part-way through rolls the whole import back")
    func databaseErrorRollsBack() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER fail_third AFTER INSERT ON campaign_candidates WHEN NEW.seq = 3
                    BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                    """)
            }
            let body = (0..<5).map { "P\($0),+1415555012\($0)" }.joined(separator: "\n")
            let response = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken,
                body: "full_name,phone\n" + body, contentType: "text/csv")
            #expect(response.status == .internalServerError)
            #expect(!response.text.contains("disk trouble"))
            let counts = try await app.database.writer.read { db in
                (try CandidateRecord.fetchCount(db), try CampaignCandidateRecord.fetchCount(db))
            }
            #expect(counts.0 == 0 && counts.1 == 0)
        }
    }

    @Test("More than 100,000 rows is refused with 413 and nothing stored")
    func tooManyRows() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            var body = "full_name,phone\n"
            for index in 0...CandidateImport.maxRows { body += "P,+1415\(String(format: "%07d", index))\n" }
            let response = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken, body: body, contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
            #expect(try await app.database.writer.read { db in try CandidateRecord.fetchCount(db) } == 0)
        }
    }

    @Test("A body over 10 MiB is refused with 413")
    func tooManyBytes() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let body = "full_name,phone\n" + String(repeating: "x", count: CandidateImport.maxBytes)
            let response = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken, body: body, contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test("The candidate list filters by status and pages with a cursor")
    func listPaging() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let body = (0..<5).map { "P\($0),+1415555013\($0)" }.joined(separator: "\n")
            _ = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken,
                                      body: "full_name,phone\n" + body, contentType: "text/csv")
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE campaign_candidates SET status = 'queued' WHERE seq IN (2, 4)")
            }
            let path = "/api/v1/campaigns/\(ids.campaign)/candidates"
            let queued = try await client.send(.get, path + "?status=queued", token: app.viewerToken).object
            #expect((queued["items"] as? [[String: Any]])?.map { $0["full_name"] as? String } == ["P1", "P3"])
            let page1 = try await client.send(.get, path + "?limit=3", token: app.viewerToken).object
            let cursor = try #require(page1["next_cursor"] as? String)
            let page2 = try await client.send(.get, path + "?limit=3&cursor=\(cursor)", token: app.viewerToken).object
            #expect((page2["items"] as? [[String: Any]])?.map { $0["full_name"] as? String } == ["P3", "P4"])
            #expect(page2["next_cursor"] is NSNull)
        }
    }
}
