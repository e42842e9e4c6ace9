import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Prometheus
import Testing
@testable import Shortlist

/// DESIGN §6's headers: every page and API answer carries the Content-Security-Policy, no
/// sniffing, no framing and a same-origin referrer; personal data is never cached; the templates
/// hold nothing the policy would block.
@Suite("Security headers")
struct SecurityHeadersTests {
    static func expectSecurityHeaders(_ response: TestResponse, _ uri: String, cache: String = "no-store") {
        let csp = response.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("default-src 'self'"), "\(uri)")
        #expect(csp.contains("script-src 'self';"), "\(uri)")
        #expect(csp.contains("style-src 'self';"), "\(uri)")
        #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
        #expect(!csp.contains("unsafe-inline"), "\(uri)")
        #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(uri)")
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
        #expect(response.headers[.cacheControl] == cache, "\(uri)")
        #expect(response.headers[.strictTransportSecurity] == nil, "\(uri): plain http gets no HSTS")
    }

    /// Every GET route of the route table with its ids filled in from a seeded campaign.
    static func pageURIs(_ app: TestApp, seed: CallSeed, jobID: String) throws -> [String: String] {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = Dependencies(
            database: app.database, clock: app.clock, metrics: PrometheusCollectorRegistry(), logger: logger,
            retell: app.retellClient, webhookKeys: app.webhookKeys, events: app.events, doorbell: app.doorbell,
            dialerStatus: app.dialerStatus)
        let table = try routeTable(config: app.config, dependencies: dependencies)
        var uris: [String: String] = [:]
        for endpoint in table.all where endpoint.method == .get && !endpoint.needsToken {
            let id = endpoint.path.hasPrefix("/jobs") ? jobID : endpoint.path.hasPrefix("/candidates") ? seed.candidateID : seed.campaignID
            uris[endpoint.path] = endpoint.path.replacingOccurrences(of: "{id}", with: id)
        }
        return uris
    }

    @Test("Every page of the admin site answers with the policy headers and Cache-Control: no-store")
    func everyPage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let jobID = try #require(try await app.database.writer.read { db in try String.fetchOne(db, sql: "SELECT id FROM jobs") })
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let uris = try Self.pageURIs(app, seed: seed, jobID: jobID)
            #expect(uris.count >= 15)
            // The event stream never ends by itself, so it is left out; its handler sends Cache-Control: no-cache.
            for (path, uri) in uris.sorted(by: { $0.key < $1.key }) where !path.hasSuffix("/events") {
                let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: admin.cookie])
                #expect(response.status.code < 500, "\(uri)")
                let cached = ["/app.css", "/app.js", "/api/v1/openapi.json", "/metrics", "/healthz"].contains(path)
                if cached {
                    #expect(response.headers[.contentSecurityPolicy] != nil, "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                } else {
                    Self.expectSecurityHeaders(response, uri)
                }
            }
            let signedOut = try await client.execute(uri: "/login", method: .get)
            Self.expectSecurityHeaders(signedOut, "/login")
            let redirect = try await client.execute(uri: "/jobs", method: .get)
            #expect(redirect.status == .seeOther)
            Self.expectSecurityHeaders(redirect, "/jobs signed out")
        }
    }

    @Test("API answers, errors and unknown paths carry the headers too; the stylesheet and script may be cached")
    func apiAndErrors() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            Self.expectSecurityHeaders(try await client.send(.get, "/api/v1/jobs", token: app.viewerToken), "/api/v1/jobs")
            let unauthorized = try await client.send(.get, "/api/v1/jobs")
            #expect(unauthorized.status == .unauthorized)
            Self.expectSecurityHeaders(unauthorized, "/api/v1/jobs without a token")
            let invalid = try await client.send(.post, "/api/v1/jobs", token: app.adminToken, json: "{")
            #expect(invalid.status == .badRequest)
            Self.expectSecurityHeaders(invalid, "/api/v1/jobs with bad JSON")
            let missing = try await client.send(.get, "/no-such-page")
            #expect(missing.status == .notFound)
            Self.expectSecurityHeaders(missing, "/no-such-page")
            Self.expectSecurityHeaders(try await client.send(.get, "/app.css"), "/app.css", cache: "max-age=300")
            Self.expectSecurityHeaders(try await client.send(.get, "/app.js"), "/app.js", cache: "max-age=300")
        }
    }

    @Test("Strict-Transport-Security is sent only when the request came over https")
    func hstsOnlyOverHTTPS() {
        let policy = SecurityHeadersMiddleware.contentSecurityPolicy()
        var plain = HTTPFields()
        SecurityHeadersMiddleware.apply(to: &plain, https: false, policy: policy)
        #expect(plain[.strictTransportSecurity] == nil)
        var secure = HTTPFields()
        SecurityHeadersMiddleware.apply(to: &secure, https: true, policy: policy)
        #expect(secure[.strictTransportSecurity] == "max-age=31536000")
        #expect(secure[.cacheControl] == "no-store")
        var chosen: HTTPFields = [.cacheControl: "no-cache"]
        SecurityHeadersMiddleware.apply(to: &chosen, https: true, policy: policy)
        #expect(chosen[.cacheControl] == "no-cache")
    }

    @Test("Recordings play only from Shortlist itself: media is same-origin, Retell's storage is not allowed")
    func mediaSources() {
        let policy = SecurityHeadersMiddleware.contentSecurityPolicy()
        #expect(policy.contains("media-src 'self';"))
        #expect(!policy.contains("https:") && !policy.contains("http:") && !policy.contains("127.0.0.1"))
    }

    @Test("No template holds an inline script, a style element or attribute, or an on… handler attribute")
    func templatesNeedNoInlineCode() throws {
        let folder = TestApp.repositoryRoot.appendingPathComponent("static/templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count >= 12)
        let forbidden = [
            (#"<script\b[^>]*>\s*[^<\s]"#, "an inline script"),
            (#"<script\b(?![^>]*\bsrc=)"#, "a script without src"),
            (#"<style\b"#, "a style element"),
            (#"\sstyle\s*="#, "a style attribute"),
            (#"\son[a-z]+\s*="#, "an event handler attribute"),
            (#"javascript:"#, "a javascript: URL"),
        ]
        for name in names.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (pattern, what) in forbidden {
                #expect(text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) == nil, "\(name) has \(what)")
            }
        }
    }
}
