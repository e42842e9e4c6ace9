import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: users")
struct UsersPageTests {
    @Test("An admin adds a user (password shown once, stored hashed), changes a role, resets a password and disables; each ends the user's sessions")
    func manage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let added = try await SignInPagesTests.post(
                client, "/users", form: [("_csrf", admin.csrf), ("email", "new@agency.example"), ("name", "New Person"), ("role", "viewer")],
                cookie: admin.cookie)
            #expect(added.status == .ok)
            let html = String(buffer: added.body)
            let marker = "new@agency.example can sign in with the password "
            let start = try #require(html.range(of: marker)).upperBound
            let password = html[start...].prefix { $0 != " " }
            let user = try #require(try await app.database.user(email: "new@agency.example"))
            #expect(Passwords.verify(String(password), hash: user.passwordHash))
            #expect(user.role == "viewer")

            let role = try await SignInPagesTests.post(
                client, "/users/change", form: [("_csrf", admin.csrf), ("email", "new@agency.example"), ("action", "role"), ("role", "recruiter")],
                cookie: admin.cookie)
            #expect(String(buffer: role.body).contains("new@agency.example is now recruiter."))
            #expect(try await app.database.user(email: "new@agency.example")?.role == "recruiter")

            let reset = try await SignInPagesTests.post(
                client, "/users/change", form: [("_csrf", admin.csrf), ("email", "new@agency.example"), ("action", "password")], cookie: admin.cookie)
            #expect(String(buffer: reset.body).contains("new password is "))
            #expect(try await app.database.user(email: "new@agency.example")?.passwordHash != user.passwordHash)

            let disabled = try await SignInPagesTests.post(
                client, "/users/change", form: [("_csrf", admin.csrf), ("email", "new@agency.example"), ("action", "disable")], cookie: admin.cookie)
            #expect(String(buffer: disabled.body).contains("is disabled and signed out"))
            #expect(try await app.database.user(email: "new@agency.example")?.disabledAt != nil)
            let actions = try await app.database.auditLog(subjectType: "user").map(\.action)
            #expect(actions.contains("user.role") && actions.contains("user.password") && actions.contains("user.disable"))
        }
    }

    @Test("A bad email comes back with the message and the input kept; admins cannot disable themselves; others get 403")
    func guards() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let bad = try await SignInPagesTests.post(
                client, "/users", form: [("_csrf", admin.csrf), ("email", "not-an-email"), ("name", "Kim"), ("role", "viewer")], cookie: admin.cookie)
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains(#"value="not-an-email""#))
            let own = try await SignInPagesTests.post(
                client, "/users/change", form: [("_csrf", admin.csrf), ("email", "admin@agency.example"), ("action", "disable")], cookie: admin.cookie)
            #expect(String(buffer: own.body).contains("you cannot disable your own account"))
            #expect(try await app.database.user(email: "admin@agency.example")?.disabledAt == nil)

            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let page = try await client.execute(uri: "/users", method: .get, headers: [.cookie: recruiter.cookie])
            #expect(page.status == .forbidden)
            let refused = try await SignInPagesTests.post(
                client, "/users", form: [("_csrf", recruiter.csrf), ("email", "x@agency.example"), ("role", "admin")], cookie: recruiter.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.user(email: "x@agency.example") == nil)
        }
    }
}
