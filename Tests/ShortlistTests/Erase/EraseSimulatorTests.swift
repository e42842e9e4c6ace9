import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// Issue 12's "done when" for erase, over HTTP against the Retell simulator and on a database
/// FILE: after the erase the person's name, number and transcripts are in none of the bytes of the
/// database, its WAL or the recordings folder; Retell got the delete calls; the number is still
/// never dialled; the report's counts did not change.
@Suite("Erase against the Retell simulator, on a database file")
struct EraseSimulatorTests {
    static let apiKey = "key_sim_erase"
    static let phones = ["+15125550191", "+15125550192", "+15125550193"]
    static let erasedName = "Person 0 Example"

    @Test("An erased person is gone from the database file, its WAL and the recordings folder; Retell deleted their calls; the DNC still blocks the number; the report is unchanged")
    func eraseEverywhere() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erase-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shortlist.sqlite").path
        let recordings = folder.appendingPathComponent("recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        try await SimulatorApp.run(
            apiKey: Self.apiKey, seed: 12, concurrencyLimit: 5, speedup: 3_000,
            database: { clock in
                let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000, clock: clock, ids: SequentialIDGenerator())
                try database.migrate()
                return database
            },
            configure: { $0.storage.recordingsDir = recordings.path }
        ) { app, client, sim in
            let harness = try await DialerHarness.make(app, client, candidates: Self.phones.map { ($0, nil) }, startBatch: false)
            // The first person opts out (their number joins the DNC list); the others answer.
            await sim.script([CallScript(outcome: .optOut), CallScript(outcome: .answered), CallScript(outcome: .answered)])
            let batch = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.recruiterToken)
            #expect(batch.status == .created, "\(batch.text)")
            try await Self.callEveryone(harness)
            let members = try await harness.candidates()
            let person = members[0].candidateID
            let calls = try await harness.calls().filter { $0.campaignCandidateID == members[0].id }
            let retellIDs = calls.compactMap(\.retellCallID)
            #expect(!retellIDs.isEmpty && members[0].outcome == .doNotCall)
            #expect(try await app.database.isOnDNC(phone: Self.phones[0]))
            let transcript = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT transcript FROM retell_call_analysis WHERE call_id = ?", arguments: [calls[0].id])
            }
            #expect(transcript?.isEmpty == false)
            // A stored recording of theirs, planted under the store's own name and holding their
            // number, so the folder grep would see it if the file stayed.
            try Data("RIFF \(Self.phones[0]) \(Self.erasedName)".utf8).write(to: recordings.appendingPathComponent("\(calls[0].id).rec"))
            try Data("someone else".utf8).write(to: recordings.appendingPathComponent("other.enc"))
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO call_recordings (call_id, status, file_name, key_id, bytes, content_type, stored_at, created_at, updated_at)
                    VALUES (?, 'stored', ?, 'k1', 40, 'audio/wav', ?, ?, ?)
                    """, arguments: [calls[0].id, "\(calls[0].id).rec", app.clock.now(), app.clock.now(), app.clock.now()])
            }
            try Self.expectBytes(path: path, recordings: recordings, contain: true)

            let reportBefore = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/report", token: app.adminToken)
            let erased = try await client.send(.delete, "/api/v1/candidates/\(person)", token: app.adminToken)
            #expect(erased.status == .noContent, "\(erased.text)")
            let reportAfter = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/report", token: app.adminToken)
            #expect(reportBefore.status == .ok && reportBefore.text == reportAfter.text)
            let bodies = try await app.database.writer.read { db in
                try WebhookEventRecord.filter(retellIDs.contains(Column("retell_call_id"))).fetchAll(db)
            }
            #expect(!bodies.isEmpty && bodies.allSatisfy { $0.payload.isEmpty && $0.payloadEncoding == PayloadEncoding.none })
            #expect(!FileManager.default.fileExists(atPath: recordings.appendingPathComponent("\(calls[0].id).rec").path))
            #expect(FileManager.default.fileExists(atPath: recordings.appendingPathComponent("other.enc").path))

            // Retell is asked to delete each of their calls, through the work queue.
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let queue = WorkQueue(database: app.database, handlers: [DeleteRetellCallWork(retell: try #require(app.retellClient))],
                                  clock: app.clock, logger: logger)
            let run = try await queue.runDue()
            #expect(run.done == retellIDs.count && run.retried == 0)
            #expect(await sim.deletedCallIDs == retellIDs)
            #expect(try await app.database.workWaiting().isEmpty)

            // The bytes are gone once SQLite has written the WAL back (the test checkpoints).
            try await app.database.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try Self.expectBytes(path: path, recordings: recordings, contain: false)

            // The number stays blocked: listed as a hash, and imported again it is listed in clear,
            // counted by the dry run and never dialled.
            let dnc = try await client.send(.get, "/api/v1/dnc", token: app.adminToken)
            let hashed = try #require(dnc.object["hashed_entries"] as? [[String: Any]])
            #expect(hashed.count == 1 && hashed[0]["phone"] is NSNull && (dnc.object["items"] as? [Any])?.isEmpty == true)
            let skippedBefore = try await Self.skippedAsDNC(client, app: app, campaignID: harness.campaignID)
            let again = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/candidates", token: app.recruiterToken,
                                              json: #"[{"full_name":"Someone New","phone":"(512) 555-0191"}]"#)
            #expect(again.object["imported"] as? Int == 1, "\(again.text)")
            #expect(try await Self.skippedAsDNC(client, app: app, campaignID: harness.campaignID) == skippedBefore + 1)
            let second = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.recruiterToken)
            #expect(second.status == .created || second.status == .conflict, "\(second.text)")
            _ = await harness.dialer(concurrency: 1).tick(now: app.clock.now())
            #expect(await sim.calls.filter { $0.toNumber == Self.phones[0] }.isEmpty)
            #expect(try await harness.candidates().last?.outcome == .doNotCall)
            #expect(try await app.database.isBlockedNumber(Self.phones[0]))
        }
    }

    /// How many of the campaign's candidates the dry run counts as on the do-not-call list.
    static func skippedAsDNC(_ client: any TestClientProtocol, app: TestApp, campaignID: String) async throws -> Int {
        let preview = try await client.send(.get, "/api/v1/campaigns/\(campaignID)/preview", token: app.recruiterToken)
        #expect(preview.status == .ok, "\(preview.text)")
        return (preview.object["skipped"] as? [String: Any])?["do_not_call"] as? Int ?? 0
    }

    /// Runs the dialer until every candidate is finished and every connected call analysed.
    static func callEveryone(_ harness: DialerHarness) async throws {
        let dialer = harness.dialer(concurrency: 1, perSecond: 100)
        let clock = harness.app.clock
        for _ in 0..<5_000 {
            let report = await dialer.tick(now: clock.now())
            let waiting = try await harness.calls(status: [.ended]).count
            if try await harness.candidates().allSatisfy({ $0.status == .completed }), waiting == 0,
               try await harness.inFlight() == 0 { return }
            if try await harness.inFlight() > 0 || waiting > 0 {
                await harness.app.doorbell.wait(timeout: .milliseconds(20))
            } else if let next = report.nextWake {
                clock.set(max(next, clock.now()))
            }
        }
        Issue.record("the calls did not finish")
    }

    /// Whether the erased person's name, E.164 number or national digits are in the raw bytes of
    /// the database file, its WAL or any file of the recordings folder.
    static func expectBytes(path: String, recordings: URL, contain: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var files = [path, path + "-wal"]
        files += try FileManager.default.contentsOfDirectory(atPath: recordings.path).map { recordings.appendingPathComponent($0).path }
        let needles = [erasedName, phones[0], String(phones[0].dropFirst(2))].map { Data($0.utf8) }
        var found: [String] = []
        for file in files where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for needle in needles where bytes.range(of: needle) != nil {
                found.append("\(URL(fileURLWithPath: file).lastPathComponent): \(String(decoding: needle, as: UTF8.self))")
            }
        }
        if contain {
            #expect(!found.isEmpty, "the person's data should be on disk before the erase", sourceLocation: sourceLocation)
        } else {
            #expect(found.isEmpty, "still on disk: \(found)", sourceLocation: sourceLocation)
        }
    }
}
