import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

@Suite("Admin page: campaign")
struct CampaignPageTests {
    /// A campaign created through the API by the recruiter token, and a signed-in admin and viewer.
    static func setUp(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (campaign: String, admin: (cookie: String, csrf: String)) {
        let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver"}"#)
        let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: """
            {"name":"Spring","job_id":"\(job.object["id"] as? String ?? "")","questions":["When can you start?"],
             "calling":{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"]},
             "targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}}]}
            """)
        let id = try #require(campaign.object["id"] as? String)
        _ = try await client.send(.post, "/api/v1/campaigns/\(id)/candidates", token: app.recruiterToken,
                                  json: #"[{"full_name":"Jane Doe","phone":"+15125550134"},{"full_name":"Raj Patel","phone":"+15125550135"}]"#)
        app.clock.set(DialerHarness.wednesdayMorning)
        return (id, try await JobPagesTests.signedIn(app, client, role: .admin))
    }

    @Test("The page shows the script, targets, calling settings and candidates; the agent and calling are started from its forms")
    func agentAndBatch() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await Self.setUp(app, client)
            var html = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains("<li>When can you start?</li>"))
            #expect(html.contains("knock-out: must be yes"))
            #expect(html.contains("09:00-18:00 America/Chicago, mon tue wed thu fri"))
            #expect(html.contains("No Retell agent yet"))
            #expect(html.contains(#"Jane Doe</a></td><td>+15125550134</td><td><span class="tag tone-quiet" title="pending">Not in a running batch</span>"#))

            // Calling before the agent exists is refused with the reason on the page.
            let early = try await SignInPagesTests.post(client, "/campaigns/\(id)/batches", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(early.status == .unprocessableContent)
            #expect(String(buffer: early.body).contains("has no Retell agent yet"))

            let agent = try await SignInPagesTests.post(client, "/campaigns/\(id)/agent", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(agent.status == .seeOther)
            #expect(try await app.database.agent(campaignID: id)?.version == 1)
            let batch = try await SignInPagesTests.post(client, "/campaigns/\(id)/batches", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(batch.status == .seeOther)
            let batches = try await app.database.batches(campaignID: id)
            #expect(batches.count == 1)
            html = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains("Version 1"))
            #expect(html.contains(#"<progress max="2" value="0"></progress> 0 of 2 candidates done · 0 calls"#))
            #expect(html.contains(#"<span class="tag tone-active" title="in_progress">Calling</span>"#))
            #expect(html.contains(#"action="/batches/\#(batches[0].id)/pause""#))

            let paused = try await SignInPagesTests.post(
                client, "/batches/\(batches[0].id)/pause", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(paused.status == .seeOther)
            #expect(try await app.database.batch(id: batches[0].id)?.status == .paused)
            let forged = try await SignInPagesTests.post(
                client, "/batches/\(batches[0].id)/resume", form: [("_csrf", "forged")], cookie: admin.cookie)
            #expect(forged.status == .forbidden)
            #expect(try await app.database.batch(id: batches[0].id)?.status == .paused)
        }
    }

    @Test("Viewers see masked phones and no controls; a recruiter who does not own the campaign cannot start its calls")
    func roles() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, _) = try await Self.setUp(app, client)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let html = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(!html.contains("5125550134"))
            #expect(!html.contains("Start calling"))
            #expect(!html.contains("Create agent"))
            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let refused = try await SignInPagesTests.post(
                client, "/campaigns/\(id)/batches", form: [("_csrf", recruiter.csrf)], cookie: recruiter.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.batches(campaignID: id).isEmpty)
        }
    }

    @Test("The status filter and paging links; unknown campaigns are 404")
    func filterAndMissing() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await Self.setUp(app, client)
            let filtered = String(buffer: try await client.execute(
                uri: "/campaigns/\(id)?status=completed", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(filtered.contains(#"<strong title="completed">Finished (0)</strong>"#))
            #expect(filtered.contains(#"<a href="/campaigns/\#(id)?status=pending" title="pending">Not in a running batch (2)</a>"#))
            #expect(filtered.contains("No candidates here."))
            #expect(try await client.execute(uri: "/campaigns/missing", method: .get, headers: [.cookie: admin.cookie]).status == .notFound)
        }
    }

    @Test("The campaign page matches its golden file")
    func golden() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await Self.setUp(app, client)
            let html = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: admin.cookie]).body)
            let stable = html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression)
            try Golden.check(stable, against: "page-campaign.html")
        }
    }
}
