import Foundation

/// How a target's answer is typed in the post-call analysis.
public enum GoalType: String, Sendable, Codable, CaseIterable {
    case boolean, text, number, choice
}

/// A rule that disqualifies a candidate: a boolean must equal a value, a number must lie in
/// `min…max`, a choice must be one of a set.
public struct Knockout: Sendable, Equatable, Codable {
    // Decoding (strict about keys) is in StrictDecoding.swift.
    public var equals: Bool?
    public var min: Double?
    public var max: Double?
    public var `in`: [String]?

    public init(equals: Bool? = nil, min: Double? = nil, max: Double? = nil, in set: [String]? = nil) {
        self.equals = equals
        self.min = min
        self.max = max
        self.in = set
    }
}

/// A target as a client sends it.
public struct TargetInput: Sendable, Equatable {
    public var key: String?
    public var name: String?
    public var description: String?
    public var goalType: String?
    public var choices: [String]?
    public var knockout: Knockout?

    public init(
        key: String? = nil, name: String? = nil, description: String? = nil,
        goalType: String? = nil, choices: [String]? = nil, knockout: Knockout? = nil
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.goalType = goalType
        self.choices = choices
        self.knockout = knockout
    }
}

/// A fact to gather in the call, validated.
public struct TargetSpec: Sendable, Equatable, Codable {
    public var key: String
    public var name: String
    public var description: String
    public var goalType: GoalType
    public var choices: [String]?
    public var knockout: Knockout?

    /// Analysis field names Shortlist itself asks for; a target may not reuse them.
    public static let reservedKeys: Set<String> = [
        "available_to_work", "interested", "know_referee", "sentiment_score", "key_points",
        "objections", "next_steps", "opted_out", "call_summary", "user_sentiment",
        "call_successful", "in_voicemail",
    ]

    public init(
        key: String, name: String, description: String = "", goalType: GoalType,
        choices: [String]? = nil, knockout: Knockout? = nil
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.goalType = goalType
        self.choices = choices
        self.knockout = knockout
    }

    /// - Parameter field: the input's place, e.g. `targets[2]`.
    public init(validating input: TargetInput, field: String) throws(FieldError) {
        key = try Self.validKey(input.key, field: "\(field).key")
        name = try Check.requiredText(input.name, field: "\(field).name", max: 200)
        description = try Check.optionalText(input.description, field: "\(field).description", max: 2_000) ?? ""
        guard let typeName = input.goalType else { throw FieldError("\(field).goal_type", "is required") }
        guard let type = GoalType(rawValue: typeName) else {
            let known = GoalType.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError("\(field).goal_type", "\"\(typeName)\" is not one of \(known)")
        }
        goalType = type
        choices = try Self.validChoices(input.choices, type: type, field: "\(field).choices")
        knockout = try Self.validKnockout(input.knockout, type: type, choices: choices, field: "\(field).knockout")
    }

    static func validKey(_ raw: String?, field: String) throws(FieldError) -> String {
        guard let key = raw, !key.isEmpty else { throw FieldError(field, "is required") }
        guard key.count <= 64, isSnakeCase(key) else {
            throw FieldError(field, "\"\(key.prefix(64))\" must be snake_case (a-z, 0-9 and single underscores, starting with a letter, at most 64 characters)")
        }
        guard !reservedKeys.contains(key) else {
            throw FieldError(field, "\"\(key)\" is a standard analysis field; choose another key")
        }
        return key
    }

    /// `a-z` first, then `a-z0-9` with single underscores between, none at the end.
    static func isSnakeCase(_ key: String) -> Bool {
        guard let first = key.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        var previousUnderscore = false
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): previousUnderscore = false
            case UInt8(ascii: "_") where !previousUnderscore: previousUnderscore = true
            default: return false
            }
        }
        return !previousUnderscore
    }

    static func validChoices(_ raw: [String]?, type: GoalType, field: String) throws(FieldError) -> [String]? {
        guard type == .choice else {
            guard raw == nil else { throw FieldError(field, "only a choice target has choices") }
            return nil
        }
        guard let raw, !raw.isEmpty else { throw FieldError(field, "a choice target needs at least one choice") }
        guard raw.count <= 50 else { throw FieldError(field, "at most 50 choices") }
        var seen = Set<String>()
        var choices: [String] = []
        for (index, value) in raw.enumerated() {
            let choice = try Check.requiredText(value, field: "\(field)[\(index)]", max: 200)
            guard seen.insert(choice.lowercased()).inserted else {
                throw FieldError("\(field)[\(index)]", "\"\(choice)\" is listed twice")
            }
            choices.append(choice)
        }
        return choices
    }

    static func validKnockout(
        _ rule: Knockout?, type: GoalType, choices: [String]?, field: String
    ) throws(FieldError) -> Knockout? {
        guard let rule else { return nil }
        switch type {
        case .text:
            throw FieldError(field, "a text target cannot have a knock-out rule")
        case .boolean:
            guard rule.equals != nil, rule.min == nil, rule.max == nil, rule.in == nil else {
                throw FieldError(field, "a boolean target's knock-out rule is {\"equals\": true|false}")
            }
        case .number:
            guard rule.equals == nil, rule.in == nil, rule.min != nil || rule.max != nil else {
                throw FieldError(field, "a number target's knock-out rule has \"min\" and/or \"max\"")
            }
            if let min = rule.min, let max = rule.max, min > max {
                throw FieldError("\(field).min", "must not be above max")
            }
            if [rule.min, rule.max].contains(where: { $0.map { !$0.isFinite } ?? false }) {
                throw FieldError(field, "min and max must be finite numbers")
            }
        case .choice:
            guard rule.equals == nil, rule.min == nil, rule.max == nil, let allowed = rule.in, !allowed.isEmpty else {
                throw FieldError(field, "a choice target's knock-out rule is {\"in\": [choices that pass]}")
            }
            let known = Set(choices ?? [])
            if let unknown = allowed.first(where: { !known.contains($0) }) {
                throw FieldError("\(field).in", "\"\(unknown)\" is not one of the target's choices")
            }
        }
        return rule
    }
}
