import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Batch progress by candidates")
struct BatchProgressTests {
    /// Two candidates: one is called three times (no answer, no answer, a conversation), the other
    /// twice (no answer, a conversation), an hour apart as the campaign's retry rule says. Returns
    /// the batch after the second round (one finished) and at the end.
    static func calledThrice(_ harness: DialerHarness) async throws -> (midway: BatchRecord, done: BatchRecord) {
        let dialer = harness.dialer()
        _ = await harness.tick(dialer)
        for call in try await harness.calls(status: [.registered]) { try await harness.end(call) }
        harness.app.clock.advance(by: 61 * 60)
        _ = await harness.tick(dialer)
        let second = try await harness.calls(status: [.registered])
        #expect(second.count == 2)
        try await harness.end(second[0])
        try await harness.converse(second[1])
        let midway = try await harness.batch()
        harness.app.clock.advance(by: 61 * 60)
        _ = await harness.tick(dialer)
        let third = try await harness.calls(status: [.registered])
        #expect(third.count == 1)
        try await harness.converse(third[0])
        return (midway, try await harness.batch())
    }

    @Test("A batch's progress counts candidates, not calls: a candidate called three times counts once, in the API and the event")
    func progressCountsCandidates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let (_, stream) = app.events.subscribe()
            let (midway, done) = try await Self.calledThrice(harness)
            #expect(midway.finishedCandidates == 1)
            #expect(midway.totalCandidates == 2)
            #expect(done.finishedCandidates == 2)
            #expect(done.completedCalls == 2)
            #expect(done.failedCalls == 3)
            #expect(done.status == .completed)

            let api = try await client.send(.get, "/api/v1/batches/\(harness.batchID)", token: app.recruiterToken)
            #expect(api.object["finished_candidates"] as? Int == 2)
            #expect(api.object["total_candidates"] as? Int == 2)
            #expect(api.object["completed_calls"] as? Int == 2)
            #expect(api.object["failed_calls"] as? Int == 3)

            app.events.finishAll()
            var batchEvents: [String] = []
            for await event in stream where event.name == "batch.updated" { batchEvents.append(event.data) }
            let last = try #require(batchEvents.last)
            #expect(last.contains(#""finished_candidates":2"#))
            #expect(last.contains(#""total_candidates":2"#))
            #expect(last.contains(#""status":"completed""#))
            #expect(last.contains(#""status_label":"Finished""#))
            #expect(last.contains(#""progress":"2 of 2 candidates done · 5 calls, 3 did not connect""#))
            #expect(batchEvents.contains { $0.contains(#""finished_candidates":1"#) })
        }
    }

    @Test("Migration v6_lifelive counts the finished candidates of batches made before it")
    func migrationBackfills() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            _ = try await Self.calledThrice(harness)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_batch_calls SET finished_candidates = 0")
                try db.execute(sql: Migrations.v6Lifelive[1])
            }
            #expect(try await harness.batch().finishedCandidates == 2)
        }
    }
}
