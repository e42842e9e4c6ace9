import Foundation

/// An agent as Retell returns it (create, get, update).
public struct Agent: Codable, Sendable, Equatable {
    public var agentID: String
    public var version: Int?
    public var isPublished: Bool?
    public var agentName: String?
    public var voiceID: String?
    public var responseEngine: ResponseEngine?
    public var webhookURL: String?
    public var webhookEvents: [String]?
    public var postCallAnalysisData: [AnalysisField]?
    public var maxCallDurationMS: Int?
    public var endCallAfterSilenceMS: Int?
    public var voicemailOption: VoicemailOption?
    public var language: String?
    public var enableDNCDetection: Bool?
    /// Milliseconds since the epoch.
    public var lastModificationTimestamp: Int64?

    public init(
        agentID: String,
        version: Int? = nil,
        isPublished: Bool? = nil,
        agentName: String? = nil,
        voiceID: String? = nil,
        responseEngine: ResponseEngine? = nil,
        webhookURL: String? = nil,
        webhookEvents: [String]? = nil,
        postCallAnalysisData: [AnalysisField]? = nil,
        maxCallDurationMS: Int? = nil,
        endCallAfterSilenceMS: Int? = nil,
        voicemailOption: VoicemailOption? = nil,
        language: String? = nil,
        enableDNCDetection: Bool? = nil,
        lastModificationTimestamp: Int64? = nil
    ) {
        self.agentID = agentID
        self.version = version
        self.isPublished = isPublished
        self.agentName = agentName
        self.voiceID = voiceID
        self.responseEngine = responseEngine
        self.webhookURL = webhookURL
        self.webhookEvents = webhookEvents
        self.postCallAnalysisData = postCallAnalysisData
        self.maxCallDurationMS = maxCallDurationMS
        self.endCallAfterSilenceMS = endCallAfterSilenceMS
        self.voicemailOption = voicemailOption
        self.language = language
        self.enableDNCDetection = enableDNCDetection
        self.lastModificationTimestamp = lastModificationTimestamp
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case version
        case isPublished = "is_published"
        case agentName = "agent_name"
        case voiceID = "voice_id"
        case responseEngine = "response_engine"
        case webhookURL = "webhook_url"
        case webhookEvents = "webhook_events"
        case postCallAnalysisData = "post_call_analysis_data"
        case maxCallDurationMS = "max_call_duration_ms"
        case endCallAfterSilenceMS = "end_call_after_silence_ms"
        case voicemailOption = "voicemail_option"
        case language
        case enableDNCDetection = "enable_dnc_detection"
        case lastModificationTimestamp = "last_modification_timestamp"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try c.requiredString(.agentID)
        version = c.lenientInt(.version)
        isPublished = c.lenientBool(.isPublished)
        agentName = c.lenientString(.agentName)
        voiceID = c.lenientString(.voiceID)
        responseEngine = c.lenient(ResponseEngine.self, .responseEngine)
        webhookURL = c.lenientString(.webhookURL)
        webhookEvents = c.lenientStrings(.webhookEvents)
        postCallAnalysisData = c.lenientArray(AnalysisField.self, .postCallAnalysisData)
        maxCallDurationMS = c.lenientInt(.maxCallDurationMS)
        endCallAfterSilenceMS = c.lenientInt(.endCallAfterSilenceMS)
        voicemailOption = c.lenient(VoicemailOption.self, .voicemailOption)
        language = c.lenientString(.language)
        enableDNCDetection = c.lenientBool(.enableDNCDetection)
        lastModificationTimestamp = c.lenientInt64(.lastModificationTimestamp)
    }

    /// The same agent with every field `request` sets applied, as an update does at Retell.
    public func applying(_ request: AgentRequest) -> Agent {
        var copy = self
        if let value = request.responseEngine { copy.responseEngine = value }
        if let value = request.voiceID { copy.voiceID = value }
        if let value = request.agentName { copy.agentName = value }
        if let value = request.webhookURL { copy.webhookURL = value }
        if let value = request.webhookEvents { copy.webhookEvents = value }
        if let value = request.postCallAnalysisData { copy.postCallAnalysisData = value }
        if let value = request.maxCallDurationMS { copy.maxCallDurationMS = value }
        if let value = request.endCallAfterSilenceMS { copy.endCallAfterSilenceMS = value }
        if let value = request.voicemailOption { copy.voicemailOption = value }
        if let value = request.language { copy.language = value }
        if let value = request.enableDNCDetection { copy.enableDNCDetection = value }
        return copy
    }
}
