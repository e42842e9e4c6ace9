import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: archiving a campaign")
struct CampaignArchivePageTests {
    static func page(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    @Test("The archive form shows only while no batch runs; archiving leaves the dashboard, which lists it under ?archived=1")
    func archiveFromThePage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            var (_, html) = try await Self.page(client, "/campaigns/\(id)", cookie: admin.cookie)
            #expect(html.contains(#"action="/campaigns/\#(id)/archive""#))

            _ = try await SignInPagesTests.post(client, "/campaigns/\(id)/agent", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            let started = try await SignInPagesTests.post(client, "/campaigns/\(id)/batches", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(started.status == .seeOther)
            (_, html) = try await Self.page(client, "/campaigns/\(id)", cookie: admin.cookie)
            #expect(!html.contains(#"action="/campaigns/\#(id)/archive""#))
            let early = try await SignInPagesTests.post(client, "/campaigns/\(id)/archive", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(early.status == .unprocessableContent)
            #expect(String(buffer: early.body).contains("still running"))

            let batchID = try #require(try await app.database.batches(campaignID: id).first?.id)
            _ = try await SignInPagesTests.post(client, "/batches/\(batchID)/cancel", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            let forged = try await SignInPagesTests.post(client, "/campaigns/\(id)/archive", form: [("_csrf", "forged")], cookie: admin.cookie)
            #expect(forged.status == .forbidden)
            let archived = try await SignInPagesTests.post(client, "/campaigns/\(id)/archive", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(archived.status == .seeOther)
            #expect(try await app.database.campaign(id: id)?.status == .archived)

            (_, html) = try await Self.page(client, "/campaigns/\(id)", cookie: admin.cookie)
            #expect(html.contains(#"<span class="tag tone-quiet" title="archived">Archived</span>"#))
            #expect(!html.contains("Start calling"))
            #expect(!html.contains("Edit campaign"))
            #expect(!html.contains(#"action="/campaigns/\#(id)/candidates""#))
            #expect(!html.contains(#"action="/campaigns/\#(id)/archive""#))

            let (_, dashboard) = try await Self.page(client, "/", cookie: admin.cookie)
            #expect(!dashboard.contains(#"href="/campaigns/\#(id)""#))
            #expect(dashboard.contains(#"href="/?archived=1""#))
            let (_, archivedList) = try await Self.page(client, "/?archived=1", cookie: admin.cookie)
            #expect(archivedList.contains(#"href="/campaigns/\#(id)""#))
            #expect(archivedList.contains("Archived campaigns"))
            let (bad, text) = try await Self.page(client, "/?archived=yes", cookie: admin.cookie)
            #expect(bad == .badRequest)
            #expect(text.contains("archived must be 1 or 0"))
        }
    }

    @Test("Viewers see no archive form; a recruiter who does not own the campaign cannot archive it")
    func roles() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, _) = try await CampaignPageTests.setUp(app, client)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let (_, html) = try await Self.page(client, "/campaigns/\(id)", cookie: viewer.cookie)
            #expect(!html.contains("/archive"))
            let refusedViewer = try await SignInPagesTests.post(client, "/campaigns/\(id)/archive", form: [("_csrf", viewer.csrf)], cookie: viewer.cookie)
            #expect(refusedViewer.status == .forbidden)
            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let refused = try await SignInPagesTests.post(client, "/campaigns/\(id)/archive", form: [("_csrf", recruiter.csrf)], cookie: recruiter.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.campaign(id: id)?.status == .draft)
        }
    }
}
