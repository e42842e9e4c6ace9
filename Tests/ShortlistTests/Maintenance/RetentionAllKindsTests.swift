import Foundation
import GRDB
import Logging
import Prometheus
import Testing
@testable import Shortlist

/// Every `[retention]` setting at once (DESIGN §8, the issue's "Done when"): with the test clock
/// moved past each limit in turn, the sweep removes exactly the kind that limit names and nothing
/// else, and one audit row records each sweep.
@Suite("Retention sweep: every setting at once")
struct RetentionAllKindsTests {
    static let day: TimeInterval = 86_400

    @Test("Moving the clock past each limit in turn (7, 30, 60, 90, 120 days) removes that kind alone")
    func eachLimitInTurn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            for (event, status) in [("call_started", "ongoing"), ("call_ended", "ended"), ("call_analyzed", "ended")] {
                let body = Hook.body(event, status: status, reason: event == "call_started" ? nil : "user_hangup",
                                     custom: #"{"has_license":true,"expected_salary":50000,"shift":"day"}"#)
                #expect(try await Hook.post(client, body, app: app).status == .noContent)
                app.clock.advance(by: 1)
            }
            _ = try await Hook.post(client, #"{"event":"call_ended"}"#, app: app, signature: nil)
            // The call's recording, stored (the download itself is tested elsewhere).
            let file = try #require(RecordingStore.fileName(callID: seed.callID))
            try Data("sealed bytes".utf8).write(to: folder.appendingPathComponent(file))
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO call_recordings (call_id, status, file_name, key_id, bytes, content_type, stored_at, created_at, updated_at)
                    VALUES (?, 'stored', ?, 'k1', 12, 'audio/wav', ?, ?, ?)
                    """, arguments: [seed.callID, file, app.clock.now(), app.clock.now(), app.clock.now()])
            }
            #expect(try await seed.candidate(app).status == .completed)

            var retention = Config.Retention()
            retention.rejectedEventsDays = 7
            retention.rawEventsDays = 30
            retention.recordingsDays = 60
            retention.transcriptsDays = 90
            retention.inactiveCandidatesDays = 120
            let store = RecordingStore(directory: folder.path, keys: RecordingKeys(currentRaw: nil))
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let sweep = RetentionSweep(
                database: app.database, retention: retention, clock: app.clock, recordings: store,
                eraser: CandidateEraser(database: app.database, recordings: store, workBell: nil, logger: logger),
                metrics: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))
            let start = app.clock.now()

            // Just inside every limit: nothing goes.
            app.clock.set(start.addingTimeInterval(7 * Self.day - 10))
            #expect(try await sweep.run() == RetentionSweep.Report())

            app.clock.set(start.addingTimeInterval(7 * Self.day + 1))
            #expect(try await sweep.run() == RetentionSweep.Report(rejectedWebhooks: 1))
            let kept = try await app.database.writer.read { db in try WebhookEventRecord.fetchAll(db) }
            #expect(kept.count == 3 && kept.allSatisfy { $0.signatureValid && $0.payloadEncoding == .deflate })

            app.clock.set(start.addingTimeInterval(30 * Self.day + 1))
            #expect(try await sweep.run() == RetentionSweep.Report(rawWebhookBodies: 3))
            let reduced = try await app.database.writer.read { db in try WebhookEventRecord.fetchAll(db) }
            #expect(reduced.count == 3 && reduced.allSatisfy { $0.payloadEncoding == PayloadEncoding.none && $0.payloadBytes != nil })
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path))
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")

            app.clock.set(start.addingTimeInterval(60 * Self.day + 1))
            #expect(try await sweep.run() == RetentionSweep.Report(recordings: 1))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path))
            let recording = try await app.database.writer.read { db in try CallRecordingRecord.fetchOne(db, key: seed.callID) }
            #expect(recording?.status == .deleted)
            #expect(try await seed.analysis(app)?.transcript == "Agent: Hello\nUser: Hi")

            app.clock.set(start.addingTimeInterval(90 * Self.day + 1))
            #expect(try await sweep.run() == RetentionSweep.Report(transcripts: 1))
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.transcript == nil && analysis.callSummary == "Keen, licensed.")
            let personBefore = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT full_name FROM candidates WHERE phone = ?", arguments: [seed.phone])
            }
            #expect(personBefore == "Jane Doe")
            let membership = try await seed.candidate(app)

            app.clock.set(start.addingTimeInterval(120 * Self.day + 1))
            #expect(try await sweep.run() == RetentionSweep.Report(inactiveCandidates: 1))
            let people = try await app.database.writer.read { db in try CandidateRecord.fetchAll(db) }
            #expect(people.count == 1 && people[0].erasedAt != nil && people[0].fullName != "Jane Doe")
            let after = try await seed.candidate(app)
            #expect(after.status == membership.status && after.outcome == membership.outcome && after.qualified == membership.qualified)

            #expect(try await sweep.run() == RetentionSweep.Report())
            let audits = try await app.database.auditLog(subjectType: "retention", limit: 100)
            #expect(audits.count == 7 && audits.allSatisfy { $0.action == "retention.sweep" })
        }
    }
}
