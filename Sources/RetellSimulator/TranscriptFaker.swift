import Foundation

/// One utterance of a transcript; word timings are in seconds from the start of the call.
struct TranscriptTurn: Sendable, Equatable {
    var role: String  // "agent" or "user"
    var content: String
    var words: [Word]

    struct Word: Sendable, Equatable {
        var word: String
        var start: Double
        var end: Double
    }
}

/// Builds a screening conversation: the LLM's begin message, then every question found in its
/// general prompt (lines ending in "?", dynamic variables filled in) or generic screening
/// questions, with answers that agree with the analysis.
enum TranscriptFaker {
    static let genericQuestions = [
        "Are you still interested in the {{job_title}} role?",
        "Would you be available to start work in the next few weeks?",
        "Do you know anyone who works at {{company}}?",
        "What salary are you expecting?",
    ]

    static func transcript(
        outcome: SimulatedOutcome, talkSeconds: Double, generalPrompt: String?, beginMessage: String?,
        variables: [String: String], hints: AnswerHints, random: inout SeededRandom
    ) -> [TranscriptTurn] {
        let name = variables["first_name"] ?? variables["candidate_first_name"] ?? variables["candidate_name"] ?? "there"
        let opening = fill(beginMessage.flatMap { $0.isEmpty ? nil : $0 }
            ?? "Hi {{first_name}}, this is an automated recruiting assistant calling about the {{job_title}} role. This call is recorded. Do you have a few minutes?",
            variables)
        var lines: [(String, String)]
        switch outcome {
        case .noAnswer, .busy, .invalidNumber:
            return []
        case .voicemail:
            lines = [("agent", "Hi \(name), this is a recruiting assistant calling about your job application. Please call us back when you have a moment. Thank you.")]
        case .optOut:
            lines = [("agent", opening),
                     ("user", "Please don't call me again. Take me off your list."),
                     ("agent", "Understood. I will make sure you are not contacted again. Goodbye.")]
        case .callbackRequested:
            lines = [("agent", opening),
                     ("user", "I can't talk right now. Could you call me back in a few minutes?"),
                     ("agent", "Of course, \(name). I will call you back in a few minutes. Goodbye.")]
        case .answered:
            lines = [("agent", opening), ("user", random.pick(["Sure, go ahead.", "Yes, I have a few minutes.", "Okay, sure."]))]
            let found = questions(in: generalPrompt ?? "")
            for question in (found.isEmpty ? genericQuestions : found) {
                lines.append(("agent", fill(question, variables)))
                lines.append(("user", answer(to: question, hints: hints, random: &random)))
            }
            lines.append(("agent", "Thank you, \(name). That is everything I needed. A recruiter will follow up with you soon. Goodbye."))
            lines.append(("user", "Thanks, bye."))
        }
        return timed(lines, over: talkSeconds)
    }

    /// The plain `Agent: …` / `User: …` transcript.
    static func text(_ turns: [TranscriptTurn]) -> String {
        turns.map { ($0.role == "agent" ? "Agent: " : "User: ") + $0.content }.joined(separator: "\n") + (turns.isEmpty ? "" : "\n")
    }

    /// Lines of `prompt` that are questions, without list markers, in order, at most 12.
    static func questions(in prompt: String) -> [String] {
        var result: [String] = []
        for raw in prompt.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            while let first = line.first, "-*•#>".contains(first) || first.isNumber {
                line.removeFirst()
                if line.first == "." || line.first == ")" { line.removeFirst() }
                line = line.trimmingCharacters(in: .whitespaces)
            }
            line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"“”"))
            if line.hasSuffix("?"), line.count >= 8, !result.contains(line) { result.append(line) }
            if result.count == 12 { break }
        }
        return result
    }

    /// `text` with every `{{ name }}` replaced by its variable; unknown names stay as written.
    static func fill(_ text: String, _ variables: [String: String]) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[..<open.lowerBound]
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += variables[key] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    private static func answer(to question: String, hints: AnswerHints, random: inout SeededRandom) -> String {
        let lower = question.lowercased()
        if lower.contains("salary") || lower.contains("pay") || lower.contains("compensation") {
            return "Around \(hints.salary ?? 45_000) a year."
        }
        if lower.contains("interest") { return hints.interested ? "Yes, definitely." : "Honestly, not anymore. I have found something else." }
        if lower.contains("start") || lower.contains("availab") {
            if !hints.available { return "Not for a while, I'm afraid. Maybe in a few months." }
            return hints.startDate.map { "I could start on \($0)." } ?? "Yes, I could start in two weeks."
        }
        if lower.contains("works at") || lower.contains("work at") {
            return hints.knowsSomeoneThere ? "Yes, a former colleague of mine works there." : "No, I don't know anyone there."
        }
        return random.pick(["Yes, I do.", "Yes, that's right.", "No, not really.", "I think so, yes.", "I have some experience with that."])
    }

    /// Spreads the turns over `seconds`, with word timings inside each turn's slot.
    private static func timed(_ lines: [(String, String)], over seconds: Double) -> [TranscriptTurn] {
        let slot = max(seconds, 1) / Double(max(lines.count, 1))
        return lines.enumerated().map { index, line in
            let words = line.1.split(separator: " ").map(String.init)
            let step = min(0.4, slot * 0.8 / Double(max(words.count, 1)))
            let begin = Double(index) * slot + 0.3
            let timed = words.enumerated().map { offset, word in
                let start = begin + Double(offset) * step
                return TranscriptTurn.Word(word: word, start: round3(start), end: round3(start + step * 0.85))
            }
            return TranscriptTurn(role: line.0, content: line.1, words: timed)
        }
    }

    private static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
