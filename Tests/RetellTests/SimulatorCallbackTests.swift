import Foundation
@testable import RetellSimulator
import Testing

@Suite("Retell simulator callbacks")
struct SimulatorCallbackTests {
    static let fields: [JSONValue] = ["available_to_work", "interested", "callback_at", "next_steps"].map {
        .object(["type": .string($0 == "callback_at" || $0 == "next_steps" ? "string" : "boolean"), "name": .string($0)])
    }

    static func plan(_ sequence: UInt64, forced: SimulatedOutcome? = nil, speedup: Double = 60) -> CallPlan {
        CallPlanner.plan(PlanInputs(
            seed: 3, sequence: sequence, weights: OutcomeWeights(answered: 1, voicemail: 0, noAnswer: 0, busy: 0, invalidNumber: 0, optOut: 0),
            forcedOutcome: forced, analysisFields: fields, maxCallDurationMS: 900_000, generalPrompt: nil, beginMessage: nil,
            dynamicVariables: [:], createdMS: 1_795_000_000_000, speedup: speedup))
    }

    @Test("About one answered call in twelve asks to be called back: user_requested_callback, no answers, a callback_at after the call in simulated minutes")
    func share() throws {
        let plans = (0..<600 as Range<UInt64>).map { Self.plan($0) }
        let callbacks = plans.filter { $0.outcome == .callbackRequested }
        #expect((25...75).contains(callbacks.count), "\(callbacks.count) of 600")
        for plan in callbacks {
            #expect(plan.disconnectionReason == "user_requested_callback")
            let custom = try #require(plan.analysis["custom_analysis_data"])
            #expect(custom["available_to_work"] == nil && custom["interested"] == nil)
            let text = try #require(custom["callback_at"]?.stringValue)
            let at = try Date(text, strategy: Date.ISO8601FormatStyle())
            let createdMS = 1_795_000_000_000.0
            let afterCallMS = createdMS + (plan.ringSeconds + plan.talkSeconds + 8 + 180) * 1000 / 60
            let latestMS = createdMS + (plan.ringSeconds + plan.talkSeconds + 8 + 600) * 1000 / 60 + 1000
            #expect(at.timeIntervalSince1970 * 1000 >= afterCallMS - 1000 && at.timeIntervalSince1970 * 1000 <= latestMS, "\(text)")
            #expect(plan.transcript.contains { $0.content.contains("call me back") })
        }
        #expect(plans.filter { $0.outcome == .answered }.allSatisfy { $0.disconnectionReason != "user_requested_callback" })
    }

    @Test("A scripted answered call never turns into a callback; a scripted callback always is one")
    func scripted() {
        for sequence in 0..<100 as Range<UInt64> {
            #expect(Self.plan(sequence, forced: .answered).outcome == .answered)
            #expect(Self.plan(sequence, forced: .callbackRequested).disconnectionReason == "user_requested_callback")
        }
    }
}
