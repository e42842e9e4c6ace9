import Foundation
import Hummingbird
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

@Suite("Campaign agents API")
struct AgentsAPITests {
    @Test("Creating the agent sends the prompt, analysis fields and settings to Retell and stores version 1")
    func create() async throws {
        let app = try await TestApp.make { $0.server.publicURL = "https://shortlist.example.com/" }
        let retell = try #require(app.retell)
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let response = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.recruiterToken)
            #expect(response.status == .ok, "\(response.text)")
            let agent = response.object
            #expect(agent["version"] as? Int == 1)
            #expect(agent["changed"] as? Bool == true)
            #expect(agent["retell_agent_id"] as? String == "agent_1")
            #expect(agent["retell_llm_id"] as? String == "llm_1")
            #expect((agent["prompt"] as? String)?.contains("1. When can you start?") == true)
            let fields = try #require(agent["analysis_fields"] as? [[String: Any]])
            #expect(fields.map { $0["name"] as? String }.contains("has_license"))

            let created = try #require(await retell.agent(id: "agent_1"))
            #expect(created.webhookURL == "https://shortlist.example.com/webhooks/retell")
            #expect(created.maxCallDurationMS == 15 * 60_000)
            #expect(created.voiceID == app.config.retell.voiceID)
            #expect(created.agentName == "Spring Agent")
            #expect(created.postCallAnalysisData?.first { $0.name == "has_license" }?.type == .boolean)
            let llm = try #require(await retell.llm(id: "llm_1"))
            #expect(llm.beginMessage?.contains("automated assistant") == true)
            #expect(llm.defaultDynamicVariables?["company"] == "Acme")

            let campaign = try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)", token: app.viewerToken).object
            #expect((campaign["agent"] as? [String: Any])?["version"] as? Int == 1)
            let audit = try await app.database.auditLog(subjectType: "campaign", subjectID: ids.campaign)
            #expect(audit.first?.action == "agent.create")
        }
    }

    @Test("After a question changes, the same call updates the LLM and agent at Retell and shows version 2")
    func update() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let path = "/api/v1/campaigns/\(ids.campaign)/agent"
            _ = try await client.send(.post, path, token: app.recruiterToken)
            let unchanged = try await client.send(.post, path, token: app.recruiterToken).object
            #expect(unchanged["version"] as? Int == 1)
            #expect(unchanged["changed"] as? Bool == false)
            #expect(await retell.requests(for: .updateAgent).isEmpty)

            _ = try await client.send(.patch, "/api/v1/campaigns/\(ids.campaign)", token: app.recruiterToken,
                                      json: #"{"questions":["Do you have weekend availability?"]}"#)
            let updated = try await client.send(.post, path, token: app.recruiterToken).object
            #expect(updated["version"] as? Int == 2)
            #expect((updated["prompt"] as? String)?.contains("weekend availability") == true)
            #expect(await retell.requests(for: .updateRetellLLM).count == 1)
            #expect(await retell.requests(for: .updateAgent).count == 1)
            #expect(await retell.requests(for: .createAgent).count == 1)

            let shown = try await client.send(.get, path, token: app.viewerToken).object
            #expect(shown["version"] as? Int == 2)
            let actions = try await app.database.auditLog(subjectType: "campaign", subjectID: ids.campaign).map(\.action)
            #expect(actions.filter { $0.hasPrefix("agent.") } == ["agent.update", "agent.create"])
        }
    }

    @Test("A Retell failure answers 502 with Retell's message and stores nothing", arguments: [
        (401, "Retell rejected the API key"), (402, "Retell stopped billing"), (500, "Retell answered an error"),
    ])
    func retellFailure(status: Int, wording: String) async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        await retell.failNext(.createAgent, with: .http(status, "message from Retell"))
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let response = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.recruiterToken)
            #expect(response.status == .badGateway)
            let message = try #require((response.object["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains(wording))
            #expect(message.contains("message from Retell"))
            #expect(try await app.database.agent(campaignID: ids.campaign) == nil)
            let missing = try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.viewerToken)
            #expect(missing.status == .notFound)
        }
    }

    @Test("Without a Retell key the agent cannot be created and the answer says how to fix it")
    func notConfigured() async throws {
        let app = try await TestApp.make(retell: nil)
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let response = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.recruiterToken)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "retell_not_configured")
        }
    }

    @Test("Viewers cannot create agents; unknown campaigns are 404")
    func permissions() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            #expect(try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.viewerToken).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/campaigns/nope/agent", token: app.recruiterToken).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/campaigns/nope/agent", token: app.viewerToken).status == .notFound)
        }
    }
}
