import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Prometheus
import Testing
@testable import Shortlist

/// The admin page's route group (`PageAuthMiddleware`), checked over every route in it rather than
/// page by page, so a page added to the group is covered without a test of its own.
@Suite("Admin page: sign-in group")
struct PageAuthTests {
    /// Every (method, path) behind the sign-in group, with sample values for its parameters.
    static func pageRoutes(_ app: TestApp) throws -> [(method: HTTPRequest.Method, path: String)] {
        let dependencies = Dependencies(
            database: app.database, clock: app.clock, metrics: PrometheusCollectorRegistry(), logger: Logger(label: "test"),
            retell: nil)
        return try routeTable(config: app.config, dependencies: dependencies).pages.map { endpoint in
            (endpoint.method, endpoint.path.replacingOccurrences(of: "{id}", with: "0190a1b2-0000-7000-8000-000000000001")
                .replacingOccurrences(of: "{action}", with: "pause"))
        }
    }

    static func auditRows(_ app: TestApp) async throws -> Int {
        try await app.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
    }

    @Test("Every page in the group sends a browser without a session to the sign-in page, for GET and POST alike")
    func unsignedGoToLogin() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        let routes = try Self.pageRoutes(app)
        #expect(routes.count >= 25)
        try await app.test { client in
            for route in routes {
                let answer = route.method == .post
                    ? try await SignInPagesTests.post(client, route.path, form: [], cookie: nil)
                    : try await client.execute(uri: route.path, method: route.method)
                #expect(answer.status == .seeOther, "\(route.method) \(route.path)")
                #expect(answer.headers[.location] == "/login", "\(route.method) \(route.path)")
            }
        }
    }

    @Test("Every POST in the group without the session's CSRF token is refused with 403 and changes nothing")
    func postsNeedTheToken() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        let posts = try Self.pageRoutes(app).filter { $0.method == .post }
        #expect(posts.count >= 9)
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let before = try await Self.auditRows(app)
            for route in posts {
                let missing = try await SignInPagesTests.post(client, route.path, form: [("company", "Acme")], cookie: admin.cookie)
                #expect(missing.status == .forbidden, "\(route.path) without a token")
                let forged = try await SignInPagesTests.post(client, route.path, form: [("_csrf", "forged")], cookie: admin.cookie)
                #expect(forged.status == .forbidden, "\(route.path) with a forged token")
            }
            #expect(try await Self.auditRows(app) == before)
            #expect(try await app.database.jobs(after: nil, limit: 10).items.isEmpty)
        }
    }

    @Test("An upload without the CSRF token is refused before its file is looked at; a body that is not a form is a 400")
    func uploadsNeedTheToken() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let boundary = "----shortlist-test"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dnc.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nphone\r\n+15125550134\r\n--\(boundary)--\r\n"
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: admin.cookie]
            let refused = try await client.execute(uri: "/dnc/import", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(refused.status == .forbidden)
            #expect(try await app.database.isOnDNC(phone: "+15125550134") == false)

            let broken = try await client.execute(
                uri: "/dnc/import", method: .post, headers: headers, body: ByteBuffer(string: "--\(boundary)\r\nno headers end"))
            #expect(broken.status == .badRequest)
        }
    }

    @Test("A POST larger than any page takes is refused with 413 in words before a handler runs, even one that reads no body")
    func oversizedPostsAreRefused() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            let agent = try await SignInPagesTests.post(client, "/campaigns/\(id)/agent", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(agent.status == .seeOther)
            let padding = String(repeating: "a", count: PageAuthMiddleware.formLimit)
            let big = try await SignInPagesTests.post(
                client, "/campaigns/\(id)/batches", form: [("_csrf", admin.csrf), ("pad", padding)], cookie: admin.cookie)
            #expect(big.status == .contentTooLarge)
            #expect(big.text.contains("The form is larger than 256 KB"))
            #expect(try await app.database.batches(campaignID: id).isEmpty)

            let upload = try await client.execute(
                uri: "/dnc/import", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=x", .cookie: admin.cookie],
                body: ByteBuffer(repeating: UInt8(ascii: "a"), count: PageAuthMiddleware.uploadLimit + 1))
            #expect(upload.status == .contentTooLarge)
            #expect(upload.text.contains("The file is larger than 10 MB"))
        }
    }

    @Test("The sign-in form, the assets and the live stream stay outside the group")
    func openRoutes() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let login = try await client.execute(uri: "/login", method: .get)
            let css = try await client.execute(uri: "/app.css", method: .get)
            let script = try await client.execute(uri: "/app.js", method: .get)
            let stream = try await client.execute(uri: "/live/events", method: .get)
            #expect(login.status == .ok)
            #expect(css.status == .ok)
            #expect(script.status == .ok)
            #expect(stream.status == .unauthorized)
        }
    }
}
