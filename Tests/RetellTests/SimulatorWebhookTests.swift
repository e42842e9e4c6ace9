import Foundation
import Retell
import RetellSimulator
import Testing

@Suite("Retell simulator webhooks")
struct SimulatorWebhookTests {
    /// Checks the signature of every delivery against the simulator's API key and the wall clock.
    private func expectSigned(_ deliveries: [SimWebhookInbox.Delivery]) {
        for delivery in deliveries {
            let verdict = WebhookSignature.verify(
                body: delivery.body, header: delivery.signature, keys: [SimHarness.apiKey], nowMS: RetellSimulator.wallClockMS())
            #expect(verdict == .valid, "\(delivery.event): \(verdict)")
            #expect(delivery.contentType == "application/json")
        }
    }

    @Test("An answered call posts call_started, call_ended and call_analyzed in order, each signed, with every analysis field")
    func answeredCall() async throws {
        let inbox = SimWebhookInbox()
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: .answered)])
                let callID = try #require(try await sim.call(agentID, metadata: ["shortlist_call_id": "sc-7"]).json["call_id"] as? String)
                #expect(try await simEventually { await inbox.deliveries(for: callID).count == 3 })
                let deliveries = await inbox.deliveries(for: callID)
                #expect(deliveries.map(\.event) == ["call_started", "call_ended", "call_analyzed"])
                expectSigned(deliveries)
                #expect(deliveries.allSatisfy { ($0.call["metadata"] as? [String: Any])?["shortlist_call_id"] as? String == "sc-7" })
                #expect(deliveries[0].call["call_status"] as? String == "ongoing")
                #expect(deliveries[0].call["start_timestamp"] is Int)
                let ended = deliveries[1].call
                #expect(ended["call_status"] as? String == "ended")
                #expect(["user_hangup", "agent_hangup"].contains(ended["disconnection_reason"] as? String ?? ""))
                #expect(ended["call_analysis"] == nil)
                #expect(ended["transcript"] is String)
                #expect((ended["recording_url"] as? String)?.contains("/recordings/\(callID).wav?expires=") == true)
                let analysis = try #require(deliveries[2].call["call_analysis"] as? [String: Any])
                #expect(analysis["in_voicemail"] as? Bool == false)
                #expect(["Positive", "Neutral", "Negative"].contains(analysis["user_sentiment"] as? String ?? ""))
                #expect(analysis["call_summary"] is String)
                let custom = try #require(analysis["custom_analysis_data"] as? [String: Any])
                for field in SimHarness.standardAnalysis {
                    #expect(custom[field["name"] as? String ?? ""] != nil, "\(field["name"] ?? "")")
                }
                let shift = try #require(custom["shift"] as? String)
                #expect(["day", "night", "any"].contains(shift))
                let score = try #require(custom["sentiment_score"] as? Double)
                #expect((0...1).contains(score))
                #expect(custom["expected_salary"] is Int)
                #expect(isBooleanLike(custom["opted_out"], false))
                // The body is Retell-style compact JSON: slashes are not escaped.
                #expect(!String(decoding: deliveries[1].body, as: UTF8.self).contains(#"\/"#))
            }
        }
    }

    @Test("A call that never connects gets no call_started and no custom analysis data",
          arguments: [(SimulatedOutcome.noAnswer, "dial_no_answer"), (.busy, "dial_busy"), (.invalidNumber, "invalid_destination")])
    func notConnected(outcome: SimulatedOutcome, reason: String) async throws {
        let inbox = SimWebhookInbox()
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: outcome)])
                let callID = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually { await inbox.deliveries(for: callID).count == 2 })
                try await Task.sleep(for: .milliseconds(50))
                let deliveries = await inbox.deliveries(for: callID)
                #expect(deliveries.map(\.event) == ["call_ended", "call_analyzed"])
                expectSigned(deliveries)
                #expect(deliveries.allSatisfy { $0.call["call_status"] as? String == "not_connected" })
                #expect(deliveries.allSatisfy { $0.call["disconnection_reason"] as? String == reason })
                #expect(deliveries[0].call["transcript"] == nil && deliveries[0].call["recording_url"] == nil)
                let analysis = try #require(deliveries[1].call["call_analysis"] as? [String: Any])
                #expect(analysis["custom_analysis_data"] == nil)
                #expect(analysis["call_successful"] as? Bool == false)
                #expect(await sim.simulator.calls.first?.outcome == outcome)
            }
        }
    }

    @Test("Voicemail connects and ends with voicemail_reached and in_voicemail true; opt-out ends with user_requested_dnc and opted_out true")
    func voicemailAndOptOut() async throws {
        let inbox = SimWebhookInbox()
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: .voicemail), CallScript(outcome: .optOut)])
                let voicemail = try #require(try await sim.call(agentID).json["call_id"] as? String)
                let optOut = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually {
                    let left = await inbox.deliveries(for: voicemail).count
                    let refused = await inbox.deliveries(for: optOut).count
                    return left == 3 && refused == 3
                })
                let left = await inbox.deliveries(for: voicemail)
                #expect(left.map(\.event) == ["call_started", "call_ended", "call_analyzed"])
                #expect(left[1].call["disconnection_reason"] as? String == "voicemail_reached")
                #expect((left[2].call["call_analysis"] as? [String: Any])?["in_voicemail"] as? Bool == true)
                let refused = await inbox.deliveries(for: optOut)
                #expect(refused[1].call["disconnection_reason"] as? String == "user_requested_dnc")
                let custom = (refused[2].call["call_analysis"] as? [String: Any])?["custom_analysis_data"] as? [String: Any]
                #expect(isBooleanLike(custom?["opted_out"], true))
            }
        }
    }

    @Test("A receiver that answers 500 twice then 204 gets the event three times")
    func retries() async throws {
        let inbox = SimWebhookInbox { event, attempt in event == "call_ended" && attempt <= 2 ? 500 : 204 }
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: .busy)])
                let callID = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually {
                    await inbox.deliveries(for: callID).filter { $0.event == "call_ended" }.count == 3
                })
                try await Task.sleep(for: .milliseconds(100))
                let deliveries = await inbox.deliveries(for: callID)
                #expect(deliveries.filter { $0.event == "call_ended" }.count == 3)
                #expect(deliveries.filter { $0.event == "call_analyzed" }.count == 1)
                expectSigned(deliveries)
            }
        }
    }

    @Test("A receiver that always fails gets the first attempt and three retries, and later events still arrive")
    func givesUpAfterThreeRetries() async throws {
        let inbox = SimWebhookInbox { event, _ in event == "call_ended" ? 503 : 204 }
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: .noAnswer)])
                let callID = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually { await inbox.deliveries(for: callID).filter { $0.event == "call_ended" }.count == 4 })
                try await Task.sleep(for: .milliseconds(100))
                let deliveries = await inbox.deliveries(for: callID)
                #expect(deliveries.filter { $0.event == "call_ended" }.count == 4)
                #expect(deliveries.contains { $0.event == "call_analyzed" })
            }
        }
    }

    @Test("Scripted dropped events are never delivered and paused deliveries wait for resume")
    func controlHooks() async throws {
        let inbox = SimWebhookInbox()
        try await SimWebhookInbox.with(inbox) { url in
            try await SimHarness.with(speedup: 5_000) { sim in
                let agentID = try await sim.makeAgent(webhookURL: url)
                await sim.simulator.script([CallScript(outcome: .answered, dropEvents: [.callEnded])])
                let dropped = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually { await inbox.deliveries(for: dropped).count == 2 })
                #expect(await inbox.deliveries(for: dropped).map(\.event) == ["call_started", "call_analyzed"])

                await sim.simulator.pauseWebhooks()
                await sim.simulator.script([CallScript(outcome: .busy)])
                let held = try #require(try await sim.call(agentID).json["call_id"] as? String)
                #expect(try await simEventually { await sim.simulator.calls.last?.analyzed == true })
                #expect(await inbox.deliveries(for: held).isEmpty)
                await sim.simulator.resumeWebhooks()
                #expect(try await simEventually { await inbox.deliveries(for: held).count == 2 })
            }
        }
    }
}

/// True for `expected` as a JSON boolean or as the string "true"/"false".
func isBooleanLike(_ value: Any?, _ expected: Bool) -> Bool {
    if let string = value as? String { return string == (expected ? "true" : "false") }
    return (value as? Bool) == expected
}
