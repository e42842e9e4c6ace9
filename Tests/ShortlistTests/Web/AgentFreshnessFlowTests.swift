import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

/// DESIGN §8 "Agent freshness" over HTTP against the in-memory Retell: an edit marks the agent out
/// of date, starting or resuming calls first makes a new version, and every call keeps its version.
@Suite("Agent freshness over HTTP")
struct AgentFreshnessFlowTests {
    static let addTarget = #"""
        {"targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}},
                    {"key":"years_driving","name":"Years driving","goal_type":"number","knockout":{"min":2}}]}
        """#

    static func agentObject(_ client: any TestClientProtocol, _ app: TestApp, _ campaignID: String) async throws -> [String: Any] {
        let campaign = try await client.send(.get, "/api/v1/campaigns/\(campaignID)", token: app.viewerToken)
        return try #require(campaign.object["agent"] as? [String: Any], "\(campaign.text)")
    }

    @Test("Targets edited after the agent exists: the campaign shows it out of date, starting makes version 2 at Retell first, and the call records version 2")
    func startUpdatesFirst() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), startBatch: false)
            let id = harness.campaignID
            #expect(try await Self.agentObject(client, app, id)["up_to_date"] as? Bool == true)

            let patched = try await client.send(.patch, "/api/v1/campaigns/\(id)", token: app.recruiterToken, json: Self.addTarget)
            #expect(patched.status == .ok, "\(patched.text)")
            let stale = try await Self.agentObject(client, app, id)
            #expect(stale["up_to_date"] as? Bool == false)
            #expect(stale["out_of_date_because"] as? [String] == ["targets"])
            #expect(stale["version"] as? Int == 1)

            let started = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            #expect(started.status == .created, "\(started.text)")
            #expect(await harness.retell.requests(for: .updateRetellLLM).count == 1)
            #expect(await harness.retell.requests(for: .updateAgent).count == 1)
            let agent = try #require(try await app.database.agent(campaignID: id))
            #expect(agent.version == 2)
            let llm = try #require(await harness.retell.llm(id: agent.retellLLMID))
            #expect(llm.generalPrompt?.contains("Years driving") == true)
            let atRetell = try #require(await harness.retell.agent(id: agent.retellAgentID))
            #expect(atRetell.postCallAnalysisData?.contains { $0.name == "years_driving" } == true)

            let versions = try await app.database.agentVersions(campaignID: id)
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions[1].prompt == agent.basePrompt)
            #expect(versions[1].analysisFields.contains("years_driving"))
            #expect(!versions[0].analysisFields.contains("years_driving"))
            #expect(versions[1].voiceID == app.config.retell.voiceID)
            #expect(try await Self.agentObject(client, app, id)["up_to_date"] as? Bool == true)

            #expect(await harness.tick(harness.dialer()).placed == 1)
            let call = try #require(try await harness.calls().first)
            #expect(call.agentVersion == 2)
            let actions = try await app.database.auditLog(subjectType: "campaign", subjectID: id).map(\.action)
            #expect(actions.contains("agent.update"))
        }
    }

    @Test("If Retell refuses the update, no batch starts, nobody is queued, and the answer says why")
    func retellRefuses() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2), startBatch: false)
            let id = harness.campaignID
            _ = try await client.send(.patch, "/api/v1/campaigns/\(id)", token: app.recruiterToken,
                                      json: #"{"questions":["Do you have weekend availability?"]}"#)
            await harness.retell.failNext(.updateRetellLLM, with: .http(500, "upstream is down"))
            let refused = try await client.send(.post, "/api/v1/campaigns/\(id)/batches", token: app.recruiterToken)
            #expect(refused.status == .badGateway)
            #expect(refused.errorCode == "agent_not_updated")
            let message = try #require((refused.object["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains("No calls were started"))
            #expect(message.contains("upstream is down"))
            #expect(try await app.database.batches(campaignID: id).isEmpty)
            #expect(try await harness.candidates().allSatisfy { $0.status == .pending })
            #expect(try await app.database.agent(campaignID: id)?.version == 1)
            #expect(try await app.database.agentVersions(campaignID: id).count == 1)
            #expect(try await Self.agentObject(client, app, id)["out_of_date_because"] as? [String] == ["questions"])
            #expect(await harness.tick(harness.dialer()).placed == 0)
        }
    }

    @Test("Without a Retell key an out-of-date agent cannot be updated, so calling does not start; an up-to-date one starts as before")
    func noKey() async throws {
        let retell = InMemoryRetellClient(now: { 1_795_000_000_000 })
        let withKey = try await TestApp.make(retell: retell)
        let ids = try await withKey.test { client in
            let harness = try await DialerHarness.make(withKey, client, candidates: DialerHarness.phones(1), startBatch: false)
            return harness.campaignID
        }
        // The same database, served by an app with no Retell key.
        let keyless = TestApp(
            database: withKey.database, clock: withKey.clock, config: withKey.config, adminToken: withKey.adminToken,
            recruiterToken: withKey.recruiterToken, viewerToken: withKey.viewerToken, retell: nil, retellClient: nil,
            webhookKeys: withKey.webhookKeys)
        try await keyless.test { client in
            let fresh = try await client.send(.post, "/api/v1/campaigns/\(ids)/batches", token: keyless.recruiterToken)
            #expect(fresh.status == .created, "\(fresh.text)")
            let batchID = try #require(fresh.object["id"] as? String)
            _ = try await client.send(.post, "/api/v1/batches/\(batchID)/cancel", token: keyless.recruiterToken)
            _ = try await client.send(.patch, "/api/v1/campaigns/\(ids)", token: keyless.recruiterToken, json: Self.addTarget)
            let refused = try await client.send(.post, "/api/v1/campaigns/\(ids)/batches", token: keyless.recruiterToken)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.errorCode == "agent_not_updated")
            #expect(try await keyless.database.batches(campaignID: ids).count == 1)
        }
    }

    @Test("A start or resume that would be refused anyway leaves an out-of-date agent as it is")
    func refusedRequestsChangeNothing() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            _ = try await client.send(.patch, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken, json: Self.addTarget)
            #expect(try await harness.batch().status == .paused)
            let refused = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.recruiterToken,
                                                json: #"{"candidate_ids":["nobody"]}"#)
            #expect(refused.status == .unprocessableContent)
            _ = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken)
            let resumed = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/resume", token: app.recruiterToken)
            #expect(resumed.status == .conflict)
            #expect(await harness.retell.requests(for: .updateRetellLLM).isEmpty)
            #expect(try await app.database.agentVersions(campaignID: harness.campaignID).count == 1)
        }
    }

    @Test("A campaign with no agent at all keeps its answer: 409, create the agent first")
    func noAgent() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            _ = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/candidates", token: app.recruiterToken,
                                      json: #"[{"full_name":"Jane Doe","phone":"+15125550134"}]"#)
            let refused = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/batches", token: app.recruiterToken)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("has no Retell agent yet"))
            #expect(try await client.send(.get, "/api/v1/campaigns/\(ids.campaign)", token: app.viewerToken).object["agent"] is NSNull)
        }
    }

    @Test("An edit while a batch runs pauses it with the reason; calls in flight end as they are; resuming makes version 2 and goes on with it")
    func editPausesAndResumeUpdates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let dialer = harness.dialer(concurrency: 1)
            #expect(await harness.tick(dialer).placed == 1)
            let first = try #require(try await harness.calls().first)
            #expect(first.agentVersion == 1)

            // An edit that does not touch the agent leaves the batch running.
            let renamed = try await client.send(.patch, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken,
                                                json: #"{"name":"Spring drivers"}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(try await harness.batch().status == .inProgress)

            let patched = try await client.send(.patch, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken, json: Self.addTarget)
            #expect(patched.status == .ok)
            let paused = try await harness.batch()
            #expect(paused.status == .paused)
            #expect(paused.statusReason == AgentFreshness.pauseReason)
            let audit = try await app.database.auditLog(subjectType: "batch", subjectID: harness.batchID)
            #expect(audit.contains { $0.action == "batch.pause" && $0.detail.contains("the agent is out of date") })
            // The call already on goes on as it was; nobody new is dialled.
            #expect(try await harness.calls(status: [.registered]).count == 1)
            try await harness.end(first)
            #expect(await harness.tick(dialer).placed == 0)
            #expect(await harness.retell.requests(for: .updateAgent).isEmpty)

            let resumed = try await client.send(.post, "/api/v1/batches/\(harness.batchID)/resume", token: app.recruiterToken)
            #expect(resumed.status == .ok, "\(resumed.text)")
            #expect(resumed.object["status"] as? String == "in_progress")
            #expect(try await app.database.agent(campaignID: harness.campaignID)?.version == 2)
            #expect(await harness.tick(dialer).placed == 1)
            let second = try #require(try await harness.calls().first { $0.id != first.id })
            #expect(second.agentVersion == 2)
        }
    }

    @Test("A job edit pauses the running batch of every campaign of that job whose agent it left out of date")
    func jobEditPauses() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let campaign = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)", token: app.viewerToken)
            let jobID = try #require(campaign.object["job_id"] as? String)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let saved = try await SignInPagesTests.post(client, "/jobs/\(jobID)", form: [
                ("_csrf", admin.csrf), ("company", "Acme"), ("title", "Night driver"), ("location", "Austin"),
                ("salary_range", ""), ("employment_type", ""), ("description", ""),
            ], cookie: admin.cookie)
            #expect(saved.status == .seeOther)
            let batch = try await harness.batch()
            #expect(batch.status == .paused)
            #expect(batch.statusReason == AgentFreshness.pauseReason)
            #expect(try await Self.agentObject(client, app, harness.campaignID)["out_of_date_because"] as? [String] == ["job"])
        }
    }
}
