import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: live calls")
struct LivePageTests {
    /// Three calls, one each in flight, ended with a conversation and failed (busy); returns a
    /// signed-in admin.
    static func threeCalls(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3))
        _ = await harness.tick(harness.dialer())
        let calls = try await harness.calls()
        try await harness.end(calls[0], reason: "dial_busy")
        try await harness.converse(calls[1])
        return try await JobPagesTests.signedIn(app, client, role: .admin)
    }

    @Test("Counts and the newest calls, with All / In progress / Completed tabs; the page loads app.js for live updates")
    func counts() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await Self.threeCalls(app, client)
            let html = String(buffer: try await client.execute(uri: "/live", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains(#"Active <strong data-count="active">1</strong>"#))
            #expect(html.contains(#"Completed <strong data-count="completed">1</strong>"#))
            #expect(html.contains(#"Failed <strong data-count="failed">1</strong>"#))
            #expect(html.components(separatedBy: "<tr data-call=").count - 1 == 3)
            #expect(html.contains(#"<script src="/app.js" defer></script>"#))
            let inProgress = String(buffer: try await client.execute(uri: "/live?tab=in_progress", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(inProgress.components(separatedBy: "<tr data-call=").count - 1 == 1)
            #expect(inProgress.contains("<strong>In progress</strong>"))
            let completed = String(buffer: try await client.execute(uri: "/live?tab=completed", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(completed.components(separatedBy: "<tr data-call=").count - 1 == 2)
            let script = try await client.execute(uri: "/app.js", method: .get)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(String(buffer: script.body).contains("new EventSource(stream)"))
            #expect(String(buffer: script.body).contains("|| \"/live/events\""))
        }
    }

    @Test("The event stream for the page needs a session")
    func streamNeedsSession() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let stream = try await client.execute(uri: "/live/events", method: .get)
            #expect(stream.status == .unauthorized)
            let page = try await client.execute(uri: "/live", method: .get)
            #expect(page.status == .seeOther)
        }
    }

    @Test("A signed-in browser's stream carries call.updated events as the API's does")
    func streamCarriesEvents() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        _ = try await app.database.createUser(
            email: "ops@agency.example", name: "", role: .viewer, passwordHash: Passwords.hash("pw-ops"), by: .cli)
        try await app.application().test(.live) { client in
            let (csrf, cookie) = try await SignInPagesTests.openForm(client)
            let signIn = try await SignInPagesTests.post(
                client, "/login", form: [("_csrf", csrf), ("email", "ops@agency.example"), ("password", "pw-ops")], cookie: cookie)
            let session = String(try #require(SignInPagesTests.sessionCookie(signIn)).prefix { $0 != ";" })
            let port = try #require(client.port)
            try await EventStreamClient.open(port: port, path: "/live/events", headers: ["Cookie": session]) { response, reader in
                #expect(response.status == .ok)
                try await reader.read(until: "retry: 3000\n\n")
                app.events.publish(LiveEvent(name: "call.updated", data: #"{"id":"c1","call_status":"ongoing"}"#))
                try await reader.read(until: "event: call.updated\ndata: {\"id\":\"c1\",\"call_status\":\"ongoing\"}\n\n")
            }
        }
    }
}
