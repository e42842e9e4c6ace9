import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import Testing
@testable import Shortlist

/// The recording job's rules: when a download is queued, what gives up at once, what is retried
/// until the last try, and the retention step for stored recordings.
@Suite("Recording downloads and retention")
struct FetchRecordingWorkTests {
    static let key = Data(repeating: 0x3C, count: 32).base64EncodedString()

    static func make(folder: String, keep: Bool = true, key: String = FetchRecordingWorkTests.key) async throws -> TestApp {
        try await TestApp.make {
            $0.security.recordingKey = key
            $0.storage.keepRecordings = keep
            $0.storage.recordingsDir = folder
        }
    }

    static func queued(_ app: TestApp, _ callID: String) async throws -> (CallRecordingRecord?, Int) {
        try await app.database.writer.read { db in
            (try CallRecordingRecord.fetchOne(db, key: callID),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM work_items WHERE kind = 'fetch_recording' AND subject = ?", arguments: [callID]) ?? 0)
        }
    }

    static func work(_ app: TestApp) throws -> WorkQueue {
        let handler = FetchRecordingWork(
            database: app.database, retell: try #require(app.retellClient), store: app.config.recordingStore,
            // A short timeout: AsyncHTTPClient keeps retrying a refused connection until the deadline.
            download: RecordingDownload(client: .shared, maxBytes: 1 << 20, timeout: .milliseconds(200)))
        return WorkQueue(database: app.database, handlers: [handler], clock: app.clock, logger: Logger(label: "test"))
    }

    @Test("The first webhook carrying a recording URL queues one download when a key is set, counted in /metrics; none without a key or with keep_recordings off")
    func queuing() async throws {
        let folder = try StoreTests.temporaryFolder().path
        for (key, keep, expected) in [(Self.key, true, 1), ("", true, 0), (Self.key, false, 0)] {
            let app = try await Self.make(folder: folder, keep: keep, key: key)
            try await app.test { client in
                let seed = try await CallSeed.make(app, client: client)
                for event in ["call_ended", "call_analyzed"] {
                    #expect(try await Hook.post(client, Hook.body(event, status: "ended", reason: "user_hangup"), app: app).status == .noContent)
                }
                let (row, items) = try await Self.queued(app, seed.callID)
                #expect(items == expected, "key set: \(!key.isEmpty), keep: \(keep)")
                #expect((row?.status == .pending) == (expected == 1))
                let metrics = try await client.send(.get, "/metrics").text
                #expect(metrics.contains("shortlist_recordings_pending \(expected).0\n"), "\(metrics)")
            }
        }
    }

    @Test("A call whose webhooks were lost and that the reconciler finds ended with a recording queues its download too")
    func reconciled() async throws {
        let app = try await Self.make(folder: try StoreTests.temporaryFolder().path)
        let retell = try #require(app.retell)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: "call_test_1")
            var call = ReconcilerTests.retellCall("call_test_1", status: "ended", reason: "user_hangup", analyzed: true)
            call.recordingURL = "https://r.example/rec.wav"
            await retell.setCall(call)
            let reconciler = Reconciler(
                database: app.database, retell: retell, clock: app.clock, logger: Logger(label: "test"), recordings: app.config.recordingPolicy)
            app.clock.advance(by: 180)
            #expect(await reconciler.tick().refreshed == 1)
            let (row, items) = try await Self.queued(app, seed.callID)
            #expect(row?.status == .pending && items == 1)
        }
    }

