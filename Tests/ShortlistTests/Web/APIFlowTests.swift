import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("JSON API flows")
struct APIFlowTests {
    @Test("A job is created, read back, listed and paged newest first")
    func jobsRoundTrip() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            var ids: [String] = []
            for title in ["One", "Two", "Three"] {
                let created = try await client.send(
                    .post, "/api/v1/jobs", token: app.recruiterToken,
                    json: #"{"company":" Acme ","title":"\#(title)","salary_range":"$20-25/h","employment_type":"full_time"}"#)
                #expect(created.status == .created)
                #expect(created.object["company"] as? String == "Acme")
                ids.append(try #require(created.object["id"] as? String))
                app.clock.advance(by: 1)
            }
            let read = try await client.send(.get, "/api/v1/jobs/\(ids[0])", token: app.viewerToken)
            #expect(read.object["title"] as? String == "One")
            #expect(read.object["created_at"] as? String == "2026-11-18T11:06:40Z")

            let first = try await client.send(.get, "/api/v1/jobs?limit=2", token: app.viewerToken)
            let firstItems = try #require(first.object["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["title"] as? String } == ["Three", "Two"])
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = try await client.send(.get, "/api/v1/jobs?limit=2&cursor=\(cursor)", token: app.viewerToken)
            #expect((second.object["items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["One"])
            #expect(second.object["next_cursor"] is NSNull)
        }
    }

    @Test("A campaign takes the config's calling defaults and shows its script, targets and no agent")
    func campaignDefaults() async throws {
        let app = try await TestApp.make { $0.calling.timezone = "Europe/London" }
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let campaign = try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)", token: app.viewerToken).object
            #expect(campaign["status"] as? String == "draft")
            #expect(campaign["from_number"] as? String == "+14155550100")
            #expect(campaign["agent"] is NSNull)
            #expect(campaign["questions"] as? [String] == ["When can you start?"])
            let calling = try #require(campaign["calling"] as? [String: Any])
            #expect(calling["timezone"] as? String == "Europe/London")
            #expect(calling["window_start"] as? String == "09:00")
            #expect(calling["window_end"] as? String == "18:00")
            #expect(calling["days"] as? [String] == ["mon", "tue", "wed", "thu", "fri"])
            #expect(calling["max_attempts"] as? Int == 3)
            let targets = try #require(campaign["targets"] as? [[String: Any]])
            #expect(targets.first?["key"] as? String == "has_license")
            #expect(campaign["owner_token_id"] as? String != nil)
        }
    }

    @Test("PATCH replaces questions and targets, merges calling settings, and writes an audit row")
    func campaignPatch() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let patch = #"""
            {"questions":["What is your expected salary?","When can you start?"],
             "targets":[{"key":"shift","name":"Preferred shift","goal_type":"choice","choices":["day","night"],"knockout":{"in":["day"]}},
                        {"key":"expected_salary","name":"Expected salary","goal_type":"number","knockout":{"max":60000}}],
             "calling":{"window_end":"17:30","days":["sat","mon"],"concurrency":5}}
            """#
            let response = try await client.send(.patch, "/api/v1/campaigns/\(ids.campaign)", token: app.recruiterToken, json: patch)
            #expect(response.status == .ok, "\(response.text)")
            let campaign = response.object
            #expect(campaign["questions"] as? [String] == ["What is your expected salary?", "When can you start?"])
            let targets = try #require(campaign["targets"] as? [[String: Any]])
            #expect(targets.map { $0["key"] as? String } == ["shift", "expected_salary"])
            #expect((targets[1]["knockout"] as? [String: Any])?["max"] as? Int == 60000)
            let calling = try #require(campaign["calling"] as? [String: Any])
            #expect(calling["window_start"] as? String == "09:00")
            #expect(calling["window_end"] as? String == "17:30")
            #expect(calling["days"] as? [String] == ["mon", "sat"])
            #expect(calling["concurrency"] as? Int == 5)

            let reread = try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)", token: app.viewerToken).object
            #expect((reread["targets"] as? [[String: Any]])?.count == 2)
            let audit = try await app.database.auditLog(subjectType: "campaign", subjectID: ids.campaign)
            #expect(audit.first?.action == "campaign.update")
            #expect(audit.first?.detail.contains("questions") == true)
            #expect(audit.first?.actorLabel == "token:recruiter")
        }
    }

    @Test("An archived campaign cannot be edited or imported into")
    func archivedCampaignIsReadOnly() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE campaigns SET status = 'archived' WHERE id = ?", arguments: [ids.campaign])
            }
            let patch = try await client.send(.patch, "/api/v1/campaigns/\(ids.campaign)", token: app.recruiterToken, json: #"{"name":"New"}"#)
            #expect(patch.status == .conflict)
            let upload = try await client.send(
                .post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken,
                json: #"[{"full_name":"A","phone":"+14155550123"}]"#)
            #expect(upload.status == .conflict)
        }
    }

    @Test("The do-not-call list adds once, lists, masks for viewers and removes")
    func dncList() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let added = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"(415) 555-0123","reason":"asked on the phone"}"#)
            #expect(added.status == .created)
            #expect(added.object["phone"] as? String == "+14155550123")
            let again = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"+1 415 555 0123"}"#)
            #expect(again.status == .ok)
            #expect(again.object["reason"] as? String == "asked on the phone")
            let viewed = try await client.send(.get, "/api/v1/dnc", token: app.viewerToken).object
            let items = try #require(viewed["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items[0]["phone"] as? String == "+14*******23")
            #expect(try await app.database.isOnDNC(phone: "+14155550123"))
            let removed = try await client.send(.delete, "/api/v1/dnc/%2B14155550123", token: app.recruiterToken)
            #expect(removed.status == .noContent)
            #expect(try await !app.database.isOnDNC(phone: "+14155550123"))
            let actions = try await app.database.auditLog(subjectType: "dnc").map(\.action)
            #expect(actions == ["dnc.remove", "dnc.add"])
            #expect(try await app.database.auditLog(subjectType: "dnc").allSatisfy { !$0.detail.contains("4155550123") })
        }
    }

    @Test("Health reports the database, version and Retell state; metrics answer Prometheus text")
    func healthAndMetrics() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
            #expect(health.object["database"] as? String == "ok")
            #expect(health.object["version"] as? String == ShortlistVersion.current)
            #expect(health.object["retell"] as? String == "not_configured")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("Health answers 503 when the database does not take writes")
    func healthWhenReadOnly() async throws {
        let app = try await TestApp.make()
        try await app.database.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER no_writes BEFORE INSERT ON app_meta BEGIN SELECT RAISE(ABORT, 'read-only'); END")
        }
        try await app.test { client in
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(health.object["status"] as? String == "error")
            #expect(health.object["database"] as? String == "not writable")
        }
    }

    @Test("Access log paths mask phone numbers but keep ids")
    func accessLogRedaction() {
        #expect(AccessLogMiddleware<AppRequestContext>.redact("/api/v1/dnc/%2B14155550123") == "/api/v1/dnc/%2B14*******23")
        #expect(AccessLogMiddleware<AppRequestContext>.redact("/api/v1/jobs/4f2a-11") == "/api/v1/jobs/4f2a-11")
    }
}
