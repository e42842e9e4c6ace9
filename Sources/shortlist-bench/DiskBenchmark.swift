import Foundation
import GRDB
import Logging
import Retell
import Shortlist

/// Disk per analysed call: N calls, each sent its `call_started`, `call_ended` and `call_analyzed`
/// through the real webhook receiver (verify, parse, store, apply) into a file database, with
/// realistic 5–10 minute transcripts (8–12 KB of text, word timings as Retell sends them in
/// `transcript_object` and `transcript_with_tool_calls`). The file is checkpointed and VACUUMed,
/// then its bytes ÷ N are printed, with the part the calls added to the seeded database; then the
/// same once `raw_events_days` has reduced the bodies. `--as-before` stores every body whole, as
/// before `v8_retention`, for the comparison. Disk use does not depend on the build mode.
struct DiskBenchmark {
    let calls: Int
    let asBefore: Bool
    static let seed: UInt64 = 12
    static let events = ["call_started", "call_ended", "call_analyzed"]

    init(arguments: [String]) {
        calls = arguments.first.flatMap { Int($0) }.map { max($0, 1) } ?? 1_000
        asBefore = arguments.contains("--as-before")
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000)
        try database.migrate()
        try await WebhookBenchmark(calls: calls).seed(database, path: path)
        let seeded = try Self.compactedSize(database, path: path)

        var generator = TranscriptGenerator(seed: Self.seed)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let receiver = WebhookReceiver(database: database, keys: [WebhookBenchmark.key], clock: SystemClock(), logger: logger)
        var text = 0
        var sent = 0
        for index in 0..<calls {
            let conversation = generator.conversation()
            text += conversation.text.utf8.count
            for event in Self.events {
                let body = Self.body(event, index: index, conversation: conversation)
                sent += body.count
                let nowMS = Int64((Date().timeIntervalSince1970 * 1000).rounded())
                let reply = await receiver.receive(
                    body: body, signature: WebhookSignature.sign(body: body, key: WebhookBenchmark.key, timestampMS: nowMS))
                guard reply == .accepted else { throw BenchError("the receiver answered \(reply)") }
            }
        }
        guard try await database.webhookOutcomeCount(.applied) == 3 * calls else { throw BenchError("not every webhook was applied") }
        if asBefore { try Self.storeWhole(calls: calls, path: path) }
        let ingested = try Self.compactedSize(database, path: path)

        let label = asBefore ? "before (bodies whole)" : "after (bodies deflated, transcripts once)"
        print("disk: \(calls) analysed calls, transcripts \(text / calls) B of text each, webhook bodies \(sent / calls / 1024) KiB a call")
        print(String(format: "disk %@: %.1f KiB per analysed call (file %d B ÷ %d; the calls added %.1f KiB each; goal ≤ 15 KiB)",
                     label, Double(ingested) / Double(calls) / 1024, ingested, calls, Double(ingested - seeded) / Double(calls) / 1024))
        try Self.printTables(path: path, calls: calls)

