import Foundation
import RetellSimulator
import Testing

@Suite("Retell simulator list-calls and files")
struct SimulatorListTests {
    private func ids(_ reply: SimReply) -> [String] {
        (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["call_id"] as? String }
    }

    @Test("list-calls filters by agent, metadata and start time range")
    func filters() async throws {
        let clock = SimTestClock()
        try await SimHarness.with(speedup: 0.01, clock: clock.closure) { sim in
            let agentA = try await sim.makeAgent()
            let agentB = try await sim.makeAgent()
            var made: [String] = []
            for index in 0..<4 {
                let reply = try await sim.call(index == 3 ? agentB : agentA, metadata: ["shortlist_call_id": "sc-\(index)"])
                made.append(try #require(reply.json["call_id"] as? String))
                clock.advance(ms: 60_000)
            }
            let start = clock.nowMS - 4 * 60_000

            let byAgent = try await sim.send(.POST, "/v3/list-calls", json: ["filter_criteria": ["agent": [["agent_id": agentB]]]])
            #expect(byAgent.status == 200)
            #expect(ids(byAgent) == [made[3]])

            let byMetadata = try await sim.send(.POST, "/v3/list-calls", json: ["filter_criteria": [
                "metadata": [["key": "shortlist_call_id", "op": "eq", "type": "string", "value": "sc-1"]],
            ]])
            #expect(ids(byMetadata) == [made[1]])

            let byTime = try await sim.send(.POST, "/v3/list-calls", json: [
                "filter_criteria": ["start_timestamp": ["op": "bt", "type": "range", "value": [start + 60_000, start + 120_000]]],
                "sort_order": "ascending",
            ])
            #expect(ids(byTime) == [made[1], made[2]])

            let byNumber = try await sim.send(.POST, "/v3/list-calls", json: [
                "filter_criteria": ["start_timestamp": ["op": "ge", "type": "number", "value": start + 120_000],
                                    "agent": [["agent_id": agentA]]],
            ])
            #expect(ids(byNumber) == [made[2]])
        }
    }

    @Test("list-calls pages with pagination_key and has_more, newest first by default")
    func paging() async throws {
        try await SimHarness.with(speedup: 0.01) { sim in
            let agentID = try await sim.makeAgent()
            var made: [String] = []
            for _ in 0..<5 { made.append(try #require(try await sim.call(agentID).json["call_id"] as? String)) }
            let first = try await sim.send(.POST, "/v3/list-calls", json: ["limit": 2])
            #expect(ids(first) == [made[4], made[3]])
            #expect(first.json["has_more"] as? Bool == true)
            let key = try #require(first.json["pagination_key"] as? String)
            #expect(key == made[3])
            let second = try await sim.send(.POST, "/v3/list-calls", json: ["limit": 2, "pagination_key": key])
            #expect(ids(second) == [made[2], made[1]])
            let third = try await sim.send(.POST, "/v3/list-calls", json: ["limit": 2, "pagination_key": made[1], "include_total": true])
            #expect(ids(third) == [made[0]])
            #expect(third.json["has_more"] as? Bool == false)
            #expect(third.json["pagination_key"] is NSNull)
            #expect(third.json["total"] as? Int == 1)
            let all = try await sim.send(.POST, "/v3/list-calls", raw: "")
            #expect(ids(all).count == 5)
        }
    }

    @Test("List items carry no transcript while get-call has it, and the recording is a WAV with a RIFF header")
    func endedCallFiles() async throws {
        try await SimHarness.with(speedup: 5_000) { sim in
            let agentID = try await sim.makeAgent()
            await sim.simulator.script([CallScript(outcome: .answered)])
            let callID = try #require(try await sim.call(agentID).json["call_id"] as? String)
            #expect(try await simEventually { await sim.simulator.calls.first?.analyzed == true })

            let full = try await sim.send(.GET, "/v2/get-call/\(callID)").json
            #expect(full["call_status"] as? String == "ended")
            let transcript = try #require(full["transcript"] as? String)
            #expect(transcript.hasPrefix("Agent: Hi Maria, this is Alex from Acme."))
            #expect(transcript.contains("User: "))
            #expect(transcript.contains("Are you still interested in the Picker role?"))
            #expect((full["transcript_object"] as? [Any])?.isEmpty == false)
            #expect(full["call_analysis"] != nil)
            let duration = try #require(full["duration_ms"] as? Int)
            #expect((60_000...300_000).contains(duration))
            let cost = try #require(full["call_cost"] as? [String: Any])
            #expect(cost["total_duration_seconds"] as? Int == (duration + 999) / 1000)

            let listed = try await sim.send(.POST, "/v3/list-calls", json: [:])
            let item = try #require((listed.json["items"] as? [[String: Any]])?.first)
            #expect(item["call_id"] as? String == callID)
            #expect(item["transcript"] == nil && item["transcript_object"] == nil && item["transcript_with_tool_calls"] == nil)
            #expect(item["recording_url"] != nil)

            // Signed like Retell's opt_in_signed_url: the address carries its expiry and an HMAC.
            #expect(full["opt_in_signed_url"] as? Bool == true)
            let recordingURL = try #require(full["recording_url"] as? String)
            #expect(recordingURL.hasPrefix("\(sim.baseURL)/recordings/\(callID).wav?expires="))
            #expect(recordingURL.contains("&signature="))
            #expect(try await sim.send(.GET, "/recordings/\(callID).wav", key: nil).status == 403)
            let wav = try await sim.send(.GET, String(recordingURL.dropFirst(sim.baseURL.count)), key: nil)
            #expect(wav.status == 200)
            #expect(wav.headers["content-type"] == "audio/wav")
            #expect(wav.body.prefix(4) == Data("RIFF".utf8))
            #expect(wav.body.dropFirst(8).prefix(4) == Data("WAVE".utf8))
            #expect(wav.body.count == 44 + 16_000)
            let logURL = try #require(full["public_log_url"] as? String)
            let log = try await sim.send(.GET, String(logURL.dropFirst(sim.baseURL.count)), key: nil)
            #expect(log.status == 200)
            #expect(log.text.contains(transcript))
            #expect(try await sim.send(.GET, "/recordings/call_unknown.wav", key: nil).status == 403)
        }
    }

    @Test("Unknown paths answer 404 with Retell's error body")
    func unknownPath() async throws {
        try await SimHarness.with { sim in
            let reply = try await sim.send(.GET, "/v9/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.json["status"] as? String == "error")
        }
    }
}
