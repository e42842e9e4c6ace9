import Foundation
import RetellSimulator
import Testing

@Suite("Retell simulator API")
struct SimulatorAPITests {
    @Test("Requests without the right bearer key get 401 with Retell's message")
    func authentication() async throws {
        try await SimHarness.with { sim in
            for key in [nil, "wrong-key"] as [String?] {
                let reply = try await sim.send(.GET, "/get-concurrency", key: key)
                #expect(reply.status == 401)
                #expect(reply.json["status"] as? String == "error")
                #expect(reply.message == "API key is missing or invalid.")
            }
            #expect(try await sim.send(.GET, "/get-concurrency").status == 200)
        }
    }

    @Test("LLMs and agents are created with version 0, updated with a version bump, and unknown ids are 422")
    func agentsAndLLMs() async throws {
        try await SimHarness.with { sim in
            let llm = try await sim.send(.POST, "/create-retell-llm", json: ["general_prompt": "Hello", "model": "gpt-4.1"])
            #expect(llm.status == 201)
            let llmID = try #require(llm.json["llm_id"] as? String)
            #expect(llmID.hasPrefix("llm_"))
            #expect(llm.json["version"] as? Int == 0)
            #expect(llm.json["general_prompt"] as? String == "Hello")
            let updated = try await sim.send(.PATCH, "/update-retell-llm/\(llmID)", json: ["general_prompt": "Hi"])
            #expect(updated.json["version"] as? Int == 1)
            #expect(try await sim.send(.GET, "/get-retell-llm/\(llmID)").json["general_prompt"] as? String == "Hi")

            let agentID = try await sim.makeAgent(webhookURL: "http://127.0.0.1:9/hook")
            #expect(agentID.hasPrefix("agent_"))
            let agent = try await sim.send(.GET, "/get-agent/\(agentID)")
            #expect(agent.json["version"] as? Int == 0)
            #expect(agent.json["webhook_url"] as? String == "http://127.0.0.1:9/hook")
            #expect((agent.json["post_call_analysis_data"] as? [Any])?.count == SimHarness.standardAnalysis.count)
            let renamed = try await sim.send(.PATCH, "/update-agent/\(agentID)", json: ["agent_name": "Renamed"])
            #expect(renamed.status == 200)
            #expect(renamed.json["version"] as? Int == 1)
            #expect(renamed.json["voice_id"] as? String == "retell-Cimo")

            for (method, path) in [("GET", "/get-agent/agent_nope"), ("PATCH", "/update-agent/agent_nope"),
                                   ("GET", "/get-retell-llm/llm_nope"), ("PATCH", "/update-retell-llm/llm_nope"),
                                   ("GET", "/v2/get-call/call_nope")] {
                let reply = try await sim.send(method == "GET" ? .GET : .PATCH, path, json: method == "GET" ? nil : ["agent_name": "x"])
                #expect(reply.status == 422, "\(path)")
                #expect(reply.message == "Cannot find requested asset under given api key.")
            }
        }
    }

    @Test("An agent missing voice_id, with an unknown LLM or an out-of-range setting is refused naming the field")
    func agentValidation() async throws {
        try await SimHarness.with { sim in
            let llmID = try await sim.send(.POST, "/create-retell-llm", json: [:]).json["llm_id"] as? String ?? ""
            let engine: [String: Any] = ["type": "retell-llm", "llm_id": llmID]
            let cases: [([String: Any], String)] = [
                (["response_engine": engine], "voice_id"),
                (["voice_id": "retell-Cimo"], "response_engine"),
                (["voice_id": "retell-Cimo", "response_engine": ["type": "retell-llm", "llm_id": "llm_missing"]], "llm_id"),
                (["voice_id": "retell-Cimo", "response_engine": engine, "max_call_duration_ms": 30_000], "max_call_duration_ms"),
                (["voice_id": "retell-Cimo", "response_engine": engine, "end_call_after_silence_ms": 5_000], "end_call_after_silence_ms"),
                (["voice_id": "retell-Cimo", "response_engine": engine,
                  "post_call_analysis_data": [["type": "enum", "name": "shift", "description": "x"]]], "choices"),
                (["voice_id": "retell-Cimo", "response_engine": engine, "opt_in_signed_url": "yes"], "opt_in_signed_url"),
            ]
            for (body, field) in cases {
                let reply = try await sim.send(.POST, "/create-agent", json: body)
                #expect(reply.status == 400, "\(field)")
                #expect(reply.message.contains(field), "\(reply.message)")
            }
            #expect(try await sim.send(.POST, "/create-agent", raw: "{not json").status == 400)
        }
    }

    @Test("A dynamic variable that is not a string is refused naming the key")
    func dynamicVariablesMustBeStrings() async throws {
        try await SimHarness.with { sim in
            let agentID = try await sim.makeAgent()
            let reply = try await sim.call(agentID, extra: ["retell_llm_dynamic_variables": ["first_name": "Ana", "expected_pay": 42_000]])
            #expect(reply.status == 400)
            #expect(reply.message.contains("expected_pay"))
            #expect(await sim.simulator.calls.isEmpty)
        }
    }

    @Test("Phone numbers that are missing or not E.164 are refused", arguments: ["4155550123", "+0415555012", "+1415", "+1415555012345678", "+1 415 555 0123"])
    func e164(number: String) async throws {
        try await SimHarness.with { sim in
            let agentID = try await sim.makeAgent()
            let reply = try await sim.call(agentID, to: number)
            #expect(reply.status == 400)
            #expect(reply.message.contains("to_number"))
            let missing = try await sim.send(.POST, "/v2/create-phone-call", json: ["to_number": "+14155550199", "override_agent_id": agentID])
            #expect(missing.status == 400)
            #expect(missing.message.contains("from_number"))
        }
    }

