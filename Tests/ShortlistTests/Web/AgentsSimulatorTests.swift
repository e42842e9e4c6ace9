import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Retell
import Testing
@testable import Shortlist

@Suite("Agents against the Retell simulator")
struct AgentsSimulatorTests {
    @Test("In simulator mode the real HTTP client creates the agent, and a changed question updates it to version 2")
    func createAndUpdateOverHTTP() async throws {
        var config = Config()
        config.retell.mode = .simulator
        config.simulator.speedup = 1_000
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let connection = try await RetellConnection.open(config, logger: logger)
        do {
            let client = try #require(connection.client)
            #expect(client is HTTPRetellClient)
            let app = try await TestApp.make(client: client)
            try await app.test { http in
                let ids = try await Seed.jobAndCampaign(http, token: app.recruiterToken)
                let path = "/api/v1/campaigns/\(ids.campaign)/agent"
                let first = try await http.send(.post, path, token: app.recruiterToken)
                #expect(first.status == .ok, "\(first.text)")
                #expect(first.object["version"] as? Int == 1)
                let agentID = try #require(first.object["retell_agent_id"] as? String)
                let llmID = try #require(first.object["retell_llm_id"] as? String)

                let atRetell = try await client.getAgent(id: agentID)
                #expect(atRetell.postCallAnalysisData?.map(\.name).contains("has_license") == true)
                #expect(atRetell.maxCallDurationMS == 15 * 60_000)

                _ = try await http.send(.patch, "/api/v1/campaigns/\(ids.campaign)", token: app.recruiterToken,
                                        json: #"{"questions":["Can you work weekends?"]}"#)
                let second = try await http.send(.post, path, token: app.recruiterToken)
                #expect(second.object["version"] as? Int == 2)
                let llm = try await client.getRetellLLM(id: llmID)
                #expect(llm.generalPrompt?.contains("Can you work weekends?") == true)
                #expect((llm.version ?? 0) >= 1)
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
