import Foundation

/// Body of `POST /create-agent` and `PATCH /update-agent/{id}` (API.md §2). `responseEngine` and
/// `voiceID` are required on create; only the fields that are set are sent.
public struct AgentRequest: Codable, Sendable, Equatable {
    public var responseEngine: ResponseEngine?
    public var voiceID: String?
    public var agentName: String?
    /// Replaces the account-level webhook for this agent.
    public var webhookURL: String?
    /// Subset of `call_started`, `call_ended`, `call_analyzed`, …; Retell's default is those three.
    public var webhookEvents: [String]?
    public var postCallAnalysisData: [AnalysisField]?
    /// 60,000…7,200,000; Retell's default is one hour.
    public var maxCallDurationMS: Int?
    /// At least 10,000; Retell's default is 600,000.
    public var endCallAfterSilenceMS: Int?
    public var voicemailOption: VoicemailOption?
    /// e.g. `en-US`.
    public var language: String?
    public var enableDNCDetection: Bool?
    /// Recording and log URLs signed and expiring (24 h by default) instead of permanent links.
    public var optInSignedURL: Bool?

    public init(
        responseEngine: ResponseEngine? = nil,
        voiceID: String? = nil,
        agentName: String? = nil,
        webhookURL: String? = nil,
        webhookEvents: [String]? = nil,
        postCallAnalysisData: [AnalysisField]? = nil,
        maxCallDurationMS: Int? = nil,
        endCallAfterSilenceMS: Int? = nil,
        voicemailOption: VoicemailOption? = nil,
        language: String? = nil,
        enableDNCDetection: Bool? = nil,
        optInSignedURL: Bool? = nil
    ) {
        self.responseEngine = responseEngine
        self.voiceID = voiceID
        self.agentName = agentName
        self.webhookURL = webhookURL
        self.webhookEvents = webhookEvents
        self.postCallAnalysisData = postCallAnalysisData
        self.maxCallDurationMS = maxCallDurationMS
        self.endCallAfterSilenceMS = endCallAfterSilenceMS
        self.voicemailOption = voicemailOption
        self.language = language
        self.enableDNCDetection = enableDNCDetection
        self.optInSignedURL = optInSignedURL
    }

    enum CodingKeys: String, CodingKey {
        case responseEngine = "response_engine"
        case voiceID = "voice_id"
        case agentName = "agent_name"
        case webhookURL = "webhook_url"
        case webhookEvents = "webhook_events"
        case postCallAnalysisData = "post_call_analysis_data"
        case maxCallDurationMS = "max_call_duration_ms"
        case endCallAfterSilenceMS = "end_call_after_silence_ms"
        case voicemailOption = "voicemail_option"
        case language
        case enableDNCDetection = "enable_dnc_detection"
        case optInSignedURL = "opt_in_signed_url"
    }

    /// Tolerant, like every response Shortlist reads: a field of the wrong type reads as unset.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        responseEngine = c.lenient(ResponseEngine.self, .responseEngine)
        voiceID = c.lenientString(.voiceID)
        agentName = c.lenientString(.agentName)
        webhookURL = c.lenientString(.webhookURL)
        webhookEvents = c.lenientStrings(.webhookEvents)
        postCallAnalysisData = c.lenientArray(AnalysisField.self, .postCallAnalysisData)
        maxCallDurationMS = c.lenientInt(.maxCallDurationMS)
        endCallAfterSilenceMS = c.lenientInt(.endCallAfterSilenceMS)
        voicemailOption = c.lenient(VoicemailOption.self, .voicemailOption)
        language = c.lenientString(.language)
        enableDNCDetection = c.lenientBool(.enableDNCDetection)
        optInSignedURL = c.lenientBool(.optInSignedURL)
    }

    /// These settings with every field `update` sets replacing the one here.
    public func updated(by update: AgentRequest) -> AgentRequest {
        var copy = self
        if let value = update.responseEngine { copy.responseEngine = value }
        if let value = update.voiceID { copy.voiceID = value }
        if let value = update.agentName { copy.agentName = value }
        if let value = update.webhookURL { copy.webhookURL = value }
        if let value = update.webhookEvents { copy.webhookEvents = value }
        if let value = update.postCallAnalysisData { copy.postCallAnalysisData = value }
        if let value = update.maxCallDurationMS { copy.maxCallDurationMS = value }
        if let value = update.endCallAfterSilenceMS { copy.endCallAfterSilenceMS = value }
        if let value = update.voicemailOption { copy.voicemailOption = value }
        if let value = update.language { copy.language = value }
        if let value = update.enableDNCDetection { copy.enableDNCDetection = value }
        if let value = update.optInSignedURL { copy.optInSignedURL = value }
        return copy
    }
}

/// What answers for the agent: `{type: "retell-llm", llm_id, version?}` for Shortlist. Other
/// engine types (`custom-llm`, `conversation-flow`) decode with their type and no `llmID`.
public struct ResponseEngine: Codable, Sendable, Equatable {
    public var type: String
    public var llmID: String?
    public var version: Int?

    public init(type: String = "retell-llm", llmID: String?, version: Int? = nil) {
        self.type = type
        self.llmID = llmID
        self.version = version
    }

    /// `{type: "retell-llm", llm_id: id, version?}`.
    public static func retellLLM(_ id: String, version: Int? = nil) -> ResponseEngine {
        ResponseEngine(llmID: id, version: version)
    }

    enum CodingKeys: String, CodingKey {
        case type
        case llmID = "llm_id"
        case version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.requiredString(.type)
        llmID = c.lenientString(.llmID)
        version = c.lenientInt(.version)
    }
}

/// `voicemail_option`: what the agent does when it reaches voicemail (`{action: {type, text?}}`).
public struct VoicemailOption: Codable, Sendable, Equatable {
    public var action: Action

    public init(action: Action) {
        self.action = action
    }

    /// Hang up without leaving a message.
    public static let hangup = VoicemailOption(action: .init(type: .hangup))
    /// Leave `text` verbatim (it may use `{{variables}}`).
    public static func staticText(_ text: String) -> VoicemailOption {
        VoicemailOption(action: .init(type: .staticText, text: text))
    }
    /// Let the LLM compose a message following `text`.
    public static func prompt(_ text: String) -> VoicemailOption {
        VoicemailOption(action: .init(type: .prompt, text: text))
    }

    public struct Action: Codable, Sendable, Equatable {
        public var type: ActionType
        public var text: String?

        public init(type: ActionType, text: String? = nil) {
            self.type = type
            self.text = text
        }
    }

    public enum ActionType: String, Codable, Sendable, Equatable, CaseIterable {
        case staticText = "static_text"
        case hangup
        case prompt
        case bridgeTransfer = "bridge_transfer"
    }
}
