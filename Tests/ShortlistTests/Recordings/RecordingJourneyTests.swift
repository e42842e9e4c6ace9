import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// Issue 12's "Done when" for recordings, over HTTP against the Retell simulator: a call's
/// recording is fetched by the background job, is not readable on disk without the key, plays
/// through the authenticated routes with Range, is 404 signed out, and after a key rotation old
/// recordings still play.
@Suite("Recordings against the Retell simulator")
struct RecordingJourneyTests {
    static let apiKey = "key_sim_recordings"
    static let keyA = Data(repeating: 0x5A, count: 32).base64EncodedString()
    static let keyB = Data(repeating: 0x6B, count: 32).base64EncodedString()

    @Test("An answered call's recording is fetched, stored encrypted, served with Range to its owner and admins only, and survives a key rotation")
    func journey() async throws {
        let folder = try StoreTests.temporaryFolder().path
        try await SimulatorApp.run(apiKey: Self.apiKey, seed: 11, concurrencyLimit: 5, configure: {
            $0.security.recordingKey = Self.keyA
            $0.security.cookieSecure = false
            $0.storage.recordingsDir = folder
        }) { app, client, sim in
            await sim.script([CallScript(outcome: .answered)])
            let harness = try await DialerHarness.make(app, client, candidates: [("+15125550188", nil)])
            try await InboundSimulatorTests.runUntilDone(harness, sim: sim)
            let call = try await Self.analysedCall(app, campaignID: harness.campaignID)

            // Queued with the webhook that first carried a recording URL; nothing kept of Retell's URLs.
            let pending = try #require(try await app.database.recordings(callIDs: [call.id])[call.id])
            #expect(pending.status == .pending)
            #expect(try await app.database.workWaiting()[.fetchRecording] == 1)
            let analysis = try await app.database.writer.read { db in try CallAnalysisRecord.fetchOne(db, key: call.id) }
            #expect(analysis?.recordingURL == nil && analysis?.publicLogURL == nil)
            let before = try await client.send(.get, "/api/v1/calls/\(call.id)", token: app.adminToken)
            #expect(!before.text.contains("recording_url") && !before.text.contains(String(sim.baseURL.dropFirst(7))))
            #expect((before.object["recording"] as? [String: Any])?["status"] as? String == "pending")

            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let work = FetchRecordingWork(
                    database: app.database, retell: try #require(app.retellClient), store: app.config.recordingStore,
                    download: RecordingDownload(client: http, maxBytes: RecordingDownload.maxBytes(maxCallMinutes: 15)))
                let report = try await WorkQueue(database: app.database, handlers: [work], clock: app.clock, logger: Logger(label: "test")).runDue()
                #expect(report.done == 1 && report.retried == 0)
                try await Self.simulatorSignsItsURLs(sim, http: http, retell: try #require(app.retellClient), call: call, clock: app.clock)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()

            let stored = try #require(try await app.database.recordings(callIDs: [call.id])[call.id])
            #expect(stored.status == .stored && stored.keyID == app.config.recordingKeys.current?.idText)
            let wav = RetellSimulator.recordingBytes
            #expect(stored.bytes == wav.count && stored.contentType == "audio/wav")
            try Self.expectUnreadableOnDisk(folder: folder, fileName: try #require(stored.fileName), wav: wav)
            try await Self.expectServed(app, client, callID: call.id, wav: wav)

            // Rotation: B is the key now, A only decrypts; the old recording still plays, then rekey moves it to B.
            var rotatedConfig = app.config
            rotatedConfig.security.recordingKey = Self.keyB
            rotatedConfig.security.oldRecordingKeys = [Self.keyA]
            let rotated = Self.app(app, config: rotatedConfig)
            try await rotated.test(.router) { client in
                let whole = try await client.send(.get, "/api/v1/calls/\(call.id)/recording", token: app.adminToken)
                #expect(whole.status == .ok && Array(whole.body.readableBytesView) == wav)
            }
            let report = try await RecordingRekey(database: app.database, store: rotatedConfig.recordingStore).run(by: .cli)
            #expect(report == RecordingRekey.Report(rekeyed: 1, failed: 0))
            let rekeyed = try #require(try await app.database.recordings(callIDs: [call.id])[call.id])
            #expect(rekeyed.keyID == rotatedConfig.recordingKeys.current?.idText && rekeyed.keyID != stored.keyID)
            let audit = try #require(try await app.database.auditLog(subjectType: "recordings").first)
            #expect(audit.action == "recordings.rekey" && audit.detail.contains(#""rekeyed":"1""#))
            var onlyB = rotatedConfig
            onlyB.security.oldRecordingKeys = []
            try await Self.app(app, config: onlyB).test(.router) { client in
                let range = try await client.execute(
                    uri: "/api/v1/calls/\(call.id)/recording", method: .get,
                    headers: [.authorization: "Bearer \(app.adminToken)", .range: "bytes=-100"])
                #expect(range.status == .partialContent && Array(range.body.readableBytesView) == Array(wav.suffix(100)))
            }
        }
    }

    /// The simulator's recording URL is signed: a wrong signature and an expired one are 403, and
    /// get-call always hands out a fresh one.
    static func simulatorSignsItsURLs(
        _ sim: RetellSimulator, http: HTTPClient, retell: any RetellClient, call: RetellCallRecord, clock: FixedClock
    ) async throws {
        let retellCallID = try #require(call.retellCallID)
        let url = try #require(try await retell.getCall(id: retellCallID).recordingURL)
        #expect(url.contains("expires=") && url.contains("signature="))
        #expect(try await Self.status(http, url) == 200)
        let forged = url.replacingOccurrences(of: "signature=", with: "signature=00")
        #expect(try await Self.status(http, forged) == 403)
        #expect(try await Self.status(http, String(url.prefix { $0 != "?" })) == 403)
        let now = clock.now()
        clock.set(now.addingTimeInterval(25 * 3_600))
        #expect(try await Self.status(http, url) == 403)
        let fresh = try #require(try await retell.getCall(id: retellCallID).recordingURL)
        #expect(try await Self.status(http, fresh) == 200)
        clock.set(now)
    }

    static func status(_ http: HTTPClient, _ url: String) async throws -> Int {
        let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// No RIFF header, no run of the samples, no plaintext length anywhere in the file.
    static func expectUnreadableOnDisk(folder: String, fileName: String, wav: [UInt8]) throws {
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(fileName))
        #expect(onDisk.count > wav.count)
        #expect(onDisk.range(of: Data("RIFF".utf8)) == nil && onDisk.range(of: Data("WAVE".utf8)) == nil)
        for start in stride(from: 1_000, to: wav.count - 64, by: 3_000) {
            #expect(onDisk.range(of: Data(wav[start..<(start + 24)])) == nil)
        }
    }

    /// The API and the admin page serve the decrypted bytes, whole and by range, to the campaign's
    /// owner and admins; viewers are refused and a signed-out request is 404.
    static func expectServed(_ app: TestApp, _ client: any TestClientProtocol, callID: String, wav: [UInt8]) async throws {
        let path = "/api/v1/calls/\(callID)/recording"
        let whole = try await client.send(.get, path, token: app.recruiterToken)
        #expect(whole.status == .ok && Array(whole.body.readableBytesView) == wav)
        #expect(whole.headers[.contentType] == "audio/wav" && whole.headers[.acceptRanges] == "bytes")
        #expect(whole.headers[.cacheControl] == "private, no-store")
        let part = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(app.adminToken)", .range: "bytes=100-9999"])
        #expect(part.status == .partialContent && Array(part.body.readableBytesView) == Array(wav[100...9_999]))
        #expect(part.headers[.contentRange] == "bytes 100-9999/\(wav.count)")
        let tail = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(app.adminToken)", .range: "bytes=\(wav.count - 5)-"])
        #expect(tail.status == .partialContent && Array(tail.body.readableBytesView) == Array(wav.suffix(5)))
        let past = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(app.adminToken)", .range: "bytes=\(wav.count)-"])
        #expect(past.status == .rangeNotSatisfiable && past.headers[.contentRange] == "bytes */\(wav.count)")
        #expect(try await client.send(.get, path, token: app.viewerToken).status == .forbidden)
        #expect(try await client.send(.get, path).status == .unauthorized)
        #expect(try await client.send(.get, "/api/v1/calls/no-such-call/recording", token: app.adminToken).status == .notFound)

        let page = "/recordings/\(callID)"
        let signedOut = try await client.send(.get, page)
        #expect(signedOut.status == .notFound && signedOut.headers[.location] == nil)
        let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
        let played = try await client.execute(uri: page, method: .get, headers: [.cookie: admin.cookie, .range: "bytes=0-43"])
        #expect(played.status == .partialContent && Array(played.body.readableBytesView) == Array(wav.prefix(44)))
        let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
        #expect(try await client.execute(uri: page, method: .get, headers: [.cookie: viewer.cookie]).status == .forbidden)

        // The candidate page plays our copy, never Retell's address.
        let candidateID = try await app.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT campaign_candidate_id FROM retell_calls WHERE id = ?", arguments: [callID])
        }
        let candidatePage = try await client.execute(uri: "/candidates/\(try #require(candidateID))", method: .get, headers: [.cookie: admin.cookie])
        #expect(String(buffer: candidatePage.body).contains(#"<audio controls preload="none" src="/recordings/\#(callID)"></audio>"#))
        let viewerPage = try await client.execute(uri: "/candidates/\(try #require(candidateID))", method: .get, headers: [.cookie: viewer.cookie])
        #expect(String(buffer: viewerPage.body).contains("<p>Recordings are for the campaign&#39;s owner and admins.</p>"))
        #expect(!String(buffer: viewerPage.body).contains("<audio"))
    }

    /// The campaign's one call, once Retell's analysis has been applied.
    static func analysedCall(_ app: TestApp, campaignID: String) async throws -> RetellCallRecord {
        for _ in 0..<1_000 {
            let row = try await app.database.writer.read { db in
                try RetellCallRecord.filter(Column("campaign_id") == campaignID).fetchOne(db)
            }
            if let row, row.status == .analyzed { return row }
            await app.doorbell.wait(timeout: .milliseconds(20))
        }
        throw InboundSimulatorTests.InboundTimeout()
    }

    /// The same database and tokens behind an app built from `config`.
    static func app(_ app: TestApp, config: Config) -> TestApp {
        TestApp(
            database: app.database, clock: app.clock, config: config, adminToken: app.adminToken,
            recruiterToken: app.recruiterToken, viewerToken: app.viewerToken, retell: app.retell,
            retellClient: app.retellClient, webhookKeys: app.webhookKeys)
    }
}
