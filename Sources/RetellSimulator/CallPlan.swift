import Foundation

/// Everything random about one call, decided when it is created from the seeded generator of its
/// sequence number: outcome, simulated timings, transcript and analysis. Playback only adds the
/// clock's timestamps, so the same seed gives the same calls whatever the scheduling.
struct CallPlan: Sendable {
    var outcome: SimulatedOutcome
    /// Simulated seconds from creation to connection (or to giving up).
    var ringSeconds: Double
    /// Simulated seconds of conversation; 0 when the call never connects.
    var talkSeconds: Double
    /// Simulated seconds from the end of the call to `call_analyzed`.
    var analysisDelaySeconds: Double
    var disconnectionReason: String
    var transcript: [TranscriptTurn]
    /// The `call_analysis` object.
    var analysis: JSONValue

    /// The duration Retell would report; nil for calls that never connected.
    var durationMS: Int64? { outcome.connects ? Int64((talkSeconds * 1000).rounded()) : nil }
    var endStatus: String { outcome.connects ? "ended" : "not_connected" }
}

/// What the planner needs to know about the call's agent and LLM.
struct PlanInputs: Sendable {
    var seed: UInt64
    var sequence: UInt64
    var weights: OutcomeWeights
    var forcedOutcome: SimulatedOutcome?
    var analysisFields: [JSONValue]
    var maxCallDurationMS: Int64
    var generalPrompt: String?
    var beginMessage: String?
    var dynamicVariables: [String: String]
    var createdMS: Int64
    /// Simulated seconds per real second: a callback asked for "in a few minutes" is that many
    /// simulated minutes after the call, like every other simulated time.
    var speedup: Double = 1
}

enum CallPlanner {
    /// Answered calls whose ending draw is at least this become callback requests (1 in 12).
    static let callbackShare = 11.0 / 12
    static func plan(_ inputs: PlanInputs) -> CallPlan {
        var random = SeededRandom(seed: inputs.seed, stream: inputs.sequence)
        let drawn = drawOutcome(inputs.weights, &random)
        var outcome = inputs.forcedOutcome ?? drawn
        var ring: Double
        var talk: Double
        var reason: String
        switch outcome {
        case .answered:
            (ring, talk) = (random.between(3...12), random.between(60...300))
            // One draw decides how the conversation ends; its top twelfth is a callback request.
            let ending = random.unit()
            reason = ending < 0.6 ? "agent_hangup" : "user_hangup"
            if ending >= callbackShare, inputs.forcedOutcome == nil {
                outcome = .callbackRequested
                reason = "user_requested_callback"
            }
        case .callbackRequested:
            (ring, talk, reason) = (random.between(3...12), random.between(60...300), "user_requested_callback")
            _ = random.unit()
        case .optOut: (ring, talk, reason) = (random.between(3...12), random.between(20...60), "user_requested_dnc")
        case .voicemail: (ring, talk, reason) = (random.between(18...30), random.between(15...40), "voicemail_reached")
        case .noAnswer: (ring, talk, reason) = (random.between(25...45), 0, "dial_no_answer")
        case .busy: (ring, talk, reason) = (random.between(2...6), 0, "dial_busy")
        case .invalidNumber: (ring, talk, reason) = (random.between(0.5...2), 0, "invalid_destination")
        }
        let maxTalk = Double(inputs.maxCallDurationMS) / 1000
        if talk > maxTalk {
            talk = maxTalk
            reason = "max_duration_reached"
        }
        ring = (ring * 10).rounded() / 10
        talk = talk.rounded()
        var callbackAtMS: Int64?
        if outcome == .callbackRequested {
            // 3–10 simulated minutes after the call and its analysis (at most 8 s) are over.
            let seconds = ring + talk + 8 + random.between(3...10).rounded() * 60
            let speedup = inputs.speedup.isFinite && inputs.speedup > 0 ? inputs.speedup : 1
            callbackAtMS = inputs.createdMS + Int64((seconds * 1000 / speedup).rounded(.up))
        }
        let faked = AnalysisFaker.analysis(
            outcome: outcome, fields: inputs.analysisFields, createdMS: inputs.createdMS, callbackAtMS: callbackAtMS,
            random: &random)
        let transcript = TranscriptFaker.transcript(
            outcome: outcome, talkSeconds: talk, generalPrompt: inputs.generalPrompt,
            beginMessage: inputs.beginMessage, variables: inputs.dynamicVariables, hints: faked.hints,
            random: &random)
        return CallPlan(
            outcome: outcome, ringSeconds: ring, talkSeconds: talk,
            analysisDelaySeconds: random.between(2...8), disconnectionReason: reason,
            transcript: transcript, analysis: faked.analysis)
    }

    /// One outcome with probability proportional to its weight (negative weights count as 0;
    /// all zero means answered). Always draws exactly one number, forced outcome or not.
    static func drawOutcome(_ weights: OutcomeWeights, _ random: inout SeededRandom) -> SimulatedOutcome {
        let raw: [(SimulatedOutcome, Double)] = [
            (.answered, weights.answered), (.voicemail, weights.voicemail), (.noAnswer, weights.noAnswer),
            (.busy, weights.busy), (.invalidNumber, weights.invalidNumber), (.optOut, weights.optOut),
        ]
        let table = raw.map { outcome, weight in (outcome, weight.isFinite ? max(0, weight) : 0) }
        let total = table.reduce(0) { $0 + $1.1 }
        let roll = random.unit() * total
        guard total > 0 else { return .answered }
        var cumulative = 0.0
        for (outcome, weight) in table where weight > 0 {
            cumulative += weight
            if roll < cumulative { return outcome }
        }
        return table.last { $0.1 > 0 }?.0 ?? .answered
    }

    /// Retell's `call_cost` in cents for `durationMS` (unit prices in cents per second, as in
    /// the recorded examples).
    static func cost(durationMS: Int64?) -> JSONValue {
        let seconds = durationMS.map { Int(($0 + 999) / 1000) } ?? 0
        let products: [(String, Double)] = [("elevenlabs_tts", 0.1167), ("gpt_4_1_mini", 0.0067), ("retell_telephony", 0.025)]
        let costs = seconds == 0 ? [] : products.map { ($0.0, $0.1, cents($0.1 * Double(seconds))) }
        let unit = products.reduce(0) { $0 + $1.1 }
        return .object([
            "product_costs": .array(costs.map {
                .object(["product": .string($0.0), "unit_price": .double($0.1), "cost": .double($0.2)])
            }),
            "total_duration_seconds": .int(Int64(seconds)),
            "total_duration_unit_price": .double(cents(unit)),
            "combined_cost": .double(cents(costs.reduce(0) { $0 + $1.2 })),
        ])
    }

    private static func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
