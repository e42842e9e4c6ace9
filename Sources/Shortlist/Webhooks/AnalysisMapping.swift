import Foundation
import Retell

/// Turns Retell's `call_analysis` (and the call's transcript) into our analysis row. Retell's
/// recording and log URLs are not kept: the recording is fetched by `FetchRecordingWork`, which
/// asks Retell for a fresh signed URL.
/// Values may come as JSON booleans/numbers or as strings ("true", "42000"): both are accepted.
/// A key Retell did not send stays null — never false.
enum AnalysisMapping {
    /// The analysis row after `call`, merged over what was stored (nothing new → nil).
    static func record(
        callID: String, call: Call, targets: [TargetSpec], existing: CallAnalysisRecord?, now: Date
    ) -> CallAnalysisRecord? {
        let analysis = call.callAnalysis
        guard analysis != nil || call.transcript != nil else { return nil }
        var row = existing ?? CallAnalysisRecord(
            callID: callID, customResponses: "{}", createdAt: now, updatedAt: now)
        row.updatedAt = now
        row.transcript = call.transcript ?? row.transcript
        guard let analysis else { return row }
        let custom = analysis.customAnalysisData ?? [:]
        row.callSummary = analysis.callSummary ?? row.callSummary
        row.userSentiment = analysis.userSentiment ?? row.userSentiment
        row.callSuccessful = analysis.callSuccessful ?? row.callSuccessful
        row.inVoicemail = analysis.inVoicemail ?? row.inVoicemail
        row.availableToWork = bool(custom["available_to_work"]) ?? row.availableToWork
        row.interested = bool(custom["interested"]) ?? row.interested
        row.knowReferee = bool(custom["know_referee"]) ?? row.knowReferee
        row.optedOut = bool(custom["opted_out"]) ?? row.optedOut
        row.sentimentScore = sentimentScore(custom["sentiment_score"], label: analysis.userSentiment) ?? row.sentimentScore
        row.keyPoints = lines(custom["key_points"]) ?? row.keyPoints
        row.objections = lines(custom["objections"]) ?? row.objections
        row.nextSteps = lines(custom["next_steps"]) ?? row.nextSteps
        if let asked = custom["callback_at"] { row.callbackAt = callbackText(asked) }
        let responses = targets.reduce(into: [String: RetellJSON]()) { result, target in
            if let value = custom[target.key], !value.isNull { result[target.key] = value }
        }
        if !responses.isEmpty { row.customResponses = CanonicalJSON.string(responses) }
        return row
    }

    /// The stored custom responses typed by each target's goal type, for qualification.
    /// One decoder for every row (making one per row showed in a 100,000-row export).
    private static let decoder = JSONDecoder()

    static func answers(_ row: CallAnalysisRecord?, targets: [TargetSpec]) -> [String: AnswerValue] {
        answers(customResponses: row?.customResponses, targets: targets)
    }

    /// The same from the stored JSON text.
    static func answers(customResponses: String?, targets: [TargetSpec]) -> [String: AnswerValue] {
        guard let customResponses, !targets.isEmpty,
              let stored = try? decoder.decode([String: RetellJSON].self, from: Data(customResponses.utf8))
        else { return [:] }
        var answers: [String: AnswerValue] = [:]
        for target in targets {
            guard let value = stored[target.key] else { continue }
            switch target.goalType {
            case .boolean: if let flag = bool(value) { answers[target.key] = .bool(flag) }
            case .number: if let number = number(value) { answers[target.key] = .number(number) }
            case .text, .choice: if let text = text(value) { answers[target.key] = .text(text) }
            }
        }
        return answers
    }

    static func bool(_ value: RetellJSON?) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "y", "1": return true
            case "false", "no", "n", "0": return false
            default: return nil
            }
        case .number(let number): return number == 1 ? true : number == 0 ? false : nil
        default: return nil
        }
    }

    static func number(_ value: RetellJSON?) -> Double? {
        switch value {
        case .number(let number): return number.isFinite ? number : nil
        case .string(let text):
            let cleaned = text.filter { !"$€£, ".contains($0) }
            return Double(cleaned).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    static func text(_ value: RetellJSON?) -> String? {
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return RetellJSON.number(number).stringValue
        case .bool(let flag): return String(flag)
        default: return nil
        }
    }

    /// The `callback_at` answer as text, kept only when it could be a date and time: a string of
    /// at most `CallbackRule.maxAnswerLength` bytes without control characters; an empty answer
    /// (not asked) is nil. `CallbackRule` reads it later.
    static func callbackText(_ value: RetellJSON) -> String? {
        guard case .string(let text) = value, text.utf8.count <= CallbackRule.maxAnswerLength,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The analysis's own 0–1 score, else Positive 0.8 / Neutral 0.5 / Negative 0.2.
    static func sentimentScore(_ value: RetellJSON?, label: String?) -> Double? {
        if let score = number(value) { return min(1, max(0, score)) }
        switch label?.lowercased() {
        case "positive": return 0.8
        case "neutral": return 0.5
        case "negative": return 0.2
        default: return nil
        }
    }

    /// "One item a line" (or a JSON array) → a JSON array of the non-empty items, bullets removed.
    static func lines(_ value: RetellJSON?) -> String? {
        let items: [String]
        switch value {
        case .string(let text):
            items = text.split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "-•* "))
            }
        case .array(let values): items = values.compactMap { text($0) }
        default: return nil
        }
        return CanonicalJSON.string(items.filter { !$0.isEmpty })
    }
}