    @Test("Agents are created and updated with opt_in_signed_url, so Retell's recording addresses expire")
    func signedURLs() async throws {
        let app = try await Self.make(folder: try StoreTests.temporaryFolder().path)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            for _ in 0..<2 {
                let agent = try await client.send(.post, "/api/v1/campaigns/\(seed.campaignID)/agent", token: app.recruiterToken)
                #expect(agent.status == .ok || agent.status == .created, "\(agent.text)")
            }
            let agentID = try #require(try await app.database.agent(campaignID: seed.campaignID)?.retellAgentID)
            #expect(await app.retell?.agent(id: agentID)?.settings.optInSignedURL == true)
        }
    }

    @Test("A recording address that is not https gives up at once, and the candidate page says why in words")
    func notHTTPS() async throws {
        let app = try await Self.make(folder: try StoreTests.temporaryFolder().path)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            await app.retell?.setCall(Call(callID: "call_test_1", agentID: "agent_1", callStatus: "ended", recordingURL: "http://r.example/rec.wav"))
            let report = try await Self.work(app).runDue()
            #expect(report.abandoned == 1)
            let (row, items) = try await Self.queued(app, seed.callID)
            #expect(row?.status == .failed && items == 0)
            #expect(row?.error == "Retell gave a recording address that is not https")
            let line = RecordingLine.make(callID: seed.callID, connected: true, recording: row, setup: RecordingSetup(app.config), mayListen: true)
            #expect(line == RecordingLine(words: "The recording could not be fetched: Retell gave a recording address that is not https."))
        }
    }

    @Test("A download that fails is tried again with backoff, and after the last try the recording is marked failed")
    func retriesThenFails() async throws {
        let app = try await Self.make(folder: try StoreTests.temporaryFolder().path)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            // Nothing listens on port 1: every try fails to connect.
            await app.retell?.setCall(Call(callID: "call_test_1", agentID: "agent_1", callStatus: "ended", recordingURL: "http://127.0.0.1:1/rec.wav"))
            let queue = try Self.work(app)
            var retried = 0
            for _ in 0..<13 {
                let report = try await queue.runDue()
                retried += report.retried
                if report.abandoned == 1 { break }
                let (row, _) = try await Self.queued(app, seed.callID)
                #expect(row?.status == .pending)
                // Not due again before its backoff.
                #expect(try await queue.runDue() == WorkQueue.Report())
                app.clock.advance(by: 6 * 3_600)
            }
            #expect(retried == 12)
            let (row, items) = try await Self.queued(app, seed.callID)
            #expect(row?.status == .failed && items == 0)
            #expect(row?.error == "the recording could not be downloaded (no connection, or no answer in time)")
        }
    }

    @Test("Rekey counts a file whose key is no longer configured as not re-encrypted, leaves it as it was, and audits the run")
    func rekeyWithoutTheOldKey() async throws {
        let folder = try StoreTests.temporaryFolder().path
        let app = try await Self.make(folder: folder)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            let stored = try await app.config.recordingStore.write(callID: seed.callID, maxBytes: 10) { try $0.append([9, 9]) }
            _ = try await app.database.markRecordingStored(
                callID: seed.callID, fileName: stored.fileName, keyID: stored.keyID, bytes: 2, contentType: "audio/wav")
            let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + stored.fileName))
            // Rotated to a new key, but the old one was not kept in old_recording_keys.
            let newKey = RecordingKeys(current: Data(repeating: 0x77, count: 32).base64EncodedString(), old: [])
            let report = try await RecordingRekey(database: app.database, store: RecordingStore(directory: folder, keys: newKey)).run(by: .cli)
            #expect(report.rekeyed == 0 && report.failed == 1)
            #expect(report.firstFailure == "call \(seed.callID): the recording is encrypted with a key that is not configured (key id \(stored.keyID))")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + stored.fileName)) == before)
            let audit = try #require(try await app.database.auditLog(subjectType: "recordings").first)
            #expect(audit.detail.contains(#""not_rekeyed":"1""#) && audit.detail.contains(#""rekeyed":"0""#))
        }
    }

    @Test("Migration v8_recordings forgets the Retell recording and log addresses earlier versions kept, and nothing else")
    func migrationForgetsRetellURLs() async throws {
        let app = try await Self.make(folder: try StoreTests.temporaryFolder().path)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            try await app.database.writer.write { db in
                // The analysis row as versions before v8 kept it.
                try db.execute(sql: """
                    INSERT INTO retell_call_analysis (call_id, custom_responses, transcript, recording_url, public_log_url, created_at, updated_at)
                    VALUES (?, '{}', 'Agent: Hi', 'https://retellai.s3.example/r.wav', 'https://retellai.s3.example/log.txt', ?, ?)
                    """, arguments: [seed.callID, app.clock.now(), app.clock.now()])
                for statement in Migrations.v8Recordings { try db.execute(sql: statement) }
            }
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.recordingURL == nil && analysis.publicLogURL == nil && analysis.transcript == "Agent: Hi")
        }
    }

    @Test("Retention deletes a recording's file recordings_days after it was stored and keeps the row as deleted")
    func retention() async throws {
        let folder = try StoreTests.temporaryFolder().path
        let app = try await Self.make(folder: folder)
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            let stored = try await app.config.recordingStore.write(callID: seed.callID, maxBytes: 1_000) { try $0.append([1, 2, 3]) }
            #expect(try await app.database.markRecordingStored(
                callID: seed.callID, fileName: stored.fileName, keyID: stored.keyID, bytes: 3, contentType: "audio/wav"))
            let sweep = RetentionSweep(database: app.database, retention: app.config.retention, clock: app.clock, recordings: app.config.recordingStore)

            app.clock.advance(by: 89 * 86_400)
            #expect(try await sweep.run().recordings == 0)
            #expect(FileManager.default.fileExists(atPath: folder + "/" + stored.fileName))

            app.clock.advance(by: 2 * 86_400)
            #expect(try await sweep.run().recordings == 1)
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + stored.fileName))
            let (row, _) = try await Self.queued(app, seed.callID)
            #expect(row?.status == .deleted && row?.fileName == nil && row?.deletedAt == app.clock.now())
            let audit = try #require(try await app.database.auditLog(subjectType: "retention").first)
            #expect(audit.detail.contains(#""recordings":"1""#))
            let response = try await client.send(.get, "/api/v1/calls/\(seed.callID)/recording", token: app.adminToken)
            #expect(response.status == .notFound)
        }
    }
}

