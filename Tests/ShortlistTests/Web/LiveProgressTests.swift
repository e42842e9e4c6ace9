import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Live progress: the campaign page and one campaign's live view")
struct LiveProgressTests {
    @Test("The campaign page shows batch progress by candidates, candidate counts by status, and listens to its campaign's events")
    func campaignPageProgress() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            _ = try await BatchProgressTests.calledThrice(harness)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let html = String(buffer: try await client.execute(
                uri: "/campaigns/\(harness.campaignID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains(#"<progress max="2" value="2"></progress> 2 of 2 candidates done · 5 calls, 3 did not connect"#))
            #expect(html.contains(#"<span class="tag tone-good" title="completed">Finished</span>"#))
            #expect(html.contains(#"title="all">All (2)</strong>"#))
            #expect(html.contains(#"title="completed">Finished (2)</a>"#))
            #expect(html.contains(#"data-live-events="/live/events?campaign_id=\#(harness.campaignID)""#))
            #expect(html.contains(#"<a href="/live?campaign=\#(harness.campaignID)">Live calls</a>"#))
            #expect(html.contains(#"id="campaign-batches" data-live-part"#))
            #expect(html.contains(#"id="campaign-counts" data-live-part"#))
            let script = String(buffer: try await client.execute(uri: "/app.js", method: .get).body)
            #expect(script.contains("data-live-events"))
            #expect(script.contains("[data-live-part][id]"))
        }
    }

    @Test("/live?campaign= shows only that campaign's calls and counts; a malformed or unknown id is a clear error")
    func liveNarrowed() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let spring = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let autumn = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1, from: 3000))
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE campaigns SET name = 'Autumn' WHERE id = ?", arguments: [autumn.campaignID])
            }
            _ = await spring.tick(spring.dialer())
            let calls = try await spring.calls()
            #expect(calls.count == 3)
            for call in calls where call.campaignID == spring.campaignID { try await spring.end(call) }
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)

            let all = String(buffer: try await client.execute(uri: "/live", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(all.components(separatedBy: "<tr data-call=").count - 1 == 3)
            #expect(all.contains(#"data-live-events="/live/events""#))

            let narrowed = String(buffer: try await client.execute(
                uri: "/live?campaign=\(autumn.campaignID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(narrowed.components(separatedBy: "<tr data-call=").count - 1 == 1)
            #expect(narrowed.contains(#"Live calls: <a href="/campaigns/\#(autumn.campaignID)">Autumn</a>"#))
            #expect(narrowed.contains(#"Active <strong data-count="active">1</strong>"#))
            #expect(narrowed.contains(#"Failed <strong data-count="failed">0</strong>"#))
            #expect(narrowed.contains(#"data-live-events="/live/events?campaign_id=\#(autumn.campaignID)""#))
            #expect(narrowed.contains(#"href="/live?tab=completed&amp;campaign=\#(autumn.campaignID)""#))

            let springPage = String(buffer: try await client.execute(
                uri: "/live?campaign=\(spring.campaignID.uppercased())", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(springPage.contains(#"Failed <strong data-count="failed">2</strong>"#))
            #expect(springPage.contains(#"Active <strong data-count="active">0</strong>"#))
            #expect(springPage.components(separatedBy: "<tr data-call=").count - 1 == 2)
            let completedTab = String(buffer: try await client.execute(
                uri: "/live?tab=completed&campaign=\(spring.campaignID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(completedTab.components(separatedBy: "<tr data-call=").count - 1 == 2)
            let inFlightTab = String(buffer: try await client.execute(
                uri: "/live?tab=in_progress&campaign=\(spring.campaignID)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(inFlightTab.components(separatedBy: "<tr data-call=").count - 1 == 0)

            let malformed = try await client.execute(uri: "/live?campaign=not-an-id", method: .get, headers: [.cookie: admin.cookie])
            #expect(malformed.status == .badRequest)
            #expect(String(buffer: malformed.body).contains("campaign must be a campaign's id"))
            let unknown = try await client.execute(uri: "/live?campaign=\(UUID().uuidString)", method: .get, headers: [.cookie: admin.cookie])
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("There is no campaign with that id"))
        }
    }

    @Test("The live page's stream for one campaign carries only that campaign's events")
    func liveStreamNarrowed() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        _ = try await app.database.createUser(
            email: "ops@agency.example", name: "", role: .viewer, passwordHash: Passwords.hash("pw-ops"), by: .cli)
        let (mine, other) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        try await app.application().test(.live) { client in
            let (csrf, cookie) = try await SignInPagesTests.openForm(client)
            let signIn = try await SignInPagesTests.post(
                client, "/login", form: [("_csrf", csrf), ("email", "ops@agency.example"), ("password", "pw-ops")], cookie: cookie)
            let session = String(try #require(SignInPagesTests.sessionCookie(signIn)).prefix { $0 != ";" })
            let port = try #require(client.port)
            try await EventStreamClient.open(port: port, path: "/live/events?campaign_id=\(mine)", headers: ["Cookie": session]) { response, reader in
                #expect(response.status == .ok)
                try await reader.read(until: "retry: 3000\n\n")
                app.events.publish(LiveEvent(name: "call.updated", data: #"{"id":"theirs","campaign_id":"\#(other)"}"#))
                app.events.publish(LiveEvent(name: "batch.updated", data: #"{"id":"ours","campaign_id":"\#(mine)"}"#))
                let received = try await reader.read(until: "event: batch.updated\ndata: {\"id\":\"ours\",\"campaign_id\":\"\(mine)\"}\n\n")
                #expect(!received.contains("theirs"))
            }
        }
    }
}
