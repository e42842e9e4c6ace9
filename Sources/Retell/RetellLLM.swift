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
}

/// A Retell LLM (the agent's "response engine") as Retell returns it.
public struct RetellLLM: Codable, Sendable, Equatable {
    public var llmID: String
    public var version: Int?
    public var isPublished: Bool?
    public var generalPrompt: String?
    public var beginMessage: String?
    public var startSpeaker: String?
    public var model: String?
    public var defaultDynamicVariables: [String: String]?
    /// Milliseconds since the epoch.
    public var lastModificationTimestamp: Int64?

    public init(
        llmID: String,
        version: Int? = nil,
        isPublished: Bool? = nil,
        generalPrompt: String? = nil,
        beginMessage: String? = nil,
        startSpeaker: String? = nil,
        model: String? = nil,
        defaultDynamicVariables: [String: String]? = nil,
        lastModificationTimestamp: Int64? = nil
    ) {
        self.llmID = llmID
        self.version = version
        self.isPublished = isPublished
        self.generalPrompt = generalPrompt
        self.beginMessage = beginMessage
        self.startSpeaker = startSpeaker
        self.model = model
        self.defaultDynamicVariables = defaultDynamicVariables
        self.lastModificationTimestamp = lastModificationTimestamp
    }

    enum CodingKeys: String, CodingKey {
        case llmID = "llm_id"
        case version
        case isPublished = "is_published"
        case generalPrompt = "general_prompt"
        case beginMessage = "begin_message"
        case startSpeaker = "start_speaker"
        case model
        case defaultDynamicVariables = "default_dynamic_variables"
        case lastModificationTimestamp = "last_modification_timestamp"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        llmID = try c.requiredString(.llmID)
        version = c.lenientInt(.version)
        isPublished = c.lenientBool(.isPublished)
        generalPrompt = c.lenientString(.generalPrompt)
        beginMessage = c.lenientString(.beginMessage)
        startSpeaker = c.lenientString(.startSpeaker)
        model = c.lenientString(.model)
        defaultDynamicVariables = c.lenientStringMap(.defaultDynamicVariables)
        lastModificationTimestamp = c.lenientInt64(.lastModificationTimestamp)
    }

    /// The same LLM with every field `request` sets applied, as an update does at Retell.
    public func applying(_ request: RetellLLMRequest) -> RetellLLM {
        var copy = self
        if let value = request.generalPrompt { copy.generalPrompt = value }
        if let value = request.beginMessage { copy.beginMessage = value }
        if let value = request.startSpeaker { copy.startSpeaker = value }
        if let value = request.model { copy.model = value }
        if let value = request.defaultDynamicVariables { copy.defaultDynamicVariables = value }
        return copy
    }
}
