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
