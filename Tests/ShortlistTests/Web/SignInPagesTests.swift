import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

/// The admin page's sign-in: cookie sessions, CSRF on every form, throttling, sign-out.
@Suite("Admin sign-in")
struct SignInPagesTests {
    static let email = "ana@agency.example"
    static let password = "correct horse battery"

    static func app() async throws -> TestApp {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        _ = try await app.database.createUser(
            email: email, name: "Ana Recruiter", role: .recruiter, passwordHash: Passwords.hash(password), by: .cli)
        return app
    }

    /// Opens the sign-in form: the CSRF token in the page and the matching cookie.
    static func openForm(_ client: any TestClientProtocol) async throws -> (csrf: String, cookie: String) {
        let page = try await client.execute(uri: "/login", method: .get)
        #expect(page.status == .ok)
        let html = String(buffer: page.body)
        let marker = #"name="_csrf" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        let csrf = String(html[start...].prefix { $0 != "\"" })
        let setCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("shortlist_login_csrf=") })
        return (csrf, String(setCookie.prefix { $0 != ";" }))
    }

    static func post(
        _ client: any TestClientProtocol, _ path: String, form: [(String, String)], cookie: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func signIn(_ client: any TestClientProtocol, password: String = SignInPagesTests.password) async throws -> TestResponse {
        let (csrf, cookie) = try await openForm(client)
        return try await post(client, "/login", form: [("_csrf", csrf), ("email", email), ("password", password)], cookie: cookie)
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("shortlist_session=") }
    }

    @Test("Pages need a session: without one the dashboard redirects to the sign-in form")
    func redirects() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
        }
    }

    @Test("The right password signs in with an HttpOnly, SameSite=Lax cookie; the dashboard then shows the user and campaigns")
    func signsIn() async throws {
        let app = try await Self.app()
        try await app.test { client in
            _ = try await CallSeed.make(app, client: client)
            let response = try await Self.signIn(client)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(Self.sessionCookie(response))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let dashboard = try await client.execute(
                uri: "/", method: .get, headers: [.cookie: String(cookie.prefix { $0 != ";" })])
            #expect(dashboard.status == .ok)
            let html = String(buffer: dashboard.body)
            #expect(html.contains("Ana Recruiter (recruiter)"))
            #expect(html.contains("Spring</a></td><td>Driver at Acme</td>"))
            #expect(!html.contains("5125550134"))
            #expect(try await app.database.auditLog(subjectType: "user").first?.action == "user.login")
            // Only the token's hash is stored.
            let token = String(cookie.dropFirst("shortlist_session=".count).prefix { $0 != ";" })
            let stored = try await app.database.writer.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM sessions") }
            #expect(stored == [APIToken.hash(token)])
        }
    }

    @Test("A wrong password re-renders the form with a message and the email kept; nothing is stored")
    func wrongPassword() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let response = try await Self.signIn(client, password: "guess")
            #expect(response.status == .unauthorized)
            let html = String(buffer: response.body)
            #expect(html.contains("The email or password is wrong."))
            #expect(html.contains(#"value="\#(Self.email)""#))
            #expect(Self.sessionCookie(response) == nil)
        }
    }

    @Test("A missing or wrong CSRF token is refused with 403")
    func csrf() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let (_, cookie) = try await Self.openForm(client)
            let forged = try await Self.post(
                client, "/login", form: [("_csrf", "forged"), ("email", Self.email), ("password", Self.password)], cookie: cookie)
            #expect(forged.status == .forbidden)
            let none = try await Self.post(client, "/login", form: [("email", Self.email), ("password", Self.password)], cookie: nil)
            #expect(none.status == .forbidden)
            #expect(Self.sessionCookie(none) == nil)
        }
    }

    @Test("After five failures the account is locked for a while with a clear message, even with the right password")
    func throttles() async throws {
        let app = try await Self.app()
        try await app.test { client in
            for _ in 0..<5 { _ = try await Self.signIn(client, password: "wrong") }
            let locked = try await Self.signIn(client)
            #expect(locked.status == .tooManyRequests)
            #expect(String(buffer: locked.body).contains("Too many failed sign-ins from this account. Try again in 15 minutes."))
            app.clock.advance(by: 901)
            #expect(try await Self.signIn(client).status == .seeOther)
        }
    }

    @Test("Signing out needs the session's CSRF token, then deletes the session")
    func signsOut() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let cookieHeader = try #require(Self.sessionCookie(try await Self.signIn(client)))
            let cookie = String(cookieHeader.prefix { $0 != ";" })
            let refused = try await Self.post(client, "/logout", form: [("_csrf", "nope")], cookie: cookie)
            #expect(refused.status == .forbidden)
            let csrf = try await app.database.writer.read { db in try String.fetchOne(db, sql: "SELECT csrf_token FROM sessions") }
            let out = try await Self.post(client, "/logout", form: [("_csrf", try #require(csrf))], cookie: cookie)
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            let after = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(after.headers[.location] == "/login")
        }
    }

    @Test("An expired session or a disabled user no longer gets in")
    func expiry() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let cookie = String(try #require(Self.sessionCookie(try await Self.signIn(client))).prefix { $0 != ";" })
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .ok)
            app.clock.advance(by: Double(app.config.security.sessionHours) * 3_600 + 1)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .seeOther)
        }
    }

    @Test("The sign-in page matches its golden file")
    func golden() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let html = String(buffer: try await client.execute(uri: "/login", method: .get).body)
            let stable = html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression)
            try Golden.check(stable, against: "page-login.html")
        }
    }

    @Test("The dashboard matches its golden file, with the banner shown while Retell stopped dialing")
    func dashboardGolden() async throws {
        let app = try await Self.app()
        try await app.test { client in
            _ = try await CallSeed.make(app, client: client)
            app.dialerStatus.halt("Retell rejected the API key (401): fix [retell] api_key, then resume.")
            let cookie = String(try #require(Self.sessionCookie(try await Self.signIn(client))).prefix { $0 != ";" })
            let html = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).body)
            let stable = html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression)
            try Golden.check(stable, against: "page-dashboard.html")
        }
    }
}
