import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Calls API")
struct CallsAPITests {
    @Test("A call is shown with its analysis; the campaign's calls list and filter by status")
    func callAndList() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            _ = try await Hook.post(client, WebhookApplyTests.ended, app: app)
            _ = try await Hook.post(client, WebhookApplyTests.analyzed, app: app)
            let call = try await client.send(.get, "/api/v1/calls/\(seed.callID)", token: app.viewerToken).object
            #expect(call["call_status"] as? String == "analyzed")
            #expect(call["duration_seconds"] as? Int == 95)
            #expect(call["cost_cents"] as? Int == 32)
            #expect(call["phone"] as? String == "+15*******34")
            let analysis = try #require(call["analysis"] as? [String: Any])
            #expect(analysis["interested"] as? Bool == true)
            #expect(analysis["know_referee"] as? Bool == false)
            #expect(analysis["key_points"] as? [String] == ["Has a licence", "Can start Monday"])
            #expect((analysis["custom_responses"] as? [String: Any])?["expected_salary"] as? Int == 42000)

            let list = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/calls?status=analyzed", token: app.recruiterToken).object
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [seed.callID])
            #expect(items.first?["analysis"] == nil)
            #expect(items.first?["phone"] as? String == seed.phone)
            let none = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/calls?status=ongoing", token: app.recruiterToken).object
            #expect((none["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("Unknown calls and campaigns are 404; an unknown status filter is 400")
    func errors() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await client.send(.get, "/api/v1/calls/nope", token: app.viewerToken).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/campaigns/nope/calls", token: app.viewerToken).status == .notFound)
            let bad = try await client.send(.get, "/api/v1/campaigns/\(seed.campaignID)/calls?status=done", token: app.viewerToken)
            #expect(bad.status == .badRequest)
            #expect(bad.errorField == "status")
        }
    }
}
