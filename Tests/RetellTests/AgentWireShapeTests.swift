import Foundation
import Testing
import Retell

@Suite("Agent and LLM wire shape")
struct AgentWireShapeTests {
    static func sortedJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("An agent encodes as one flat object, its settings beside Retell's own fields")
    func agentEncodesFlat() throws {
        let agent = Agent(agentID: "agent_1", version: 2, isPublished: false, lastModificationTimestamp: 1_700,
                          settings: AgentRequest(voiceID: "retell-Cimo", agentName: "Nights", maxCallDurationMS: 900_000))
        #expect(try Self.sortedJSON(agent) == #"{"agent_id":"agent_1","agent_name":"Nights","is_published":false,"last_modification_timestamp":1700,"max_call_duration_ms":900000,"version":2,"voice_id":"retell-Cimo"}"#)
        #expect(try JSONDecoder().decode(Agent.self, from: Data(Self.sortedJSON(agent).utf8)) == agent)
    }

    @Test("An agent's settings read tolerantly: a field of the wrong type is unset and the rest is kept")
    func agentSettingsAreTolerant() throws {
        let json = #"{"agent_id":"agent_1","voice_id":"retell-Cimo","max_call_duration_ms":"soon","webhook_events":7,"enable_dnc_detection":"yes"}"#
        let agent = try JSONDecoder().decode(Agent.self, from: Data(json.utf8))
        #expect(agent.voiceID == "retell-Cimo")
        #expect(agent.maxCallDurationMS == nil)
        #expect(agent.webhookEvents == nil)
        #expect(agent.enableDNCDetection == true)
    }

    @Test("An update replaces only the settings it sets and keeps Retell's own fields")
    func applyingAnUpdate() {
        var agent = Agent(agentID: "agent_1", version: 1, settings: AgentRequest(voiceID: "a", agentName: "Old"))
        agent.language = "en-GB"
        let updated = agent.applying(AgentRequest(agentName: "New"))
        #expect(updated.agentID == "agent_1" && updated.version == 1)
        #expect(updated.settings == AgentRequest(voiceID: "a", agentName: "New", language: "en-GB"))
    }

    @Test("An LLM encodes flat, and a new one starts without the request's default start speaker")
    func llmEncodesFlat() throws {
        let llm = RetellLLM(llmID: "llm_9", version: 0).applying(RetellLLMRequest(generalPrompt: "Hi", startSpeaker: nil))
        #expect(llm.startSpeaker == nil)
        #expect(try Self.sortedJSON(llm) == #"{"general_prompt":"Hi","llm_id":"llm_9","version":0}"#)
        #expect(try JSONDecoder().decode(RetellLLM.self, from: Data(Self.sortedJSON(llm).utf8)) == llm)
    }
}
