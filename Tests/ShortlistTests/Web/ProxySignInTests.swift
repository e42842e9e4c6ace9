import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

/// Sign-in behind a reverse proxy: the throttle, sessions and the audit log see the client the
/// trusted proxy names, and https at the proxy makes cookies Secure.
@Suite("Sign-in behind a trusted proxy")
struct ProxySignInTests {
    static let email = "ana@agency.example"
    static let password = "correct horse battery"
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// The live test client connects to localhost, which may be either loopback.
    static let loopback = ["127.0.0.1", "::1"]

    static func app(trusting proxies: [String]) async throws -> TestApp {
        let app = try await TestApp.make {
            $0.security.cookieSecure = false
            $0.server.trustedProxies = proxies
        }
        _ = try await app.database.createUser(
            email: email, name: "Ana Recruiter", role: .recruiter, passwordHash: Passwords.hash(password), by: .cli)
        return app
    }

    /// GET /login then POST it, both with `headers`; the POST's response.
    static func signIn(
        _ client: any TestClientProtocol, email: String, password: String, headers: HTTPFields
    ) async throws -> TestResponse {
        let page = try await client.execute(uri: "/login", method: .get, headers: headers)
        let html = String(buffer: page.body)
        let marker = #"name="_csrf" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        let csrf = String(html[start...].prefix { $0 != "\"" })
        let setCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("shortlist_login_csrf=") })
        var post = headers
        post[.contentType] = "application/x-www-form-urlencoded"
        post[.cookie] = String(setCookie.prefix { $0 != ";" })
        let form = [("_csrf", csrf), ("email", email), ("password", password)]
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await client.execute(uri: "/login", method: .post, headers: post, body: ByteBuffer(string: form))
    }

    static func failFiveTimes(_ client: any TestClientProtocol, headers: (Int) -> HTTPFields) async throws {
        for attempt in 0..<5 {
            let response = try await signIn(client, email: "mallory\(attempt)@example.com", password: "guess", headers: headers(attempt))
            #expect(response.status == .unauthorized)
        }
    }

    @Test("Five failed sign-ins from one forwarded address lock out that address but not another client of the proxy")
    func failuresStayWithTheirAddress() async throws {
        let app = try await Self.app(trusting: Self.loopback)
        try await app.test(.live) { client in
            try await Self.failFiveTimes(client) { _ in [Self.forwardedFor: "198.51.100.7"] }
            let locked = try await Self.signIn(
                client, email: Self.email, password: Self.password, headers: [Self.forwardedFor: "198.51.100.7"])
            #expect(locked.status == .tooManyRequests)
            let other = try await Self.signIn(
                client, email: Self.email, password: Self.password, headers: [Self.forwardedFor: "6.6.6.6, 198.51.100.8"])
            #expect(other.status == .seeOther)
        }
        let login = try #require(try await app.database.auditLog(subjectType: "user").first { $0.action == "user.login" })
        #expect(login.detail.contains("198.51.100.8"))
    }

    @Test("From a peer that is not a trusted proxy, X-Forwarded-For is ignored: a new header each time does not dodge the lockout")
    func untrustedPeerCannotSpoof() async throws {
        let app = try await Self.app(trusting: ["10.9.9.9"])
        try await app.test(.live) { client in
            try await Self.failFiveTimes(client) { [Self.forwardedFor: "198.51.100.\($0 + 1)"] }
            let spoofed = try await Self.signIn(
                client, email: Self.email, password: Self.password, headers: [Self.forwardedFor: "203.0.113.99"])
            #expect(spoofed.status == .tooManyRequests)
        }
    }

    @Test("Over https at a trusted proxy the session cookie is Secure; the same header from anyone else changes nothing")
    func httpsAtTheProxyMakesCookiesSecure() async throws {
        for (proxies, secure) in [(Self.loopback, true), (["10.9.9.9"], false)] {
            let app = try await Self.app(trusting: proxies)
            try await app.test(.live) { client in
                let response = try await Self.signIn(
                    client, email: Self.email, password: Self.password,
                    headers: [Self.forwardedFor: "198.51.100.7", Self.forwardedProto: "https"])
                #expect(response.status == .seeOther)
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("shortlist_session=") })
                #expect(cookie.contains("; Secure") == secure, "trusted proxies \(proxies)")
            }
        }
    }
}
