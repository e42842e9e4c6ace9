import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: do-not-call list")
struct DNCPageTests {
    @Test("A recruiter adds a number (normalised) and removes it; a bad number comes back with the message and the input kept")
    func addRemove() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let recruiter = try await JobPagesTests.signedIn(app, client)
            let added = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", recruiter.csrf), ("phone", "(512) 555-0134"), ("reason", "asked by email")], cookie: recruiter.cookie)
            #expect(added.status == .seeOther)
            #expect(try await app.database.isOnDNC(phone: "+15125550134"))
            let html = String(buffer: try await client.execute(uri: "/dnc", method: .get, headers: [.cookie: recruiter.cookie]).body)
            #expect(html.contains("<tr><td>+15125550134</td><td>asked by email</td><td>manual</td>"))

            let bad = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", recruiter.csrf), ("phone", "12"), ("reason", "x")], cookie: recruiter.cookie)
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"<input id="phone" name="phone" value="12" aria-invalid="true""#))

            let removed = try await SignInPagesTests.post(
                client, "/dnc/remove", form: [("_csrf", recruiter.csrf), ("phone", "+15125550134")], cookie: recruiter.cookie)
            #expect(removed.status == .seeOther)
            #expect(try await app.database.isOnDNC(phone: "+15125550134") == false)
        }
    }

    @Test("Viewers see masked numbers and no forms, and cannot add")
    func viewers() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            _ = try await app.database.addDNC(phone: "+15125550134", reason: "opted out", source: .manual, by: .cli)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let html = String(buffer: try await client.execute(uri: "/dnc", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(!html.contains("5125550134"))
            #expect(!html.contains("Add to the list"))
            let refused = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", viewer.csrf), ("phone", "+15125550199")], cookie: viewer.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.isOnDNC(phone: "+15125550199") == false)
        }
    }
}
