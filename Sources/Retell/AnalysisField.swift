import Foundation

/// The kind of one `post_call_analysis_data` item (API.md §2).
public enum AnalysisFieldType: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Free text ("Text" in the dashboard); may carry `examples`.
    case string
    /// One of `choices` ("Selector").
    case `enum`
    case boolean
    case number
    /// Overrides a built-in prompt: `name` is `call_summary`, `call_successful` or `user_sentiment`.
    case systemPresets = "system-presets"
}

/// One thing the post-call analysis should extract; its value arrives in
/// `call_analysis.custom_analysis_data[name]`.
public struct AnalysisField: Codable, Sendable, Equatable, Hashable {
    public var type: AnalysisFieldType
    public var name: String
    public var description: String
    /// Required, non-empty, for `.enum`.
    public var choices: [String]?
    /// Only for `.string`.
    public var examples: [String]?
    /// When true and the value is not extracted, Retell marks the call unsuccessful.
    public var required: Bool?

    public init(
        type: AnalysisFieldType,
        name: String,
        description: String,
        choices: [String]? = nil,
        examples: [String]? = nil,
        required: Bool? = nil
    ) {
        self.type = type
        self.name = name
        self.description = description
        self.choices = choices
        self.examples = examples
        self.required = required
    }

    enum CodingKeys: String, CodingKey {
        case type, name, description, choices, examples, required
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(AnalysisFieldType.self, forKey: .type)
        name = try c.requiredString(.name)
        description = c.lenientString(.description) ?? ""
        choices = c.lenientStrings(.choices)
        examples = c.lenientStrings(.examples)
        required = c.lenientBool(.required)
    }
}
