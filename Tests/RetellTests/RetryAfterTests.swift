import Foundation
@testable import Retell
import Testing

@Suite("Retry-After")
struct RetryAfterTests {
    @Test("retry-after-ms wins over retry-after; seconds and HTTP dates are read")
    func parsing() {
        #expect(HTTPRetellClient.retryAfter(milliseconds: "1500", seconds: "9") == .milliseconds(1500))
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: "3") == .seconds(3))
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: "0.25") == .milliseconds(250))
        let now = Date(timeIntervalSince1970: 1_773_158_400)
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: "Tue, 10 Mar 2026 16:00:10 GMT", now: now) == .seconds(10))
    }

    @Test("Waits outside 0–60 s or unreadable values are ignored")
    func outOfRange() {
        #expect(HTTPRetellClient.retryAfter(milliseconds: "61000", seconds: nil) == nil)
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: "120") == nil)
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: "-1") == nil)
        #expect(HTTPRetellClient.retryAfter(milliseconds: "soon", seconds: "later") == nil)
        #expect(HTTPRetellClient.retryAfter(milliseconds: nil, seconds: nil) == nil)
    }

    @Test("A Retry-After over 60 s falls back to the backoff")
    func longRetryAfter() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/get-concurrency", .json(429, "{}", headers: ["retry-after": "120"]),
                             .json(200, #"{"current_concurrency":0,"concurrency_limit":20}"#))
            let concurrency = try await retell.getConcurrency()
            #expect(concurrency.concurrencyLimit == 20)
            #expect(await recorder.waits == [.milliseconds(500)])
        }
    }

    @Test("x-should-retry: false stops a retry")
    func shouldRetryFalse() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/get-concurrency", .json(503, "{}", headers: ["x-should-retry": "false"]))
            await #expect(throws: RetellError.self) { try await retell.getConcurrency() }
            #expect(await fake.seen.count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }
}
