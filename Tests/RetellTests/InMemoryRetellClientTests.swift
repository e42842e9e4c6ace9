import Foundation
import Retell
import Testing

@Suite("In-memory Retell twin")
struct InMemoryRetellClientTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int64 = 1_773_158_400_000
        var now: Int64 { lock.withLock { value } }
        func advance(_ ms: Int64) { lock.withLock { value += ms } }
    }

    static func request(_ key: String? = nil, shortlistCallID: String = "c-1", agent: String = "agent_1") -> CreatePhoneCallRequest {
        CreatePhoneCallRequest(
            fromNumber: "+14155550123", toNumber: "+12065550187", overrideAgentID: agent,
            metadata: ["shortlist_call_id": .string(shortlistCallID), "attempt": 1],
            retellLLMDynamicVariables: ["first_name": "Maria"], idempotencyKey: key)
    }

    @Test("The same idempotency key returns the same call within an hour, a new one after")
    func idempotency() async throws {
        let clock = Clock()
        let retell = InMemoryRetellClient(now: { clock.now })
        let first = try await retell.createPhoneCall(Self.request("k1"))
        let again = try await retell.createPhoneCall(Self.request("k1"))
        let other = try await retell.createPhoneCall(Self.request("k2"))
        #expect(first.callID == "call_1")
        #expect(again == first)
        #expect(other.callID == "call_2")
        #expect(first.status == .registered)
        #expect(first.metadata?["shortlist_call_id"] == "c-1")
        clock.advance(3_600_001)
        #expect(try await retell.createPhoneCall(Self.request("k1")).callID == "call_3")
        #expect(await retell.createdCalls.count == 3)
        #expect(await retell.requests(for: .createPhoneCall).count == 4)
        let plain = try await retell.createPhoneCall(Self.request())
        let plainAgain = try await retell.createPhoneCall(Self.request())
        #expect(plain.callID != plainAgain.callID)
    }

    @Test("LLMs and agents get prefixed ids and a version bump on each update")
    func versions() async throws {
        let retell = InMemoryRetellClient()
        let llm = try await retell.createRetellLLM(RetellLLMRequest(generalPrompt: "v1", model: "gpt-4.1"))
        #expect(llm.llmID == "llm_1")
        #expect(llm.version == 0)
        #expect(llm.startSpeaker == "agent")
        let agent = try await retell.createAgent(AgentRequest(responseEngine: .retellLLM(llm.llmID), voiceID: "retell-Cimo", agentName: "A"))
        #expect(agent.agentID == "agent_1")
        #expect(agent.version == 0)
        let updatedLLM = try await retell.updateRetellLLM(id: llm.llmID, RetellLLMRequest(generalPrompt: "v2", startSpeaker: nil))
        #expect(updatedLLM.version == 1)
        #expect(updatedLLM.generalPrompt == "v2")
        #expect(updatedLLM.model == "gpt-4.1")
        _ = try await retell.updateAgent(id: agent.agentID, AgentRequest(agentName: "B"))
        let twice = try await retell.updateAgent(id: agent.agentID, AgentRequest(maxCallDurationMS: 900_000))
        #expect(twice.version == 2)
        #expect(twice.agentName == "B")
        #expect(twice.voiceID == "retell-Cimo")
        #expect(try await retell.getAgent(id: agent.agentID) == twice)
        #expect(try await retell.getRetellLLM(id: llm.llmID) == updatedLLM)
        let call = try await retell.createPhoneCall(Self.request(agent: agent.agentID))
        #expect(call.agentVersion == 2)
        #expect(call.agentName == "B")
    }

    @Test("Unknown ids are a 422 and an agent without engine or voice is a 400")
    func unknownIDs() async throws {
        let retell = InMemoryRetellClient()
        await #expect(throws: RetellError.http(422, "Cannot find requested asset under given api key.")) {
            try await retell.getCall(id: "call_404")
        }
        await #expect(throws: RetellError.self) { try await retell.updateAgent(id: "agent_x", AgentRequest()) }
        do {
            _ = try await retell.createAgent(AgentRequest(agentName: "no engine"))
            Issue.record("expected a 400")
        } catch let error as RetellError {
            #expect(error.status == 400)
        }
    }

    @Test("Scripted failures are thrown in order, once each, and logged")
    func scriptedFailures() async throws {
        let retell = InMemoryRetellClient()
        await retell.failNext(.createPhoneCall, with: .http(429, "Account rate limited", retryAfter: .seconds(2)))
        await retell.failNext("createPhoneCall", with: .timeout("deadline"))
        await #expect(throws: RetellError.http(429, "Account rate limited", retryAfter: .seconds(2))) {
            try await retell.createPhoneCall(Self.request("k"))
        }
        await #expect(throws: RetellError.timeout("deadline")) { try await retell.createPhoneCall(Self.request("k")) }
        #expect(await retell.allCalls.isEmpty)
        #expect(try await retell.createPhoneCall(Self.request("k")).callID == "call_1")
        #expect(await retell.requests.map(\.method) == [.createPhoneCall, .createPhoneCall, .createPhoneCall])
    }

    @Test("A failure after applying places the call but loses the answer")
    func lostResponse() async throws {
        let retell = InMemoryRetellClient()
        await retell.failNext(.createPhoneCall, with: .timeout("lost"), afterApplying: true)
        await #expect(throws: RetellError.self) { try await retell.createPhoneCall(Self.request("k", shortlistCallID: "c-9")) }
        let found = try await retell.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(
            metadata: [MetadataFilter(key: "shortlist_call_id", equals: "c-9")])))
        #expect(found.items.map(\.callID) == ["call_1"])
        #expect(try await retell.createPhoneCall(Self.request("k", shortlistCallID: "c-9")).callID == "call_1")
        #expect(await retell.createdCalls.count == 1)
    }

    @Test("setCall makes getCall answer what the test needs, and listCalls drops the transcript")
    func plantedCalls() async throws {
        let retell = InMemoryRetellClient()
        let call = try await retell.createPhoneCall(Self.request("k"))
        var ended = call
        ended.callStatus = CallStatus.ended.rawValue
        ended.transcript = "Agent: Hi"
        ended.callAnalysis = CallAnalysis(callSuccessful: true, customAnalysisData: ["interested": "yes"])
        await retell.setCall(ended)
        #expect(try await retell.getCall(id: call.callID) == ended)
        let listed = try await retell.listCalls(ListCallsRequest())
        #expect(listed.items.first?.transcript == nil)
        #expect(listed.items.first?.callAnalysis == ended.callAnalysis)
        await retell.updateCall(id: call.callID) { $0.disconnectionReason = "user_hangup" }
        #expect(try await retell.getCall(id: call.callID).disconnectionReason == "user_hangup")
    }

    @Test("listCalls filters by agent, metadata and start time, and pages by the last call id")
    func listFilters() async throws {
        let clock = Clock()
        let retell = InMemoryRetellClient(now: { clock.now })
        var ids: [String] = []
        for index in 1...5 {
            let agent = index.isMultiple(of: 2) ? "agent_even" : "agent_odd"
            ids.append(try await retell.createPhoneCall(Self.request(shortlistCallID: "c-\(index)", agent: agent)).callID)
            clock.advance(1_000)
        }
        let start = 1_773_158_400_000 as Int64
        let odd = try await retell.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(agent: [AgentFilter(agentID: "agent_odd")])))
        #expect(odd.items.map(\.callID) == ["call_5", "call_3", "call_1"])
        let byMetadata = try await retell.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(
            agent: [AgentFilter(agentID: "agent_even")], metadata: [MetadataFilter(key: "shortlist_call_id", equals: "c-4")])))
        #expect(byMetadata.items.map(\.callID) == ["call_4"])
        let window = try await retell.listCalls(ListCallsRequest(
            filterCriteria: ListCallsFilter(startTimestamp: .between(start + 1_000, start + 3_000)), sortOrder: "ascending"))
        #expect(window.items.map(\.callID) == ["call_2", "call_3", "call_4"])
        let versions = try await retell.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(
            agent: [AgentFilter(agentID: "agent_odd", version: [7])])))
        #expect(versions.items.isEmpty)
        let firstPage = try await retell.listCalls(ListCallsRequest(limit: 2))
        #expect(firstPage.items.map(\.callID) == ["call_5", "call_4"])
        #expect(firstPage.hasMore)
        let secondPage = try await retell.listCalls(ListCallsRequest(limit: 2, paginationKey: firstPage.paginationKey))
        #expect(secondPage.items.map(\.callID) == ["call_3", "call_2"])
        let lastPage = try await retell.listCalls(ListCallsRequest(limit: 2, paginationKey: secondPage.paginationKey))
        #expect(lastPage.items.map(\.callID) == ["call_1"])
        #expect(!lastPage.hasMore)
        #expect(lastPage.paginationKey == nil)
        let statuses = try await retell.listCalls(ListCallsRequest(filterCriteria: ListCallsFilter(callStatus: EnumFilter(value: ["ended"]))))
        #expect(statuses.items.isEmpty)
    }

    @Test("getConcurrency counts live calls unless a test sets it")
    func concurrency() async throws {
        let retell = InMemoryRetellClient(concurrencyLimit: 5)
        _ = try await retell.createPhoneCall(Self.request())
        #expect(try await retell.getConcurrency().currentConcurrency == 1)
        #expect(try await retell.getConcurrency().concurrencyLimit == 5)
        await retell.setConcurrency(Concurrency(currentConcurrency: 5, concurrencyLimit: 5))
        #expect(try await retell.getConcurrency().currentConcurrency == 5)
    }
}
