import AsyncHTTPClient
import Foundation
import Retell
import RetellSimulator
import Testing

/// The real client against the simulator over loopback HTTP: the production path of the demo and
/// of the end-to-end tests, endpoint by endpoint.
@Suite("HTTP client against the simulator")
struct ClientAgainstSimulatorTests {
    static func with(concurrencyLimit: Int = 20, _ body: (HTTPRetellClient, SimHarness) async throws -> Void) async throws {
        try await SimHarness.with(speedup: 50, concurrencyLimit: concurrencyLimit) { sim in
            let http = HTTPRetellClient.makeHTTPClient()
            let client = HTTPRetellClient(
                baseURL: sim.baseURL, apiKey: SimHarness.apiKey, httpClient: http, retry: .none)
            do {
                try await body(client, sim)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    static func agent(_ client: HTTPRetellClient) async throws -> (RetellLLM, Agent) {
        let llm = try await client.createRetellLLM(RetellLLMRequest(
            generalPrompt: "Ask: When can you start?", beginMessage: "Hello {{first_name}}", model: "gpt-4.1",
            defaultDynamicVariables: ["first_name": "there"]))
        let agent = try await client.createAgent(AgentRequest(
            responseEngine: .retellLLM(llm.llmID), voiceID: "11labs-Adrian", agentName: "Spring Agent",
            postCallAnalysisData: [AnalysisField(type: .boolean, name: "interested", description: "Interested?")],
            maxCallDurationMS: 900_000, endCallAfterSilenceMS: 30_000, voicemailOption: .staticText("We'll call back.")))
        return (llm, agent)
    }

    @Test("LLMs and agents are created, read and updated with versions going up")
    func llmAndAgent() async throws {
        try await Self.with { client, _ in
            let (llm, agent) = try await Self.agent(client)
            #expect(llm.llmID.hasPrefix("llm_"))
            #expect(try await client.getRetellLLM(id: llm.llmID).generalPrompt == "Ask: When can you start?")
            let updatedLLM = try await client.updateRetellLLM(id: llm.llmID, RetellLLMRequest(generalPrompt: "Ask: Weekends?"))
            #expect((updatedLLM.version ?? 0) > (llm.version ?? 0))
            #expect(agent.agentID.hasPrefix("agent_"))
            let read = try await client.getAgent(id: agent.agentID)
            #expect(read.postCallAnalysisData?.map(\.name) == ["interested"])
            #expect(read.maxCallDurationMS == 900_000)
            let updated = try await client.updateAgent(id: agent.agentID, AgentRequest(agentName: "Renamed"))
            #expect(updated.agentName == "Renamed")
            #expect((updated.version ?? 0) > (agent.version ?? 0))
        }
    }

    @Test("A phone call is created once per idempotency key, read back and found by list-calls")
    func calls() async throws {
        try await Self.with { client, _ in
            let (_, agent) = try await Self.agent(client)
            let request = CreatePhoneCallRequest(
                fromNumber: "+14155550100", toNumber: "+15125550134", overrideAgentID: agent.agentID,
                metadata: ["shortlist_call_id": "sl-1", "attempt": 1], retellLLMDynamicVariables: ["first_name": "Jane"],
                idempotencyKey: "sl-1-key")
            let call = try await client.createPhoneCall(request)
            #expect(call.status == .registered)
            #expect(call.metadata?["shortlist_call_id"] == "sl-1")
            let again = try await client.createPhoneCall(request)
            #expect(again.callID == call.callID)
            #expect(try await client.getCall(id: call.callID).toNumber == "+15125550134")
            let found = try await client.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(
                agent: [AgentFilter(agentID: agent.agentID)], metadata: [MetadataFilter(key: "shortlist_call_id", equals: "sl-1")])))
            #expect(found.items.map(\.callID) == [call.callID])
            let none = try await client.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(
                metadata: [MetadataFilter(key: "shortlist_call_id", equals: "other")])))
            #expect(none.items.isEmpty)
            let concurrency = try await client.getConcurrency()
            #expect(concurrency.concurrencyLimit == 20)
        }
    }

    @Test("Each error class comes back typed: 401 bad key, 422 unknown id, 400 bad number, 429 at the limit")
    func errors() async throws {
        try await Self.with(concurrencyLimit: 1) { client, sim in
            let http = HTTPRetellClient.makeHTTPClient()
            let wrongKey = HTTPRetellClient(baseURL: sim.baseURL, apiKey: "not-the-key", httpClient: http, retry: .none)
            await #expect { try await wrongKey.getConcurrency() } throws: { ($0 as? RetellError)?.isAuthFailure == true }
            try await http.shutdown()

            await #expect { try await client.getAgent(id: "agent_missing") } throws: { ($0 as? RetellError)?.isUnknownID == true }
            let (_, agent) = try await Self.agent(client)
            let bad = CreatePhoneCallRequest(fromNumber: "+14155550100", toNumber: "555-0134", overrideAgentID: agent.agentID)
            await #expect { try await client.createPhoneCall(bad) } throws: { ($0 as? RetellError)?.status == 400 }
            await sim.simulator.holdCalls()
            let first = CreatePhoneCallRequest(fromNumber: "+14155550100", toNumber: "+15125550134", overrideAgentID: agent.agentID)
            _ = try await client.createPhoneCall(first)
            let second = CreatePhoneCallRequest(fromNumber: "+14155550100", toNumber: "+15125550135", overrideAgentID: agent.agentID)
            await #expect { try await client.createPhoneCall(second) } throws: { error in
                guard let error = error as? RetellError else { return false }
                return error.isRateLimited && error.isRetryable
            }
        }
    }
}
