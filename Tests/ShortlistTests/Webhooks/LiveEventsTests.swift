import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Live events from webhooks")
struct LiveEventsTests {
    @Test("An applied webhook publishes call.updated and campaign_candidate.updated after the commit")
    func publishes() async throws {
        let app = try await TestApp.make()
        let (_, stream) = app.events.subscribe()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            _ = try await Hook.post(client, Hook.body("call_ended", status: "not_connected", reason: "dial_busy"), app: app)
            var iterator = stream.makeAsyncIterator()
            let call = try #require(await iterator.next())
            #expect(call.name == "call.updated")
            #expect(call.data.contains(#""campaign_id":"\#(seed.campaignID)""#))
            #expect(call.data.contains(#""call_status":"not_connected""#))
            #expect(!call.data.contains("5125550134"))
            let candidate = try #require(await iterator.next())
            #expect(candidate.name == "campaign_candidate.updated")
            #expect(candidate.data.contains(#""status":"queued""#))
        }
    }

    @Test("A call in a batch also publishes batch.updated with the recounted progress")
    func publishesBatch() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO retell_batch_calls (id, campaign_id, total_candidates, status, created_by, created_at, updated_at)
                    VALUES ('batch-1', ?, 1, 'in_progress', 'test', ?, ?)
                    """, arguments: [seed.campaignID, app.clock.now(), app.clock.now()])
                try db.execute(sql: "UPDATE retell_calls SET batch_id = 'batch-1' WHERE id = ?", arguments: [seed.callID])
                try db.execute(sql: "UPDATE campaign_candidates SET batch_id = 'batch-1' WHERE id = ?", arguments: [seed.candidateID])
            }
            let (_, stream) = app.events.subscribe()
            _ = try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app)
            app.events.finishAll()
            var events: [LiveEvent] = []
            for await event in stream { events.append(event) }
            // A conversation that ended waits for its analysis to decide the candidate, so no candidate event yet.
            #expect(events.map(\.name) == ["call.updated", "batch.updated"])
            let batch = try #require(events.last)
            #expect(batch.data.contains(#""id":"batch-1""#))
            #expect(batch.data.contains(#""completed_calls":1"#))
            #expect(batch.data.contains(#""failed_calls":0"#))
            #expect(batch.data.contains(#""status":"in_progress""#))
        }
    }

    @Test("A duplicate or refused webhook publishes nothing")
    func quietOnDuplicates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            _ = try await CallSeed.make(app, client: client)
            let body = Hook.body("call_started", status: "ongoing")
            _ = try await Hook.post(client, body, app: app)
            let (_, stream) = app.events.subscribe()
            _ = try await Hook.post(client, body, app: app)
            _ = try await Hook.post(client, body, app: app, signature: nil)
            app.events.finishAll()
            var count = 0
            for await _ in stream { count += 1 }
            #expect(count == 0)
        }
    }

    @Test("The event stream needs a token")
    func needsToken() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let response = try await client.send(.get, "/api/v1/events")
            #expect(response.status == .unauthorized)
        }
    }
}
