import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Shortlist

/// Event streams are capped per token and per session, and end at the heartbeat after their
/// credential ends: token revoked, session signed out or expired, user disabled or demoted.
@Suite("Live events: stream caps and endings", .timeLimit(.minutes(1)))
struct EventStreamEndsTests {
    static let heartbeat = Duration.milliseconds(50)
    static let userEmail = "rita@agency.example"
    static let userToken = "slt_test_rita"
    static let sessionCookie = "\(AdminSessions.sessionCookie)=session-of-rita"
    static let csrf = "csrf-of-rita"

    /// An app with fast heartbeats, a recruiter `userEmail`, a recruiter token made for her, and a session of hers.
    static func app() async throws -> TestApp {
        var app = try await TestApp.make { $0.security.cookieSecure = false }
        app.eventHeartbeat = heartbeat
        let user = try await app.database.createUser(
            email: userEmail, name: "Rita", role: .recruiter, passwordHash: "unused", by: .cli)
        _ = try await app.database.createToken(
            name: "rita", role: .recruiter, tokenHash: APIToken.hash(userToken), userID: user.id, by: .cli)
        try await app.database.createSession(
            userID: user.id, tokenHash: APIToken.hash("session-of-rita"), csrfToken: csrf, ip: nil, userAgent: nil, lifetime: 3_600)
        return app
    }

    static let tokenStream = (path: "/api/v1/events", headers: ["Authorization": "Bearer \(userToken)"])
    static let sessionStream = (path: "/live/events", headers: ["Cookie": sessionCookie])

    /// Opens a stream, checks it stays open across two heartbeats (its credential re-checked each
    /// time), runs `change`, and expects the server to end the stream by itself.
    static func expectEnds(
        _ stream: (path: String, headers: [String: String]), after change: @escaping @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = try await Self.app()
        try await app.test(.live) { client in
            try await EventStreamClient.open(port: try #require(client.port), path: stream.path, headers: stream.headers) { response, reader in
                #expect(response.status.code == 200)
                try await reader.read(until: ": heartbeat\n\n: heartbeat\n\n")
                try await change(app, client)
                let text = try await reader.readToEnd()
                #expect(text.hasPrefix("retry: 3000\n\n: heartbeat\n\n"))
                #expect(!text.contains("event:"))
            }
            try await Self.waitForNoSubscribers(app.events)
        }
    }

    static func waitForNoSubscribers(_ hub: EventHub) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while hub.subscriberCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(hub.subscriberCount == 0)
    }

    // MARK: Endings

    @Test("A token's stream ends at the next heartbeat after the token is revoked")
    func tokenRevoked() async throws {
        try await Self.expectEnds(Self.tokenStream) { app, _ in
            try await app.database.revokeToken(name: "rita", by: .cli)
        }
    }

    @Test("A token's stream ends when the token's user is disabled")
    func tokenUserDisabled() async throws {
        try await Self.expectEnds(Self.tokenStream) { app, _ in
            try await app.database.disableUser(email: Self.userEmail, by: .cli)
        }
    }

    @Test("A token's stream ends when the token's user is demoted, since the token now acts as the lower role")
    func tokenUserDemoted() async throws {
        try await Self.expectEnds(Self.tokenStream) { app, _ in
            try await app.database.setRole(email: Self.userEmail, role: .viewer, by: .cli)
        }
    }

    @Test("A session's stream ends when the user signs out")
    func sessionSignedOut() async throws {
        try await Self.expectEnds(Self.sessionStream) { _, client in
            let response = try await SignInPagesTests.post(client, "/logout", form: [("_csrf", Self.csrf)], cookie: Self.sessionCookie)
            #expect(response.status == .seeOther)
        }
    }

    @Test("A session's stream ends when the session expires")
    func sessionExpired() async throws {
        try await Self.expectEnds(Self.sessionStream) { app, _ in
            app.clock.advance(by: 3_601)
        }
    }

    @Test("A session's stream ends when its user is disabled")
    func sessionUserDisabled() async throws {
        try await Self.expectEnds(Self.sessionStream) { app, _ in
            try await app.database.disableUser(email: Self.userEmail, by: .cli)
        }
    }

    @Test("A session's stream ends when its user is demoted")
    func sessionUserDemoted() async throws {
        try await Self.expectEnds(Self.sessionStream) { app, _ in
            try await app.database.setRole(email: Self.userEmail, role: .viewer, by: .cli)
        }
    }

    // MARK: Caps

    @Test("A token holds at most four streams: the fifth is a 429 saying so, and closing one frees its place")
    func tokenCap() async throws {
        try await Self.expectCap(Self.tokenStream, tryAnotherToken: true)
    }

    @Test("A session holds at most four streams on /live/events: the fifth is a 429, and closing one frees its place")
    func sessionCap() async throws {
        try await Self.expectCap(Self.sessionStream, tryAnotherToken: false)
    }

    /// Opens four streams, expects the fifth refused (another token still gets one), closes one of
    /// the four and expects a new one to be let in once the server has noticed.
    static func expectCap(_ stream: (path: String, headers: [String: String]), tryAnotherToken: Bool) async throws {
        let app = try await Self.app()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Each response is kept: dropping one unread closes its connection, which frees its place.
            var open: [(HTTPClient, HTTPClientResponse)] = []
            do {
                for _ in 0..<EventsAPI.defaultStreamsPerCredential {
                    open.append(try await Self.request(port: port, stream))
                    #expect(open.last?.1.status.code == 200)
                }
                let (refusing, refused) = try await Self.request(port: port, stream)
                #expect(refused.status.code == 429)
                let body = String(buffer: try await refused.body.collect(upTo: 1 << 16))
                try await refusing.shutdown()
                #expect(body.contains("already has 4 live event streams open"))
                if tryAnotherToken {
                    open.append(try await Self.request(port: port, (stream.path, ["Authorization": "Bearer \(app.adminToken)"])))
                    #expect(open.last?.1.status.code == 200)
                }
                try await open.removeFirst().0.shutdown()
                // The server notices the closed connection at its next heartbeat write; on a loaded
                // machine (CI's two cores running every suite at once) that can take several
                // heartbeats, so wait up to 30 s: the loop ends as soon as the place is free.
                let deadline = ContinuousClock.now + .seconds(30)
                var status = 429
                while status == 429, ContinuousClock.now < deadline {
                    let (http, response) = try await Self.request(port: port, stream)
                    status = Int(response.status.code)
                    if status == 429 {
                        _ = try await response.body.collect(upTo: 1 << 16)
                        try await http.shutdown()
                        try await Task.sleep(for: .milliseconds(20))
                    } else {
                        open.append((http, response))
                    }
                }
                #expect(status == 200)
            } catch {
                for (http, _) in open { try? await http.shutdown() }
                throw error
            }
            for (http, _) in open { try await http.shutdown() }
        }
    }

    /// One request on its own client (its own connection), left open.
    static func request(port: Int, _ stream: (path: String, headers: [String: String])) async throws -> (HTTPClient, HTTPClientResponse) {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(stream.path)")
        for (name, value) in stream.headers { request.headers.add(name: name, value: value) }
        do {
            return (http, try await http.execute(request, timeout: .seconds(60)))
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