@Suite("Recording words on the candidate page")
struct RecordingLineTests {
    static func row(_ status: RecordingStatus, error: String? = nil) -> CallRecordingRecord {
        CallRecordingRecord(callID: "c1", status: status, error: error, createdAt: TestApp.start, updatedAt: TestApp.start)
    }

    @Test("Each state of a recording reads as plain words, and only a stored one the reader may hear gets a player")
    func words() {
        let on = RecordingSetup(keySet: true, keep: true)
        func line(_ row: CallRecordingRecord?, setup: RecordingSetup = on, mayListen: Bool = true, connected: Bool = true) -> RecordingLine? {
            RecordingLine.make(callID: "c1", connected: connected, recording: row, setup: setup, mayListen: mayListen)
        }
        #expect(line(Self.row(.stored)) == RecordingLine(url: "/recordings/c1"))
        #expect(line(Self.row(.stored), mayListen: false) == RecordingLine(words: RecordingLine.refused))
        #expect(line(Self.row(.pending)) == RecordingLine(words: "Recording being fetched."))
        #expect(line(Self.row(.failed, error: "the recording is larger than 64 MiB"))
            == RecordingLine(words: "The recording could not be fetched: the recording is larger than 64 MiB."))
        #expect(line(Self.row(.deleted)) == RecordingLine(words: "The recording was deleted."))
        #expect(line(nil, setup: .off) == RecordingLine(words: "No recording kept: no recording key is set."))
        #expect(line(nil, setup: RecordingSetup(keySet: true, keep: false)) == RecordingLine(words: "No recording kept: keeping recordings is switched off."))
        #expect(line(nil, connected: false) == nil)
    }
}
