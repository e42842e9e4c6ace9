import Crypto
import Foundation
import GRDB
import HummingbirdTesting
import Metrics
import Prometheus
import Testing
@testable import Shortlist

/// `[retention]` applied by the daily sweep (DESIGN §8), with the test clock moved forward: each
/// setting removes what it names, rows just inside the limit stay, other kinds are untouched, one
/// audit row per sweep, and `shortlist_retention_removed_total{kind}` moves.
@Suite("Retention sweep: raw bodies and transcripts")
struct RetentionSweepTests {
    static let transcriptObject = #","transcript_object":[{"role":"agent","content":"Hello","words":[{"word":"Hello","start":0.5,"end":0.9}]}]"#

    static func events(_ app: TestApp) async throws -> [WebhookEventRecord] {
        try await app.database.writer.read { db in try WebhookEventRecord.order(Column("received_at"), Column("id")).fetchAll(db) }
    }

    static func retention(raw: Int = 0, rejected: Int = 0, transcripts: Int = 0) -> Config.Retention {
        var retention = Config.Retention()
        retention.rawEventsDays = raw
        retention.rejectedEventsDays = rejected
        retention.transcriptsDays = transcripts
        return retention
    }

    static func counter(_ registry: PrometheusCollectorRegistry, _ kind: String) -> String? {
        registry.emitToString().split(separator: "\n")
            .first { $0.hasPrefix(#"shortlist_retention_removed_total{kind="\#(kind)"}"#) }
            .map { String($0.split(separator: " ").last ?? "") }
    }

    /// A legacy row: a signed body stored whole, as before `v8_retention`.
    static func insertWholeBody(_ app: TestApp, id: String, body: String, at date: Date) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO webhook_events (id, received_at, event, retell_call_id, payload, signature_valid, processed_at, outcome)
                VALUES (?, ?, 'call_ended', ?, ?, 1, ?, 'applied')
                """, arguments: [id, date, "call_legacy_\(id)", Data(body.utf8), date])
        }
    }

    @Test("A signed delivery is stored deflated without its transcripts, with the length and SHA-256 of the body as received")
    func storesCompressed() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let body = Hook.body("call_ended", status: "ended", reason: "user_hangup", extra: Self.transcriptObject)
            #expect(try await Hook.post(client, body, app: app).status == .noContent)
            let stored = try #require(try await Self.events(app).first)
            #expect(stored.payloadEncoding == .deflate)
            #expect(stored.payloadBytes == body.utf8.count)
            #expect(stored.payloadSHA256 == SHA256.hash(data: Data(body.utf8)).hexString)
            let kept = try #require(try stored.body())
            let call = try #require((try JSONSerialization.jsonObject(with: kept) as? [String: Any])?["call"] as? [String: Any])
            #expect(call["call_id"] as? String == "call_test_1")
            #expect(call["disconnection_reason"] as? String == "user_hangup")
            #expect(call.keys.filter { $0.contains("transcript") }.isEmpty)
            // The transcript is kept once, in the analysis.
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")
        }
    }

    @Test("An analysis keeps its transcript deflated on disk and reads it back as text; one stored as text before reads as it is")
    func transcriptDeflated() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            let stored = try await app.database.writer.read { db in
                try Row.fetchOne(db, sql: "SELECT typeof(transcript) AS kind, CAST(transcript AS BLOB) AS bytes FROM retell_call_analysis")
            }
            #expect(stored?["kind"] == "blob")
            let bytes: Data = try #require(stored?["bytes"])
            #expect(bytes.range(of: Data("User: Hi".utf8)) == nil)
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_call_analysis SET transcript = 'Agent: Older\nUser: Text'")
            }
            #expect(try await seed.analysis(app)?.transcript == "Agent: Older\nUser: Text")
        }
    }

    @Test("raw_events_days reduces older signed bodies to their metadata, keeps the one just inside, and duplicates are still recognised")
    func reducesRawBodies() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let started = Hook.body("call_started", status: "ongoing")
            #expect(try await Hook.post(client, started, app: app).status == .noContent)
            app.clock.advance(by: 1)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            _ = try await Hook.post(client, "unsigned", app: app, signature: nil)
            app.clock.advance(by: 30 * 86_400)

            let registry = PrometheusCollectorRegistry()
            let sweep = RetentionSweep(
                database: app.database, retention: Self.retention(raw: 30), clock: app.clock,
                metrics: PrometheusMetricsFactory(registry: registry))
            let report = try await sweep.run()
            #expect(report == RetentionSweep.Report(rejectedWebhooks: 0, rawWebhookBodies: 1, transcripts: 0))

            let rows = try await Self.events(app)
            #expect(rows.map(\.event) == ["call_started", "call_ended", nil])
            #expect(rows[0].payloadEncoding == PayloadEncoding.none)
            #expect(rows[0].payload.isEmpty)
            #expect(try rows[0].body() == nil)
            #expect(rows[0].payloadBytes == started.utf8.count)
            #expect(rows[0].payloadSHA256 == SHA256.hash(data: Data(started.utf8)).hexString)
            #expect(rows[0].outcome == .applied)
            #expect(rows[1].payloadEncoding == .deflate)
            #expect(rows[2].signatureValid == false)
            #expect(rows[2].payload == Data("unsigned".utf8))
            // The transcript is another setting's (0: kept forever).
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")

            // Retell sends call_started again: still a duplicate, nothing new stored.
            #expect(try await Hook.post(client, started, app: app).status == .noContent)
            #expect(try await Self.events(app).count == 3)

            #expect(Self.counter(registry, "raw_webhook_bodies") == "1")
            #expect(Self.counter(registry, "transcripts") == "0")
            let second = try await sweep.run()
            #expect(second.rawWebhookBodies == 0)
            #expect(Self.counter(registry, "raw_webhook_bodies") == "1")
            let audits = try await app.database.auditLog(subjectType: "retention")
            #expect(audits.count == 2)
            #expect(audits.last?.detail.contains(#""raw_webhook_bodies":"1""#) == true)
            #expect(audits.last?.detail.contains(#""transcripts":"0""#) == true)
            #expect(audits.first?.detail.contains(#""raw_webhook_bodies":"0""#) == true)
        }
    }

    @Test("transcripts_days removes transcripts from older analyses and from bodies stored whole, and keeps summaries, answers and the one just inside")
    func removesTranscripts() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let legacy = #"{"event":"call_ended","call":{"call_id":"call_legacy_a","transcript":"Agent: Hi\nUser: Jane here","duration_ms":9000}}"#
            try await Self.insertWholeBody(app, id: "legacy-a", body: legacy, at: app.clock.now())
            try await Self.insertWholeBody(app, id: "legacy-b", body: "not json", at: app.clock.now())
            app.clock.advance(by: 1)
            let analyzed = Hook.body("call_analyzed", status: "ended", reason: "user_hangup",
                                     custom: #"{"has_license":true,"expected_salary":50000,"shift":"day"}"#)
            #expect(try await Hook.post(client, analyzed, app: app).status == .noContent)
            let sweep = RetentionSweep(
                database: app.database, retention: Self.retention(transcripts: 7), clock: app.clock,
                metrics: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))

            // 7 days on the dot after the analysis: just inside, kept; the legacy bodies are older.
            app.clock.advance(by: 7 * 86_400)
            #expect(try await sweep.run().transcripts == 2)
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")
            let legacyRows = try await Self.events(app).filter { $0.id.hasPrefix("legacy") }
            #expect(legacyRows.map(\.payloadEncoding) == [.deflate, PayloadEncoding.none])
            let kept = try #require(try legacyRows[0].body())
            #expect(String(decoding: kept, as: UTF8.self) == #"{"event":"call_ended","call":{"call_id":"call_legacy_a","duration_ms":9000}}"#)
            #expect(legacyRows[0].payloadBytes == legacy.utf8.count)
            #expect(legacyRows[1].payloadSHA256 == SHA256.hash(data: Data("not json".utf8)).hexString)

            app.clock.advance(by: 1)
            #expect(try await sweep.run().transcripts == 1)
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.transcript == nil)
            #expect(analysis.callSummary == "Keen, licensed.")
            #expect(analysis.customResponses.contains("expected_salary"))
            // Signed bodies stored since v8 hold no transcript, and raw_events_days 0 keeps them.
            #expect(try await Self.events(app).filter { $0.retellCallID == "call_test_1" }.map(\.payloadEncoding) == [.deflate])
        }
    }

    @Test("Bodies are reduced in batches, each its own transaction, until none is left")
    func batches() async throws {
        let app = try await TestApp.make()
        for index in 0..<5 {
            try await Self.insertWholeBody(app, id: "old-\(index)", body: #"{"event":"call_ended","call":{"n":\#(index)}}"#, at: app.clock.now())
        }
        app.clock.advance(by: 60)
        #expect(try await app.database.reduceWebhookBodies(receivedBefore: app.clock.now(), batch: 2) == 5)
        let rows = try await Self.events(app)
        #expect(rows.allSatisfy { $0.payloadEncoding == PayloadEncoding.none && $0.payload.isEmpty && $0.payloadSHA256 != nil })
        #expect(rows.map { $0.payloadBytes ?? 0 } == (0..<5).map { #"{"event":"call_ended","call":{"n":\#($0)}}"#.utf8.count })
    }

    @Test("0 keeps everything forever")
    func zeroKeeps() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            app.clock.advance(by: 3_650 * 86_400)
            let report = try await RetentionSweep(database: app.database, retention: Self.retention(), clock: app.clock).run()
            #expect(report == RetentionSweep.Report())
            #expect(try await Self.events(app).map(\.payloadEncoding) == [.deflate])
            #expect(try await seed.analysis(app)?.transcript != nil)
        }
    }
}
