import Dispatch
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

/// Failed sign-ins and sign-outs in the audit log, and what a locked-out flood costs.
@Suite("Sign-in audit")
struct SignInAuditTests {
    static func detail(_ record: AuditLogRecord) throws -> [String: String] {
        try #require(try JSONSerialization.jsonObject(with: Data(record.detail.utf8)) as? [String: String])
    }

    static func attempt(_ client: any TestClientProtocol, email: String, password: String) async throws -> TestResponse {
        let (csrf, cookie) = try await SignInPagesTests.openForm(client)
        return try await SignInPagesTests.post(client, "/login", form: [("_csrf", csrf), ("email", email), ("password", password)], cookie: cookie)
    }

    @Test("A wrong password is audited against the user with the email as typed, the client address and the reason")
    func wrongPasswordAudited() async throws {
        let app = try await SignInPagesTests.app()
        try await app.test { client in
            #expect(try await Self.attempt(client, email: "ANA@agency.example", password: "guess").status == .unauthorized)
            let user = try #require(try await app.database.user(email: SignInPagesTests.email))
            let row = try #require(try await app.database.auditLog(subjectType: "user").first)
            #expect(row.action == "user.login_failed")
            #expect(row.subjectID == user.id)
            #expect(row.actorLabel == "anonymous")
            let detail = try Self.detail(row)
            #expect(detail["email"] == "ANA@agency.example")
            #expect(detail["reason"] == "wrong password")
            #expect(detail["ip"]?.isEmpty == false)
            #expect(!row.detail.contains("guess"))
        }
    }

    @Test("An unknown email is audited with no user and cut to 120 characters; the form shows at most 254")
    func unknownEmailAudited() async throws {
        let app = try await SignInPagesTests.app()
        try await app.test { client in
            let email = String(repeating: "a", count: 5_000) + "@example.com"
            let response = try await Self.attempt(client, email: email, password: "whatever it is")
            #expect(response.status == .unauthorized)
            #expect(!response.text.contains(String(repeating: "a", count: 255)))
            let row = try #require(try await app.database.auditLog().first)
            #expect(row.action == "user.login_failed")
            #expect(row.subjectID == nil)
            let detail = try Self.detail(row)
            #expect(detail["email"] == String(repeating: "a", count: 120))
            #expect(detail["reason"] == "unknown email")
        }
    }

    @Test("A disabled user's right password is refused and audited as a disabled user")
    func disabledAudited() async throws {
        let app = try await SignInPagesTests.app()
        try await app.database.disableUser(email: SignInPagesTests.email, by: .cli)
        try await app.test { client in
            #expect(try await SignInPagesTests.signIn(client).status == .unauthorized)
            let row = try #require(try await app.database.auditLog(subjectType: "user").first)
            #expect(row.action == "user.login_failed")
            #expect(try Self.detail(row)["reason"] == "user disabled")
        }
    }

    @Test("Signing out is audited with the user and the client address")
    func signOutAudited() async throws {
        let app = try await SignInPagesTests.app()
        try await app.test { client in
            let cookieHeader = try #require(SignInPagesTests.sessionCookie(try await SignInPagesTests.signIn(client)))
            let cookie = String(cookieHeader.prefix { $0 != ";" })
            let csrf = try await app.database.writer.read { db in try String.fetchOne(db, sql: "SELECT csrf_token FROM sessions") }
            let out = try await SignInPagesTests.post(client, "/logout", form: [("_csrf", try #require(csrf))], cookie: cookie)
            #expect(out.status == .seeOther)
            let row = try #require(try await app.database.auditLog(subjectType: "user").first)
            #expect(row.action == "user.logout")
            #expect(row.actorLabel == SignInPagesTests.email)
            #expect(try Self.detail(row)["ip"]?.isEmpty == false)
        }
    }

    @Test("Once an address is locked, a flood of long unknown emails is refused with 429 and writes nothing")
    func lockedFloodWritesNothing() async throws {
        let app = try await SignInPagesTests.app()
        try await app.test { client in
            for index in 0..<5 {
                #expect(try await Self.attempt(client, email: "guess\(index)@example.com", password: "nope").status == .unauthorized)
            }
            let audited = try await app.database.auditLog(limit: 1_000).count
            for index in 0..<40 {
                let email = String(repeating: "x", count: 2_000) + "\(index)@example.com"
                let response = try await Self.attempt(client, email: email, password: "nope")
                #expect(response.status == .tooManyRequests)
                #expect(response.text.contains("Too many failed sign-ins from this address."))
            }
            #expect(try await app.database.auditLog(limit: 1_000).count == audited)
        }
    }

    @Test("When every password check is taken and none may wait, the form says to try again shortly with 503, and nothing is counted")
    func busyQueue() async throws {
        let app = try await SignInPagesTests.app()
        let queue = BoundedWorkQueue(label: "test.busy", limit: 1, maxWaiting: 0)
        let throttle = LoginThrottle(clock: app.clock)
        let pages = SignInPages(
            database: app.database, sessions: AdminSessions(database: app.database, lifetime: 3_600, secureCookies: false),
            throttle: throttle, passwords: PasswordChecker(queue: queue),
            renderer: try PageRenderer(staticDir: app.config.server.staticDir))
        let router = Router(context: AppRequestContext.self)
        router.get("/login", use: pages.show)
        router.post("/login", use: pages.signIn)
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await queue.run { gate.wait() } }
        defer { gate.signal() }
        #expect(try await BoundedWorkQueueTests.eventually { queue.runningCount == 1 })
        try await Application(router: router).test(.router) { client in
            let response = try await SignInPagesTests.signIn(client)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
            #expect(response.text.contains("Many sign-ins are being checked right now. Please try again in a few seconds."))
            #expect(throttle.count == 0)
            #expect(try await app.database.auditLog(subjectType: "user").first?.action != "user.login_failed")
        }
        gate.signal()
        try await blocker.value
    }
}
