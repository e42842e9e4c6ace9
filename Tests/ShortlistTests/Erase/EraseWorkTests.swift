import Foundation
import GRDB
import Logging
import Retell
import Testing
@testable import Shortlist

/// The Retell delete-call job and the retention step for inactive candidates.
@Suite("Erase: Retell deletions and inactive candidates")
struct EraseWorkTests {
    static func queue(_ app: TestApp, _ retell: any RetellClient) -> WorkQueue {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return WorkQueue(database: app.database, handlers: [DeleteRetellCallWork(retell: retell)], clock: app.clock, logger: logger)
    }

    static func enqueue(_ app: TestApp, _ subject: String) async throws {
        try await app.database.writer.write { db in try app.database.enqueueWork(.deleteRetellCall, subject: subject, db: db) }
    }

    @Test("A delete Retell refuses with 500 is retried with backoff until it succeeds; a call Retell does not know counts as deleted")
    func deleteCallRetried() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        await retell.setCall(Call(callID: "call_a", agentID: "agent_1", callStatus: "ended"))
        try await Self.enqueue(app, "call_a")
        try await Self.enqueue(app, "call_unknown")
        await retell.failNext(.deleteCall, with: .http(500, "An unexpected server error occurred."))
        let queue = Self.queue(app, retell)

        #expect(try await queue.runDue() == .init(done: 1, retried: 1, abandoned: 0))
        let waiting = try await app.database.dueWork(now: app.clock.now().addingTimeInterval(30), limit: 10)
        #expect(waiting.map(\.subject) == ["call_a"] && waiting.first?.attempts == 1)
        #expect(waiting.first?.lastError == "Retell did not delete the call (HTTP 500): An unexpected server error occurred.")
        app.clock.advance(by: 30)
        #expect(try await queue.runDue() == .init(done: 1, retried: 0, abandoned: 0))
        #expect(await retell.deletedCalls == ["call_a"])
        #expect(await retell.call(id: "call_a") == nil)
        #expect(try await app.database.workWaiting().isEmpty)
    }

    @Test("The sweep erases candidates inactive for inactive_candidates_days with nothing queued or in flight, counts them and audits the sweep; active ones stay")
    func inactiveCandidatesErased() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let busy = try await app.database.writer.read { db in
                try #require(try String.fetchOne(db, sql: "SELECT candidate_id FROM campaign_candidates WHERE id = ?", arguments: [seed.candidateID]))
            }
            let imported = try await client.send(.post, "/api/v1/campaigns/\(seed.campaignID)/candidates", token: app.recruiterToken,
                                                 json: #"[{"full_name":"Old Timer","phone":"+15125550177"}]"#)
            #expect(imported.object["imported"] as? Int == 1)
            let quiet = try await app.database.writer.read { db in
                try #require(try String.fetchOne(db, sql: "SELECT id FROM candidates WHERE full_name = 'Old Timer'"))
            }
            var retention = Config.Retention()
            retention.inactiveCandidatesDays = 30
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let sweep = RetentionSweep(
                database: app.database, retention: retention, clock: app.clock,
                eraser: CandidateEraser(
                    database: app.database, recordings: RecordingStore(directory: "/nonexistent", keys: RecordingKeys(currentRaw: nil)),
                    workBell: nil, logger: logger))

            app.clock.advance(by: 29 * 86_400)
            #expect(try await sweep.run().inactiveCandidates == 0)
            app.clock.advance(by: 2 * 86_400)
            // The person whose call is still in flight stays, whatever its age.
            #expect(try await sweep.run().inactiveCandidates == 1)
            let people = try await app.database.writer.read { db in try CandidateRecord.fetchAll(db) }
            #expect(people.first { $0.id == quiet }?.erasedAt == app.clock.now())
            #expect(people.first { $0.id == busy }?.erasedAt == nil)
            let sweeps = try await app.database.auditLog(subjectType: "retention")
            #expect(sweeps.first?.detail == #"{"inactive_candidates":"1","raw_webhook_bodies":"0","recordings":"0","rejected_webhooks":"0","transcripts":"0"}"#)
            let tombstone = try #require(try await app.database.auditLog(subjectType: "candidate", subjectID: quiet).first)
            #expect(tombstone.action == "candidate.erased" && tombstone.actorLabel == "system")
            #expect(try await sweep.run().inactiveCandidates == 0)
        }
    }
}
