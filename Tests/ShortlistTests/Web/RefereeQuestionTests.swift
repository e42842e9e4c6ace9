import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

/// `know_referee` is the seed's question: does the candidate know anyone who works at the company.
@Suite("The know_referee question")
struct RefereeQuestionTests {
    static let question = "know anyone who works at Acme"
    /// How agents made before this change worded the goal and the field.
    static let oldGoal = "3. Ask whether they know anyone else who might be a good fit for this or a similar job."
    static let oldField = "True if the candidate knows someone else who might be suited to this or a similar job."

    @Test("A new agent asks whether the candidate knows anyone at the job's company, in its prompt and its analysis field")
    func newAgentAsksTheSeedQuestion() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let response = try await client.send(.post, "/api/v1/campaigns/\(ids.campaign)/agent", token: app.recruiterToken)
            #expect(response.status == .ok, "\(response.text)")
            #expect((response.object["prompt"] as? String)?.contains(Self.question + ", such as a friend") == true)
            let fields = try #require(response.object["analysis_fields"] as? [[String: Any]])
            let shown = try #require(fields.first { $0["name"] as? String == "know_referee" })
            #expect((shown["description"] as? String)?.contains(Self.question + ";") == true)

            let llm = try #require(await retell.llm(id: "llm_1"))
            #expect(llm.generalPrompt?.contains(Self.question + ", such as a friend") == true)
            let agent = try #require(await retell.agent(id: "agent_1"))
            let field = try #require(agent.postCallAnalysisData?.first { $0.name == "know_referee" })
            #expect(field.type == .boolean)
            #expect(field.description.contains(Self.question + ";"))
        }
    }

    @Test("An agent made with the old question keeps it until its next update, which sends the seed's question as a new version")
    func oldAgentMigratesOnNextUpdate() async throws {
        let app = try await TestApp.make()
        let retell = try #require(app.retell)
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            let path = "/api/v1/campaigns/\(ids.campaign)/agent"
            _ = try await client.send(.post, path, token: app.recruiterToken)
            try await Self.rewindToOldQuestion(app.database, campaignID: ids.campaign)

            let before = try await client.send(.get, path, token: app.viewerToken).object
            #expect(before["version"] as? Int == 1)
            #expect((before["prompt"] as? String)?.contains(Self.oldGoal) == true)

            let updated = try await client.send(.post, path, token: app.recruiterToken).object
            #expect(updated["changed"] as? Bool == true)
            #expect(updated["version"] as? Int == 2)
            #expect((updated["prompt"] as? String)?.contains(Self.question) == true)
            #expect((updated["prompt"] as? String)?.contains("anyone else") == false)
            #expect(await retell.requests(for: .updateRetellLLM).count == 1)
            #expect(await retell.requests(for: .updateAgent).count == 1)
            let agent = try #require(await retell.agent(id: "agent_1"))
            let field = try #require(agent.postCallAnalysisData?.first { $0.name == "know_referee" })
            #expect(field.description.contains(Self.question + ";"))

            let again = try await client.send(.post, path, token: app.recruiterToken).object
            #expect(again["changed"] as? Bool == false)
            #expect(again["version"] as? Int == 2)
        }
    }

    /// Rewrites the stored agent as the builder made it before this change: the old goal and field
    /// wording, with the hash that text had.
    static func rewindToOldQuestion(_ database: AppDatabase, campaignID: String) async throws {
        var agent = try #require(try await database.agent(campaignID: campaignID))
        let goal = try #require(agent.basePrompt.range(of: "3. Ask whether they know anyone who works at"))
        let goalEnd = try #require(agent.basePrompt[goal.lowerBound...].range(of: "\n"))
        agent.basePrompt.replaceSubrange(goal.lowerBound..<goalEnd.lowerBound, with: oldGoal)
        var fields = agent.fields
        let index = try #require(fields.firstIndex { $0.name == "know_referee" })
        fields[index].description = oldField
        agent.analysisFields = CanonicalJSON.string(fields)
        agent.promptSHA256 = SHA256.hash(data: Data((agent.basePrompt + "\n\n" + agent.beginMessage).utf8)).hexString
        let rewound = agent
        try await database.writer.write { db in try rewound.update(db) }
    }
}