    @Test("A call for an unknown agent is 422 and unknown body keys are 400")
    func unknownAgentAndKeys() async throws {
        try await SimHarness.with { sim in
            let unknown = try await sim.call("agent_does_not_exist")
            #expect(unknown.status == 422)
            let agentID = try await sim.makeAgent()
            let extraKey = try await sim.call(agentID, extra: ["agent_id": agentID])
            #expect(extraKey.status == 400)
            #expect(extraKey.message.contains("agent_id"))
            let list = try await sim.send(.POST, "/v3/list-calls", json: ["filter_criteria": ["agent_id": [agentID]]])
            #expect(list.status == 400)
            #expect(list.message.contains("agent_id"))
            let top = try await sim.send(.POST, "/v3/list-calls", json: ["page": 2])
            #expect(top.status == 400)
            #expect(try await sim.send(.POST, "/v3/list-calls", json: ["limit": 0]).status == 400)
            #expect(try await sim.send(.POST, "/v3/list-calls", json: ["limit": 1_001]).status == 400)
        }
    }

    @Test("At the concurrency limit create-phone-call answers 429 with retry-after, and succeeds after a call ends")
    func concurrencyLimit() async throws {
        try await SimHarness.with(speedup: 25, concurrencyLimit: 2) { sim in
            let agentID = try await sim.makeAgent()
            await sim.simulator.script([CallScript(outcome: .noAnswer), CallScript(outcome: .noAnswer)])
            await sim.simulator.holdCalls()
            #expect(try await sim.call(agentID).status == 201)
            #expect(try await sim.call(agentID).status == 201)
            let concurrency = try await sim.send(.GET, "/get-concurrency").json
            #expect(concurrency["current_concurrency"] as? Int == 2)
            #expect(concurrency["concurrency_limit"] as? Int == 2)
            #expect(concurrency["purchased_concurrency"] as? Int == 0)
            let refused = try await sim.call(agentID)
            #expect(refused.status == 429)
            #expect(refused.message == "Account rate limited, please throttle your requests.")
            #expect(Int(refused.headers["retry-after"] ?? "") ?? 0 >= 1)
            #expect(await sim.simulator.calls.count == 2)
            await sim.simulator.releaseCalls()
            #expect(try await simEventually { await sim.simulator.currentConcurrency < 2 })
            #expect(try await sim.call(agentID).status == 201)
            #expect(await sim.simulator.maxConcurrentObserved == 2)
        }
    }

    @Test("The same idempotency_key within an hour returns the same call; after an hour it creates a new one")
    func idempotency() async throws {
        let clock = SimTestClock()
        try await SimHarness.with(speedup: 0.01, clock: clock.closure) { sim in
            let agentID = try await sim.makeAgent()
            let first = try await sim.call(agentID, metadata: ["shortlist_call_id": "c1"], idempotencyKey: "key-1")
            clock.advance(ms: 59 * 60_000)
            let again = try await sim.call(agentID, metadata: ["shortlist_call_id": "c1"], idempotencyKey: "key-1")
            #expect(first.status == 201)
            #expect(again.status == 201)
            #expect(again.json["call_id"] as? String == first.json["call_id"] as? String)
            #expect(await sim.simulator.calls.count == 1)
            clock.advance(ms: 2 * 60_000)
            let later = try await sim.call(agentID, idempotencyKey: "key-1")
            #expect(later.json["call_id"] as? String != first.json["call_id"] as? String)
            #expect(await sim.simulator.calls.count == 2)
        }
    }

    @Test("A new call is registered and echoes metadata and dynamic variables; metadata is omitted when not given")
    func createdCallObject() async throws {
        try await SimHarness.with(speedup: 0.01) { sim in
            let agentID = try await sim.makeAgent()
            let reply = try await sim.call(agentID, metadata: ["shortlist_call_id": "c9", "attempt": 2])
            #expect(reply.status == 201)
            #expect(reply.json["call_status"] as? String == "registered")
            #expect((reply.json["call_id"] as? String)?.hasPrefix("call_") == true)
            #expect(reply.json["agent_id"] as? String == agentID)
            #expect(reply.json["call_type"] as? String == "phone_call")
            #expect(reply.json["direction"] as? String == "outbound")
            #expect((reply.json["metadata"] as? [String: Any])?["attempt"] as? Int == 2)
            #expect(reply.text.contains(#""attempt":2"#))
            #expect((reply.json["retell_llm_dynamic_variables"] as? [String: Any])?["first_name"] as? String == "Maria")
            #expect(reply.json["start_timestamp"] == nil)
            let bare = try await sim.call(agentID)
            #expect(bare.json["metadata"] == nil)
        }
    }
}

@Suite("Retell simulator lifecycle")
struct SimulatorLifecycleTests {
    @Test("Starting on a port that is taken fails, and a stopped simulator can start again with its calls kept")
    func lifecycle() async throws {
        try await SimHarness.with(speedup: 0.01) { sim in
            let agentID = try await sim.makeAgent()
            #expect(try await sim.call(agentID).status == 201)
            let clash = RetellSimulator(configuration: SimulatorConfiguration(port: sim.port, apiKey: SimHarness.apiKey))
            await #expect(throws: (any Error).self) { _ = try await clash.start() }
            await sim.simulator.stop()
            let port = try await sim.simulator.start()
            #expect(port > 0)
            #expect(await sim.simulator.calls.count == 1)
            #expect(sim.simulator.port == port)
        }
    }
}
