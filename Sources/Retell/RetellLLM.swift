import Foundation

/// Body of `POST /create-retell-llm` and `PATCH /update-retell-llm/{id}` (API.md §2). Only the
/// fields that are set are sent; on an update, unset fields keep their value at Retell.
public struct RetellLLMRequest: Codable, Sendable, Equatable {
    /// The system prompt used in every state.
    public var generalPrompt: String?
    /// The agent's first utterance; nil lets the LLM make one up, "" waits for the user to speak.
    public var beginMessage: String?
    /// `"agent"` or `"user"`; outbound screening calls use `"agent"`.
    public var startSpeaker: String?
    /// A model id such as `gpt-4.1`.
    public var model: String?
    /// Fallback values for `{{variables}}` a call does not supply; every value is a string.
    public var defaultDynamicVariables: [String: String]?

    public init(
        generalPrompt: String? = nil,
        beginMessage: String? = nil,
        startSpeaker: String? = "agent",
        model: String? = nil,
        defaultDynamicVariables: [String: String]? = nil
    ) {
        self.generalPrompt = generalPrompt
        self.beginMessage = beginMessage
        self.startSpeaker = startSpeaker
        self.model = model
        self.defaultDynamicVariables = defaultDynamicVariables
    }

    enum CodingKeys: String, CodingKey {
        case generalPrompt = "general_prompt"
        case beginMessage = "begin_message"
        case startSpeaker = "start_speaker"
        case model
        case defaultDynamicVariables = "default_dynamic_variables"
    }

    /// Tolerant, like every response Shortlist reads: a field of the wrong type reads as unset.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generalPrompt = c.lenientString(.generalPrompt)
        beginMessage = c.lenientString(.beginMessage)
        startSpeaker = c.lenientString(.startSpeaker)
        model = c.lenientString(.model)
        defaultDynamicVariables = c.lenientStringMap(.defaultDynamicVariables)
    }

    /// These settings with every field `update` sets replacing the one here.
    public func updated(by update: RetellLLMRequest) -> RetellLLMRequest {
        var copy = self
        if let value = update.generalPrompt { copy.generalPrompt = value }
        if let value = update.beginMessage { copy.beginMessage = value }
        if let value = update.startSpeaker { copy.startSpeaker = value }
        if let value = update.model { copy.model = value }
        if let value = update.defaultDynamicVariables { copy.defaultDynamicVariables = value }
        return copy
    }
}

/// A Retell LLM (the agent's "response engine") as Retell returns it: what a create or update sets
/// (`settings`, a `RetellLLMRequest`) plus what Retell keeps itself. On the wire it is one flat
/// object; `llm.generalPrompt` reads `llm.settings.generalPrompt`.
@dynamicMemberLookup
public struct RetellLLM: Codable, Sendable, Equatable {
    public var llmID: String
    public var version: Int?
    public var isPublished: Bool?
    /// Milliseconds since the epoch.
    public var lastModificationTimestamp: Int64?
    public var settings: RetellLLMRequest

    /// `settings` defaults to none at all (not the request's `startSpeaker: "agent"`).
    public init(
        llmID: String,
        version: Int? = nil,
        isPublished: Bool? = nil,
        lastModificationTimestamp: Int64? = nil,
        settings: RetellLLMRequest = RetellLLMRequest(startSpeaker: nil)
    ) {
        self.llmID = llmID
        self.version = version
        self.isPublished = isPublished
        self.lastModificationTimestamp = lastModificationTimestamp
        self.settings = settings
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<RetellLLMRequest, Value>) -> Value {
        get { settings[keyPath: field] }
        set { settings[keyPath: field] = newValue }
    }

    enum CodingKeys: String, CodingKey {
        case llmID = "llm_id"
        case version
        case isPublished = "is_published"
        case lastModificationTimestamp = "last_modification_timestamp"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        llmID = try c.requiredString(.llmID)
        version = c.lenientInt(.version)
        isPublished = c.lenientBool(.isPublished)
        lastModificationTimestamp = c.lenientInt64(.lastModificationTimestamp)
        settings = try RetellLLMRequest(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(llmID, forKey: .llmID)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(isPublished, forKey: .isPublished)
        try c.encodeIfPresent(lastModificationTimestamp, forKey: .lastModificationTimestamp)
        try settings.encode(to: encoder)
    }

    /// The same LLM with every field `request` sets applied, as an update does at Retell.
    public func applying(_ request: RetellLLMRequest) -> RetellLLM {
        var copy = self
        copy.settings = settings.updated(by: request)
        return copy
    }
}
