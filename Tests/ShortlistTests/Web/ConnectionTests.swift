import Foundation
import Testing
@testable import Shortlist

/// `[server] idle_timeout_seconds` and `max_connections` on a live server. The limits are set
/// far below what `check-config` allows, straight in the config, to keep the tests fast.
@Suite("Connections: idle timeout and limit", .timeLimit(.minutes(5)))
struct ConnectionTests {
    /// Generous: a closed connection is seen well within it, an open one clearly outlives the timeout.
    static let patience = Duration.seconds(6)

    static func app(idle: Int = 1, max: Int = 1_024) async throws -> TestApp {
        try await TestApp.make {
            $0.server.idleTimeoutSeconds = idle
            $0.server.maxConnections = max
        }
    }

    @Test("An idle keep-alive connection is closed by the server after idle_timeout_seconds")
    func idleKeepAlive() async throws {
        try await Self.app().serve { port in
            let connection = try RawConnection(port: port)
            let first = try await connection.getHealth()
            #expect(first.text.hasPrefix("HTTP/1.1 200"))
            // Kept alive by the answer; on a loaded machine the timeout may already have closed it
            // by the time the answer is read, so only a connection still open is waited on.
            #expect(!first.text.lowercased().contains("connection: close"))
            if !first.closed {
                let after = try await connection.read(timeout: Self.patience)
                #expect(after.closed)
                #expect(after.text.isEmpty)
            }
        }
    }

    @Test("A connection that sends nothing, or stops halfway through its headers or body, is closed")
    func slowRequests() async throws {
        try await Self.app().serve { port in
            let silent = try RawConnection(port: port)
            let halfHeaders = try RawConnection(port: port)
            try halfHeaders.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            let halfBody = try RawConnection(port: port)
            try halfBody.send("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=")
            for connection in [silent, halfHeaders, halfBody] {
                #expect(try await connection.read(timeout: Self.patience).closed)
            }
        }
    }

    @Test("Headers trickled a byte at a time (slowloris) do not keep a connection open: the timeout runs until the head is complete")
    func trickledHeaders() async throws {
        try await Self.app().serve { port in
            let connection = try RawConnection(port: port)
            let head = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + String(repeating: "a", count: 200))
            var closed = false
            let deadline = ContinuousClock.now + Self.patience
            for character in head where !closed && ContinuousClock.now < deadline {
                if (try? connection.send(String(character))) == nil { closed = true }
                closed = try await connection.read(timeout: .milliseconds(100)).closed || closed
            }
            if !closed { closed = try await connection.read(timeout: Self.patience).closed }
            #expect(closed)
        }
    }

    @Test("A connection that keeps sending requests is not cut by the idle timeout")
    func busyConnection() async throws {
        try await Self.app(idle: 2).serve { port in
            // A request every 0.2 s for 5 s, two and a half times the timeout in all, timed on a
            // thread of its own so that no pause of the test itself looks like an idle client.
            let answers = try await onOwnThread { () -> [RawConnection.Received] in
                let connection = try RawConnection(port: port)
                var answers: [RawConnection.Received] = []
                let end = ContinuousClock.now + .seconds(5)
                while ContinuousClock.now < end {
                    answers.append(try connection.getHealthBlocking())
                    Thread.sleep(forTimeInterval: 0.2)
                }
                return answers
            }
            // However slow the machine, the requests spanned 5 s on one connection.
            #expect(answers.count >= 2)
            for answer in answers {
                #expect(answer.text.hasPrefix("HTTP/1.1 200"))
                #expect(!answer.closed)
            }
        }
    }

    @Test("An event stream stays open past the idle timeout: the timeout is on reads, not on a response being sent")
    func eventStreamOutlivesIdleTimeout() async throws {
        let app = try await Self.app()
        try await app.serve { port in
            try await EventStreamClient.open(port: port, headers: ["Authorization": "Bearer \(app.adminToken)"]) { response, reader in
                #expect(response.status.code == 200)
                try await reader.read(until: "retry: 3000\n\n")
                // No heartbeat comes for 15 s: only the idle timeout could end the stream meanwhile.
                try await Task.sleep(for: .milliseconds(2_500))
                app.events.publish(LiveEvent(name: "batch.updated", data: #"{"id":"b1"}"#))
                let text = try await reader.read(until: "}\n\n")
                #expect(text.hasSuffix("event: batch.updated\ndata: {\"id\":\"b1\"}\n\n"))
            }
        }
    }

    @Test("Past max_connections a new connection is closed at once while the open ones keep working")
    func connectionLimit() async throws {
        try await Self.app(idle: 60, max: 3).serve { port in
            let open = try (0..<3).map { _ in try RawConnection(port: port) }
            for connection in open {
                #expect(try await connection.getHealth().text.hasPrefix("HTTP/1.1 200"))
            }
            let extra = try RawConnection(port: port)
            try? extra.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let refused = try await extra.read(timeout: Self.patience)
            #expect(refused.closed)
            #expect(refused.text.isEmpty)
            for connection in open {
                #expect(try await connection.getHealth().text.hasPrefix("HTTP/1.1 200"))
            }
            // Once one closes, a new connection gets its place (the count drops as the close completes).
            open[0].close()
            var admitted = false
            let deadline = ContinuousClock.now + .seconds(30)
            while !admitted, ContinuousClock.now < deadline {
                let next = try RawConnection(port: port)
                let response = try? await next.getHealth(timeout: .seconds(2))
                admitted = response?.text.hasPrefix("HTTP/1.1 200") == true
                if !admitted { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(admitted)
        }
    }

}
