import Foundation
import Testing
@testable import Shortlist

/// A request body that trickles in, a byte just inside every idle timeout, is cut once it falls
/// behind the minimum pace; the idle timeout alone would let it hold its connection for good.
@Suite("Connections: request bodies that trickle", .timeLimit(.minutes(2)))
struct BodyPaceTests {
    @Test("The pace: the idle timeout's grace plus a second for every KiB received")
    func pace() {
        let grace = Duration.seconds(60)
        #expect(PacedBody.onPace(received: 1, elapsed: .seconds(59), grace: grace, minBytesPerSecond: 1_024))
        #expect(!PacedBody.onPace(received: 2, elapsed: .seconds(118), grace: grace, minBytesPerSecond: 1_024))
        #expect(PacedBody.onPace(received: 10 * 1_048_576, elapsed: .seconds(3_600), grace: grace, minBytesPerSecond: 1_024))
        #expect(!PacedBody.onPace(received: 1_024, elapsed: .seconds(62), grace: grace, minBytesPerSecond: 1_024))
    }

    @Test("A webhook body sent a byte every 0.3 s is cut soon after the grace, though no read is ever idle for long")
    func trickledBodyIsCut() async throws {
        let app = try await TestApp.make { $0.server.idleTimeoutSeconds = 2 }
        try await app.serve { port in
            let outcome = try await onOwnThread { () -> (closed: Bool, seconds: Double) in
                let connection = try RawConnection(port: port)
                let started = ContinuousClock.now
                try connection.send("POST /webhooks/retell HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                while ContinuousClock.now - started < .seconds(20) {
                    if (try? connection.send("{")) == nil { break }
                    if connection.readBlocking(timeout: .milliseconds(300)).closed { break }
                }
                let closed = connection.readBlocking(timeout: .seconds(1)).closed
                let elapsed = ContinuousClock.now - started
                return (closed, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            #expect(outcome.closed)
            #expect(outcome.seconds < 20)
        }
    }
}
