import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Retell
import Testing
@testable import Shortlist

/// Unsigned webhook traffic costs O(1): a rejected delivery keeps its first 4 KiB, length and
/// SHA-256; rejected deliveries are limited per address and in all; they expire with the sweep.
@Suite("Webhook receiver: rejected deliveries")
struct RejectedWebhookTests {
    static func receiver(_ app: TestApp, perMinute: Int = 3) -> WebhookReceiver {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return WebhookReceiver(
            database: app.database, keys: [TestApp.webhookKey], clock: app.clock, logger: logger, rejectsPerMinute: perMinute)
    }

    static func rejected(_ app: TestApp) async throws -> [WebhookEventRecord] {
        try await app.database.writer.read { db in try WebhookEventRecord.filter(Column("signature_valid") == false).fetchAll(db) }
    }

    @Test("An unsigned 1 MiB body keeps only its first 4 KiB, with the whole body's length and SHA-256")
    func keepsHead() async throws {
        let app = try await TestApp.make()
        let body = Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let reply = await Self.receiver(app).receive(body: body, signature: nil, source: "198.51.100.1")
        #expect(reply == .unauthorized(.missing))
        let stored = try #require(try await Self.rejected(app).first)
        #expect(stored.payload == body.prefix(4_096))
        #expect(stored.payloadBytes == 1_048_576)
        #expect(stored.payloadSHA256 == SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())
    }

    @Test("Past the minute's limit an address's unsigned deliveries are 429 and not stored; another address and signed ones still go through")
    func perSourceLimit() async throws {
        let app = try await TestApp.make()
        let receiver = Self.receiver(app, perMinute: 3)
        let body = Data(#"{"event":"call_started","call":{"call_id":"x"}}"#.utf8)
        for _ in 0..<3 {
            #expect(await receiver.receive(body: body, signature: "v=1,d=00", source: "203.0.113.9") == .unauthorized(.malformed))
        }
        #expect(await receiver.receive(body: body, signature: "v=1,d=00", source: "203.0.113.9") == .throttled)
        #expect(await receiver.receive(body: body, signature: nil, source: "203.0.113.10") == .unauthorized(.missing))
        #expect(try await Self.rejected(app).count == 4)
        // Signed deliveries from the throttled address are never limited.
        let signed = Data(Hook.body("call_started", status: "ongoing").utf8)
        let header = WebhookSignature.sign(body: signed, key: TestApp.webhookKey, timestampMS: 1_795_000_000_000)
        #expect(await receiver.receive(body: signed, signature: header, source: "203.0.113.9") == .accepted)
        // A minute later the address may be heard again.
        app.clock.advance(by: 60)
        #expect(await receiver.receive(body: body, signature: nil, source: "203.0.113.9") == .unauthorized(.missing))
    }

    @Test("Over HTTP the throttled delivery is 429 with Retry-After")
    func httpThrottle() async throws {
        let app = try await TestApp.make { $0.security.webhookRejectsPerMinute = 1 }
        try await app.test { client in
            let first = try await Hook.post(client, "{}", app: app, signature: nil)
            #expect(first.status == .unauthorized)
            let second = try await Hook.post(client, "{}", app: app, signature: nil)
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] == "60")
            #expect(try await Self.rejected(app).count == 1)
        }
    }

    @Test("The limiter's table of addresses never grows past its size, and a full table of fresh addresses refuses a new one")
    func boundedTable() {
        let limiter = RejectLimiter(perSource: 5, overall: 1_000_000, capacity: 100)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        for index in 0..<100 { #expect(limiter.allow(source: "10.0.0.\(index)", now: start)) }
        #expect(!limiter.allow(source: "10.0.1.1", now: start))
        #expect(limiter.trackedSources == 100)
        // A minute on, the old addresses are swept out when a new one arrives.
        #expect(limiter.allow(source: "10.0.1.1", now: start.addingTimeInterval(61)))
        #expect(limiter.trackedSources == 1)
    }

    @Test("All addresses together are limited too")
    func overallLimit() {
        let limiter = RejectLimiter(perSource: 5, overall: 3)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect((0..<5).map { limiter.allow(source: "2001:db8::\($0)", now: now) } == [true, true, true, false, false])
    }

    @Test("The retention sweep removes rejected deliveries older than rejected_events_days, keeps newer and signed ones, and audits itself")
    func sweep() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            _ = try await Hook.post(client, "old", app: app, signature: nil)
            #expect(try await Hook.post(client, Hook.body("call_started", status: "ongoing"), app: app).status == .noContent)
            app.clock.advance(by: 8 * 86_400)
            _ = try await Hook.post(client, "new", app: app, signature: nil)
            let report = try await RetentionSweep(database: app.database, retention: .init(), clock: app.clock).run()
            #expect(report.rejectedWebhooks == 1)
            #expect(try await Self.rejected(app).map(\.payload) == [Data("new".utf8)])
            #expect(try await app.database.webhookEvents(retellCallID: "call_test_1").count == 1)
            let audit = try #require(try await app.database.auditLog(subjectType: "retention").first)
            #expect(audit.action == "retention.sweep")
            #expect(audit.detail.contains(#""rejected_webhooks":"1""#))
            _ = seed
            // 0 keeps them forever.
            app.clock.advance(by: 30 * 86_400)
            var keep = Config.Retention()
            keep.rejectedEventsDays = 0
            #expect(try await RetentionSweep(database: app.database, retention: keep, clock: app.clock).run().rejectedWebhooks == 0)
            #expect(try await Self.rejected(app).count == 1)
        }
    }

    @Test("Migration v4 cuts rejected deliveries stored before it down to 4 KiB, length and SHA-256, and leaves signed ones whole")
    func migrationTrims() throws {
        let queue = try DatabaseQueue()
        let database = AppDatabase(writer: queue, clock: FixedClock(TestApp.start), ids: SequentialIDGenerator())
        try database.migrator.migrate(queue, upTo: "v3")
        let big = Data(repeating: 0x41, count: 100_000)
        try queue.write { db in
            for (id, valid) in [("rejected", 0), ("signed", 1)] {
                try db.execute(sql: """
                    INSERT INTO webhook_events (id, received_at, payload, signature_valid) VALUES (?, '2026-11-01 00:00:00.000', ?, ?)
                    """, arguments: [id, big, valid])
            }
        }
        #expect(try database.migrate() == ["v4", "v5", "v6_lifelive", "v6_shortlist", "v7", "v8_consent", "v8_recordings", "v8_retention", "v8_erase"])
        let rows = try queue.read { db in try WebhookEventRecord.order(Column("id")).fetchAll(db) }
        #expect(rows.map(\.id) == ["rejected", "signed"])
        #expect(rows[0].payload.count == 4_096)
        #expect(rows[0].payloadBytes == 100_000)
        #expect(rows[0].payloadSHA256 == RejectedPayload(big).sha256)
        #expect(rows[1].payload == big)
        #expect(rows[1].payloadBytes == nil)
    }
}
