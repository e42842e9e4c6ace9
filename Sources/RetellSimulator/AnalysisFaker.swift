import Foundation

/// What the fake conversation should agree with: the answers behind the analysis.
struct AnswerHints: Sendable {
    var interested = true
    var available = true
    /// The seed's `know_referee`: the candidate knows someone who works at the company.
    var knowsSomeoneThere = true
    var salary: Int?
    var startDate: String?
}

/// Makes `call_analysis` objects: summary, sentiment, success, voicemail flag and a plausible
/// value for every field of the agent's `post_call_analysis_data`. Booleans come sometimes as
/// JSON booleans and sometimes as the strings "true"/"false" (Retell's types are unconfirmed,
/// so receivers must take both); which one is seeded like everything else.
enum AnalysisFaker {
    static func analysis(
        outcome: SimulatedOutcome, fields: [JSONValue], createdMS: Int64, callbackAtMS: Int64? = nil,
        random: inout SeededRandom
    ) -> (analysis: JSONValue, hints: AnswerHints) {
        var hints = AnswerHints()
        switch outcome {
        case .noAnswer, .busy, .invalidNumber:
            let what = outcome == .busy ? "the line was busy" : outcome == .noAnswer ? "nobody answered" : "the number is not valid"
            return (summary("The call did not connect: \(what).", voicemail: false, sentiment: "Unknown", success: false, custom: nil), hints)
        case .voicemail:
            return (summary(
                "The call reached voicemail. The agent left a short message asking the candidate to call back.",
                voicemail: true, sentiment: "Unknown", success: false, custom: .object([])), hints)
        case .optOut:
            hints.interested = false
            var custom: [JSONValue.Field] = []
            for field in fields {
                guard let name = field["name"]?.stringValue else { continue }
                if name == "opted_out" { custom.append(.init(key: name, value: boolean(true, &random))) }
                if name == "interested" { custom.append(.init(key: name, value: boolean(false, &random))) }
                if name == "sentiment_score" { custom.append(.init(key: name, value: .double(score(0.05...0.3, &random)))) }
            }
            return (summary(
                "The candidate asked not to be called again. The agent confirmed they would not be contacted and ended the call.",
                voicemail: false, sentiment: "Negative", success: false, custom: .object(custom)), hints)
        case .callbackRequested:
            // "Could you call me back in a few minutes?": no answers yet, a time to call back at.
            let at = Date(timeIntervalSince1970: Double(callbackAtMS ?? createdMS + 600_000) / 1000)
            let text = at.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current))
            var custom: [JSONValue.Field] = []
            for field in fields {
                guard let name = field["name"]?.stringValue else { continue }
                if name == "callback_at" { custom.append(.init(key: name, value: .string(text))) }
                if name == "next_steps" { custom.append(.init(key: name, value: .string("Call the candidate back at \(text)"))) }
                if name == "sentiment_score" { custom.append(.init(key: name, value: .double(score(0.45...0.7, &random)))) }
            }
            return (summary(
                "The candidate could not talk and asked to be called back in a few minutes. The agent agreed and ended the call.",
                voicemail: false, sentiment: "Neutral", success: false, custom: .object(custom)), hints)
        case .answered:
            hints.interested = random.chance(0.75)
            hints.available = random.chance(0.8)
            hints.knowsSomeoneThere = random.chance(0.7)
            let sentiment = hints.interested && hints.available ? (random.chance(0.85) ? "Positive" : "Neutral")
                : (random.chance(0.5) ? "Neutral" : "Negative")
            var custom: [JSONValue.Field] = []
            for field in fields {
                guard let name = field["name"]?.stringValue, let type = field["type"]?.stringValue,
                      type != "system-presets"
                else { continue }
                let value = value(for: name, type: type, field: field, sentiment: sentiment,
                                  createdMS: createdMS, hints: &hints, random: &random)
                custom.append(.init(key: name, value: value))
            }
            return (summary(answeredSummary(hints), voicemail: false, sentiment: sentiment, success: true,
                            custom: .object(custom)), hints)
        }
    }

    private static func summary(_ text: String, voicemail: Bool, sentiment: String, success: Bool, custom: JSONValue?) -> JSONValue {
        .object([
            "call_summary": .string(text),
            "in_voicemail": .bool(voicemail),
            "user_sentiment": .string(sentiment),
            "call_successful": .bool(success),
            "custom_analysis_data": custom,
        ])
    }

    private static func answeredSummary(_ hints: AnswerHints) -> String {
        var parts = ["The agent screened the candidate for the role."]
        parts.append(hints.interested ? "The candidate is interested in the position" : "The candidate is no longer interested in the position")
        parts[1] += hints.available ? " and is available to start work soon." : " but is not available to start work soon."
        if let salary = hints.salary { parts.append("They expect about \(salary) per year.") }
        parts.append("The agent said a recruiter will follow up.")
        return parts.joined(separator: " ")
    }

    // MARK: - Field values

    private static func value(
        for name: String, type: String, field: JSONValue, sentiment: String, createdMS: Int64,
        hints: inout AnswerHints, random: inout SeededRandom
    ) -> JSONValue {
        let lower = name.lowercased()
        switch type {
        case "boolean":
            let truth: Bool = switch lower {
            case "available_to_work": hints.available
            case "interested": hints.interested
            case "know_referee", "knows_referee": hints.knowsSomeoneThere
            case "opted_out": false
            default: random.chance(0.7)
            }
            return boolean(truth, &random)
        case "number":
            return number(for: lower, sentiment: sentiment, hints: &hints, random: &random)
        case "enum":
            let choices = field["choices"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return choices.isEmpty ? .string("unknown") : .string(random.pick(choices))
        default:
            return text(for: lower, field: field, createdMS: createdMS, hints: &hints, random: &random)
        }
    }

    private static func boolean(_ value: Bool, _ random: inout SeededRandom) -> JSONValue {
        random.chance(0.35) ? .string(value ? "true" : "false") : .bool(value)
    }

    private static func score(_ range: ClosedRange<Double>, _ random: inout SeededRandom) -> Double {
        (random.between(range) * 100).rounded() / 100
    }

    private static func number(for name: String, sentiment: String, hints: inout AnswerHints, random: inout SeededRandom) -> JSONValue {
        if name == "sentiment_score" || name.hasSuffix("_score") && name.contains("sentiment") {
            let range: ClosedRange<Double> = switch sentiment {
            case "Positive": 0.65...0.95
            case "Neutral": 0.4...0.65
            default: 0.1...0.4
            }
            return .double(score(range, &random))
        }
        if ["salary", "pay", "wage", "compensation"].contains(where: name.contains) {
            if name.contains("hour") { return .int(Int64(random.between(15...45).rounded())) }
            let salary = Int(random.between(35...120).rounded()) * 1000
            hints.salary = salary
            return .int(Int64(salary))
        }
        if name.contains("year") || name.contains("experience") { return .int(Int64(random.between(0...15).rounded())) }
        if name.contains("week") || name.contains("notice") { return .int(Int64(random.between(0...8).rounded())) }
        if name.contains("day") { return .int(Int64(random.between(0...30).rounded())) }
        if name.contains("score") || name.contains("rating") { return .int(Int64(random.between(1...10).rounded())) }
        return .int(Int64(random.between(0...100).rounded()))
    }

    private static func text(
        for name: String, field: JSONValue, createdMS: Int64, hints: inout AnswerHints, random: inout SeededRandom
    ) -> JSONValue {
        switch name {
        case "key_points":
            var points = [hints.interested ? "Interested in the role" : "Not interested in the role",
                          hints.available ? "Available to start soon" : "Not available in the near term"]
            if let salary = hints.salary { points.append("Expects about \(salary) per year") }
            points.append(random.pick(["Has relevant experience", "Prefers day shifts", "Lives close to the site", "Asked about training"]))
            return .string(points.joined(separator: "\n"))
        case "objections":
            let pool = ["Commute is long", "Wants a higher salary", "Needs flexible hours", "Has another offer"]
            return .string(random.chance(0.4) ? "None" : [random.pick(pool), random.pick(pool)].uniqued().joined(separator: "\n"))
        case "next_steps":
            return .string(["Recruiter to follow up by email", random.pick(["Send job description", "Schedule an interview", "Check references"])]
                .joined(separator: "\n"))
        default:
            break
        }
        if name.contains("date") || name.contains("start") {
            let days = Double(Int(random.between(7...40)))
            let date = Date(timeIntervalSince1970: Double(createdMS) / 1000 + days * 86_400)
            let text = date.formatted(Date.ISO8601FormatStyle().year().month().day())
            hints.startDate = text
            return .string(text)
        }
        if let example = field["examples"]?.arrayValue?.compactMap(\.stringValue), !example.isEmpty, random.chance(0.5) {
            return .string(random.pick(example))
        }
        return .string(random.pick([
            "The candidate answered clearly and without hesitation.",
            "The candidate gave a brief answer and asked no follow-up questions.",
            "The candidate said yes and gave a short example from a previous job.",
            "The candidate was unsure and asked to discuss it with the recruiter.",
        ]))
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
