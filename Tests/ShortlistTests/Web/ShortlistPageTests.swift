import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: shortlist")
struct ShortlistPageTests {
    static func page(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    @Test("The shortlist page shows answers as Yes/No, marks knock-out misses, and links sortable headers and filters with counts")
    func shows() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            _ = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[3])", token: app.recruiterToken, json: #"{"decision":"interview","decision_note":"Nights only"}"#)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let base = "/campaigns/\(scenario.campaignID)/shortlist"
            let response = try await Self.page(client, base, cookie: admin.cookie)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            let order = ["Person 0 Example", "Person 3 Example", "Person 1 Example"].compactMap { html.range(of: $0)?.lowerBound }
            #expect(order.count == 3 && order == order.sorted())
            #expect(!html.contains("Person 2 Example"))
            #expect(html.contains(#"<td class="miss" title="Knock-out: fails the rule">No <small>✗ knock-out</small></td>"#))
            #expect(html.contains(#"<a href="\#(base)?sort=answer.has_license&amp;dir=asc">Licence</a>"#))
            #expect(html.contains(#"<th scope="col" aria-sort="descending"><a href="\#(base)?sort=qualified&amp;dir=asc">Qualified ▼</a></th>"#))
            #expect(html.contains(#"<a href="\#(base)?decision=interview">Interview (1)</a>"#))
            #expect(html.contains("<strong>All (3)</strong>"))
            #expect(html.contains(#"<span class="tag tone-good" title="interview">Interview</span>"#))
            #expect(html.contains(#"<button type="submit" name="decision" value="interview" aria-pressed="true" class="current">Interview</button>"#))
            try Golden.check(
                html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression),
                against: "page-shortlist.html")
            let sorted = String(buffer: try await Self.page(client, "\(base)?sort=name&dir=desc&decision=none", cookie: admin.cookie).body)
            #expect(sorted.contains(#"<input type="hidden" name="back" value="?decision=none&amp;sort=name&amp;dir=desc">"#))
            #expect(!sorted.contains("Person 3 Example"))
            #expect(try await Self.page(client, "\(base)?sort=colour", cookie: admin.cookie).status == .unprocessableContent)
            let campaign = String(buffer: try await Self.page(client, "/campaigns/\(scenario.campaignID)", cookie: admin.cookie).body)
            #expect(campaign.contains(#"<a href="\#(base)">Shortlist</a>"#))
            let report = String(buffer: try await Self.page(client, "/campaigns/\(scenario.campaignID)/report", cookie: admin.cookie).body)
            #expect(report.contains(#"href="\#(base)">Open the shortlist</a>"#))
        }
    }

    @Test("A decision clicked on the page needs the CSRF token, comes back to the same sort and filter, and shows in the API, the CSV and the audit log")
    func decides() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let action = "/campaigns/\(scenario.campaignID)/shortlist/\(scenario.ids[0])/decision"
            let forged = try await SignInPagesTests.post(client, action, form: [("decision", "interview")], cookie: admin.cookie)
            #expect(forged.status == .forbidden)
            let response = try await SignInPagesTests.post(client, action, form: [
                ("_csrf", admin.csrf), ("back", "?decision=none&sort=name&dir=asc&evil=https://x.example"), ("decision", "interview"),
            ], cookie: admin.cookie)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/campaigns/\(scenario.campaignID)/shortlist?decision=none&sort=name&dir=asc#cc-\(scenario.ids[0])")
            let note = try await SignInPagesTests.post(client, action, form: [("_csrf", admin.csrf), ("back", ""), ("decision_note", "Ask about nights")], cookie: admin.cookie)
            #expect(note.status == .seeOther)
            let api = try await client.send(.get, "/api/v1/campaigns/\(scenario.campaignID)/shortlist?decision=interview", token: app.viewerToken)
            let items = try #require(api.object["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["decision_note"] as? String == "Ask about nights")
            #expect(items.first?["decided_by"] as? String == "admin@agency.example")
            let csv = String(buffer: try await Self.page(client, "/campaigns/\(scenario.campaignID)/results.csv", cookie: admin.cookie).body)
            #expect(csv.contains(",interview,Ask about nights,,Finished,Qualified,Interview,,json import by token:recruiter\r\n"))
            let audit = String(buffer: try await Self.page(client, "/audit?action=candidate.decision", cookie: admin.cookie).body)
            #expect(audit.contains("candidate.decision"))
            #expect(!audit.contains("Ask about nights"))
            let cleared = try await SignInPagesTests.post(client, action, form: [("_csrf", admin.csrf), ("decision", "none")], cookie: admin.cookie)
            #expect(cleared.status == .seeOther)
            #expect(try await scenario.harness.candidates()[0].decision == nil)
            let bad = try await SignInPagesTests.post(client, action, form: [("_csrf", admin.csrf), ("decision", "hired")], cookie: admin.cookie)
            #expect(bad.status == .unprocessableContent)
            let elsewhere = try await SignInPagesTests.post(
                client, "/campaigns/00000000-0000-0000-0000-000000000000/shortlist/\(scenario.ids[0])/decision",
                form: [("_csrf", admin.csrf), ("decision", "rejected")], cookie: admin.cookie)
            #expect(elsewhere.status == .notFound)
        }
    }

    @Test("A viewer sees the decisions without forms, and a viewer's or another recruiter's click is refused")
    func viewers() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let html = String(buffer: try await Self.page(client, "/campaigns/\(scenario.campaignID)/shortlist", cookie: viewer.cookie).body)
            #expect(html.contains("Person 0 Example"))
            #expect(!html.contains(#"class="decide""#))
            #expect(!html.contains("+15125551000"))
            let action = "/campaigns/\(scenario.campaignID)/shortlist/\(scenario.ids[0])/decision"
            let refused = try await SignInPagesTests.post(client, action, form: [("_csrf", viewer.csrf), ("decision", "rejected")], cookie: viewer.cookie)
            #expect(refused.status == .forbidden)
            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let notOwner = try await SignInPagesTests.post(client, action, form: [("_csrf", recruiter.csrf), ("decision", "rejected")], cookie: recruiter.cookie)
            #expect(notOwner.status == .forbidden)
            #expect(try await scenario.harness.candidates()[0].decision == nil)
        }
    }
}
