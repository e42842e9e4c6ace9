import Foundation
import Retell
import Testing

/// Each endpoint against a fake Retell over loopback HTTP: method, path, auth, body, decoding.
@Suite("HTTP client endpoints")
struct HTTPRetellClientEndpointTests {
    static let bearer = "Bearer \(FakeRetellServer.apiKey)"

    @Test("create-retell-llm posts only the fields that are set and decodes the LLM")
    func createRetellLLM() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/create-retell-llm", .json(201, #"""
                {"llm_id":"llm_9","version":0,"is_published":false,"general_prompt":"You screen candidates.",
                 "begin_message":"Hi {{first_name}}","start_speaker":"agent","model":"gpt-4.1",
                 "default_dynamic_variables":{"company":"Northwind"},"last_modification_timestamp":1773158405412,
                 "general_tools":[],"knowledge_base_ids":null}
                """#))
            let llm = try await retell.createRetellLLM(RetellLLMRequest(
                generalPrompt: "You screen candidates.", beginMessage: "Hi {{first_name}}", model: "gpt-4.1",
                defaultDynamicVariables: ["company": "Northwind"]))
            #expect(llm == RetellLLM(
                llmID: "llm_9", version: 0, isPublished: false, lastModificationTimestamp: 1_773_158_405_412,
                settings: RetellLLMRequest(
                    generalPrompt: "You screen candidates.", beginMessage: "Hi {{first_name}}", startSpeaker: "agent",
                    model: "gpt-4.1", defaultDynamicVariables: ["company": "Northwind"])))
            let seen = try #require(await fake.seen.first)
            #expect(seen.method == "POST")
            #expect(seen.path == "/create-retell-llm")
            #expect(seen.authorization == Self.bearer)
            #expect(seen.contentType == "application/json")
            #expect(seen.bodyText == #"{"begin_message":"Hi {{first_name}}","default_dynamic_variables":{"company":"Northwind"},"general_prompt":"You screen candidates.","model":"gpt-4.1","start_speaker":"agent"}"#)
        }
    }

    @Test("get-retell-llm and update-retell-llm use the id in the path")
    func getAndUpdateRetellLLM() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/get-retell-llm/llm_9", .json(200, #"{"llm_id":"llm_9","version":2}"#))
            await fake.reply("/update-retell-llm/llm_9", .json(200, #"{"llm_id":"llm_9","version":3,"general_prompt":"New"}"#))
            let fetched = try await retell.getRetellLLM(id: "llm_9")
            #expect(fetched.version == 2)
            #expect(fetched.generalPrompt == nil)
            let updated = try await retell.updateRetellLLM(id: "llm_9", RetellLLMRequest(generalPrompt: "New", startSpeaker: nil))
            #expect(updated.version == 3)
            let seen = await fake.seen
            #expect(seen.map(\.method) == ["GET", "PATCH"])
            #expect(seen.map(\.path) == ["/get-retell-llm/llm_9", "/update-retell-llm/llm_9"])
            #expect(seen.allSatisfy { $0.authorization == Self.bearer })
            #expect(seen[0].body.isEmpty)
            #expect(seen[1].bodyText == #"{"general_prompt":"New"}"#)
        }
    }

    @Test("create-agent sends the agent's JSON names, analysis fields and voicemail action")
    func createAgent() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/create-agent", .json(201, #"""
                {"agent_id":"agent_1","version":0,"agent_name":"Nights Agent","voice_id":"retell-Cimo",
                 "response_engine":{"type":"retell-llm","llm_id":"llm_9","version":0},
                 "webhook_url":"https://shortlist.example/webhooks/retell",
                 "post_call_analysis_data":[{"type":"boolean","name":"interested","description":"Still interested?"}],
                 "max_call_duration_ms":900000,"end_call_after_silence_ms":30000,
                 "voicemail_option":{"action":{"type":"hangup"}},"last_modification_timestamp":1773158405412.0,
                 "interruption_sensitivity":1}
                """#))
            let request = AgentRequest(
                responseEngine: .retellLLM("llm_9"), voiceID: "retell-Cimo", agentName: "Nights Agent",
                webhookURL: "https://shortlist.example/webhooks/retell",
                webhookEvents: ["call_started", "call_ended", "call_analyzed"],
                postCallAnalysisData: [
                    AnalysisField(type: .boolean, name: "interested", description: "Still interested?"),
                    AnalysisField(type: .enum, name: "shift", description: "Preferred shift", choices: ["day", "night"], required: true),
                ],
                maxCallDurationMS: 900_000, endCallAfterSilenceMS: 30_000, voicemailOption: .hangup,
                language: "en-US", enableDNCDetection: true)
            let agent = try await retell.createAgent(request)
            #expect(agent.agentID == "agent_1")
            #expect(agent.responseEngine == .retellLLM("llm_9", version: 0))
            #expect(agent.postCallAnalysisData == [AnalysisField(type: .boolean, name: "interested", description: "Still interested?")])
            #expect(agent.voicemailOption == .hangup)
            #expect(agent.lastModificationTimestamp == 1_773_158_405_412)
            let seen = try #require(await fake.seen.first)
            #expect(seen.method == "POST")
            #expect(seen.path == "/create-agent")
            #expect(seen.bodyText == #"{"agent_name":"Nights Agent","enable_dnc_detection":true,"end_call_after_silence_ms":30000,"language":"en-US","max_call_duration_ms":900000,"post_call_analysis_data":[{"description":"Still interested?","name":"interested","type":"boolean"},{"choices":["day","night"],"description":"Preferred shift","name":"shift","required":true,"type":"enum"}],"response_engine":{"llm_id":"llm_9","type":"retell-llm"},"voice_id":"retell-Cimo","voicemail_option":{"action":{"type":"hangup"}},"webhook_events":["call_started","call_ended","call_analyzed"],"webhook_url":"https://shortlist.example/webhooks/retell"}"#)
        }
    }

    @Test("get-agent and update-agent use the id in the path")
    func getAndUpdateAgent() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/get-agent/agent_1", .json(200, #"{"agent_id":"agent_1","version":1}"#))
            await fake.reply("/update-agent/agent_1", .json(200, #"{"agent_id":"agent_1","version":2,"voicemail_option":{"action":{"type":"static_text","text":"Call us back"}}}"#))
            #expect(try await retell.getAgent(id: "agent_1").version == 1)
            let updated = try await retell.updateAgent(id: "agent_1", AgentRequest(voicemailOption: .staticText("Call us back")))
            #expect(updated.version == 2)
            #expect(updated.voicemailOption == .staticText("Call us back"))
            let seen = await fake.seen
            #expect(seen.map(\.method) == ["GET", "PATCH"])
            #expect(seen.map(\.path) == ["/get-agent/agent_1", "/update-agent/agent_1"])
            #expect(seen[1].bodyText == #"{"voicemail_option":{"action":{"text":"Call us back","type":"static_text"}}}"#)
        }
    }

    @Test("create-phone-call sends metadata of any JSON type, string variables and the idempotency key")
    func createPhoneCall() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v2/create-phone-call", .json(201, #"""
                {"call_id":"call_1","call_type":"phone_call","agent_id":"agent_1","agent_version":2,
                 "direction":"outbound","from_number":"+14155550123","to_number":"+12065550187",
                 "call_status":"registered","metadata":{"shortlist_call_id":"c-1","attempt":1},
                 "retell_llm_dynamic_variables":{"first_name":"Maria"}}
                """#))
            let call = try await retell.createPhoneCall(CreatePhoneCallRequest(
                fromNumber: "+14155550123", toNumber: "+12065550187", overrideAgentID: "agent_1",
                metadata: ["shortlist_call_id": "c-1", "attempt": 1],
                retellLLMDynamicVariables: ["first_name": "Maria"], idempotencyKey: "idem-1"))
            #expect(call.callID == "call_1")
            #expect(call.status == .registered)
            #expect(call.agentVersion == 2)
            #expect(call.metadata?["attempt"] == .number(1))
            let seen = try #require(await fake.seen.first)
            #expect(seen.method == "POST")
            #expect(seen.path == "/v2/create-phone-call")
            #expect(seen.authorization == Self.bearer)
            #expect(seen.bodyText == #"{"from_number":"+14155550123","idempotency_key":"idem-1","metadata":{"attempt":1,"shortlist_call_id":"c-1"},"override_agent_id":"agent_1","retell_llm_dynamic_variables":{"first_name":"Maria"},"to_number":"+12065550187"}"#)
        }
    }

    @Test("get-call decodes Retell's full call object and escapes the id")
    func getCall() async throws {
        let body = try String(contentsOf: RetellFixtures.examples.appendingPathComponent("call_analyzed.json"), encoding: .utf8)
        let expected = try JSONDecoder().decode(WebhookPayload.self, from: Data(body.utf8)).call
        let callJSON = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])["call"]
        let callBody = try String(decoding: JSONSerialization.data(withJSONObject: try #require(callJSON)), as: UTF8.self)
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v2/get-call/\(expected.callID)", .json(200, callBody))
            await fake.reply("/v2/get-call/odd%2Fid%20x", .json(200, #"{"call_id":"odd/id x","agent_id":"a","call_status":"ended"}"#))
            let call = try await retell.getCall(id: expected.callID)
            #expect(call == expected)
            #expect(call.callAnalysis?.customAnalysisData?["expected_salary"] == .number(42_000))
            #expect(try await retell.getCall(id: "odd/id x").callID == "odd/id x")
            let seen = await fake.seen
            #expect(seen.map(\.method) == ["GET", "GET"])
            #expect(seen.map(\.path) == ["/v2/get-call/call_7d2e4b9a1c6f8e3d5b0a2c4e6f", "/v2/get-call/odd%2Fid%20x"])
        }
    }

    @Test("list-calls posts Retell's typed filters and decodes the page")
    func listCalls() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v3/list-calls", .json(200, #"""
                {"items":[{"call_id":"call_2","agent_id":"agent_1","call_status":"ended","duration_ms":12345.0},
                          {"call_id":"call_1","agent_id":"agent_1","call_status":"not_connected"}],
                 "has_more":true,"pagination_key":"call_1","total":7}
                """#))
            let page = try await retell.listCalls(ListCallsRequest(
                filterCriteria: ListCallsFilter(
                    agent: [AgentFilter(agentID: "agent_1")],
                    startTimestamp: .between(1_773_158_000_000, 1_773_159_000_000),
                    metadata: [MetadataFilter(key: "shortlist_call_id", equals: "c-1")]),
                limit: 2, sortOrder: "descending"))
            #expect(page.items.map(\.callID) == ["call_2", "call_1"])
            #expect(page.items[0].durationMS == 12_345)
            #expect(page.items[1].status == .notConnected)
            #expect(page.hasMore)
            #expect(page.paginationKey == "call_1")
            let seen = try #require(await fake.seen.first)
            #expect(seen.method == "POST")
            #expect(seen.path == "/v3/list-calls")
            #expect(seen.bodyText == #"{"filter_criteria":{"agent":[{"agent_id":"agent_1"}],"metadata":[{"key":"shortlist_call_id","op":"eq","type":"string","value":"c-1"}],"start_timestamp":{"op":"bt","type":"range","value":[1773158000000,1773159000000]}},"limit":2,"sort_order":"descending"}"#)
        }
    }

    @Test("get-concurrency decodes the limits")
    func getConcurrency() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/get-concurrency", .json(200, #"""
                {"current_concurrency":3,"concurrency_limit":20,"base_concurrency":20,"purchased_concurrency":0,
                 "concurrency_burst_enabled":false,"concurrency_burst_limit":0,"reserved_inbound_concurrency":2}
                """#))
            let concurrency = try await retell.getConcurrency()
            #expect(concurrency == Concurrency(
                currentConcurrency: 3, concurrencyLimit: 20, baseConcurrency: 20, purchasedConcurrency: 0,
                concurrencyBurstEnabled: false, concurrencyBurstLimit: 0, reservedInboundConcurrency: 2))
            let seen = try #require(await fake.seen.first)
            #expect(seen.method == "GET")
            #expect(seen.path == "/get-concurrency")
            #expect(seen.authorization == Self.bearer)
        }
    }
}