        var retention = Config().retention
        retention.rejectedEventsDays = 0
        let later = ShiftedClock(offset: 31 * 86_400)
        let report = try await RetentionSweep(database: database, retention: retention, clock: later).run()
        let reduced = try Self.compactedSize(database, path: path)
        print(String(format: "disk %@, bodies past raw_events_days (30) reduced to metadata (%d rows): %.1f KiB per analysed call",
                     label, report.rawWebhookBodies, Double(reduced) / Double(calls) / 1024))
        try database.close()
    }

    /// Checkpoints the WAL into the file, VACUUMs, and returns the file's size.
    static func compactedSize(_ database: AppDatabase, path: String) throws -> Int {
        try database.checkpoint()
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try queue.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The stored bodies as they were kept before `v8_retention`: whole (the same seeded bodies,
    /// made again), with none of its indexes.
    static func storeWhole(calls: Int, path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP INDEX IF EXISTS webhook_events_kept_bodies")
            try db.execute(sql: "DROP INDEX IF EXISTS retell_call_analysis_transcripts")
        }
        var generator = TranscriptGenerator(seed: seed)
        for index in 0..<calls {
            let conversation = generator.conversation()
            try queue.write { db in
                for event in events {
                    try db.execute(sql: """
                        UPDATE webhook_events SET payload = ?, payload_encoding = 'identity', payload_bytes = NULL, payload_sha256 = NULL
                        WHERE retell_call_id = ? AND event = ?
                        """, arguments: [body(event, index: index, conversation: conversation), "call_bench_\(index)", event])
                }
            }
        }
        try queue.close()
    }

    /// Bytes by table and index (SQLite's dbstat), when this SQLite has it.
    static func printTables(path: String, calls: Int) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        guard let rows = try? queue.read({ db in
            try Row.fetchAll(db, sql: "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8")
        }) else { return }
        let shown = rows.map { row -> String in
            let bytes: Int = row["bytes"]
            return "\(row["name"] as String) \(String(format: "%.1f", Double(bytes) / Double(calls) / 1024))"
        }
        print("disk by table, KiB per call: " + shown.joined(separator: ", "))
    }

    /// A webhook body shaped like Retell's for this event (see /work/shared/retell API notes:
    /// `call_started` has no transcript, `call_ended` everything but `call_analysis`).
    static func body(_ event: String, index: Int, conversation: TranscriptGenerator.Conversation) -> Data {
        let seconds = conversation.seconds
        var call: [String: Any] = [
            "call_id": "call_bench_\(index)", "call_type": "phone_call", "agent_id": "agent_bench", "agent_version": 1,
            "agent_name": "Acme driver screening", "direction": "outbound", "from_number": "+14155550100",
            "to_number": WebhookBenchmark.phone(index), "call_status": event == "call_started" ? "ongoing" : "ended",
            "metadata": ["shortlist_call_id": "row-\(index + 1)", "campaign_id": "bench"],
            "retell_llm_dynamic_variables": ["first_name": "Candidate", "job_title": "Driver", "company": "Acme"],
            "data_storage_setting": "everything", "opt_in_signed_url": true,
            "start_timestamp": 1_795_000_000_000 + Int64(index) * 1_000_000,
        ]
        guard event != "call_started" else { return json(["event": event, "call": call]) }
        call["end_timestamp"] = 1_795_000_000_000 + Int64(index) * 1_000_000 + Int64(seconds * 1000)
        call["duration_ms"] = Int(seconds * 1000)
        call["disconnection_reason"] = "agent_hangup"
        call["transcript"] = conversation.text
        call["transcript_object"] = conversation.turns
        call["transcript_with_tool_calls"] = conversation.turns
        call["recording_url"] = "https://dxc03zgurdly9.cloudfront.net/\(UUID().uuidString)/recording.wav"
        call["public_log_url"] = "https://dxc03zgurdly9.cloudfront.net/\(UUID().uuidString)/public.log"
        call["latency"] = ["e2e": ["p50": 812.5, "p90": 1_204.1, "p99": 1_733.9, "max": 2_210, "min": 430, "num": 61]]
        call["call_cost"] = [
            "product_costs": [["product": "elevenlabs_tts", "unit_price": 0.1166, "cost": seconds * 0.1166]],
            "total_duration_seconds": Int(seconds), "total_duration_unit_price": 0.1166, "combined_cost": seconds * 0.1166,
        ]
        if event == "call_analyzed" {
            call["call_analysis"] = [
                "call_summary": "The candidate has four years of delivery driving, holds a clean licence, prefers day shifts and expects about 52,000 a year. They can start in two weeks.",
                "in_voicemail": false, "user_sentiment": "Positive", "call_successful": true,
                "custom_analysis_data": [
                    "available_to_work": true, "interested": true, "knows_referee": index % 2 == 0, "opted_out": false,
                    "has_license": true, "expected_salary": 52_000 + index % 1000, "shift": "day",
                    "key_points": "Four years driving\nClean licence\nDay shifts", "objections": "", "next_steps": "Book an interview",
                ] as [String: Any],
            ] as [String: Any]
        }
        return json(["event": event, "call": call])
    }

    private static func json(_ object: [String: Any]) -> Data {
        // Dictionaries, arrays, strings and numbers only: serialisation cannot fail.
        try! JSONSerialization.data(withJSONObject: object)
    }
}

/// The system clock moved forward by `offset` seconds (the sweep after the retention period).
struct ShiftedClock: WallClock {
    let offset: TimeInterval
    func now() -> Date { Date().addingTimeInterval(offset) }
}
