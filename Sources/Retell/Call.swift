import Foundation

/// `call_status` values (API.md §3).
public enum CallStatus: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    case registered
    case notConnected = "not_connected"
    case ongoing
    case ended
    case error
}

/// The call object of API.md §3: what create-phone-call, get-call, list-calls and every webhook
/// carry. Only `call_id`, `agent_id` and `call_status` are required; every other field is nil when
/// missing or unreadable, and unknown fields are ignored.
public struct Call: Codable, Sendable, Equatable {
    public var callID: String
    public var agentID: String
    /// Retell's own agent version (not Shortlist's).
    public var agentVersion: Int?
    public var agentName: String?
    /// `phone_call` for phone calls.
    public var callType: String?
    /// `inbound` or `outbound`.
    public var direction: String?
    public var fromNumber: String?
    public var toNumber: String?
    /// As Retell sent it; see `status` for the known values.
    public var callStatus: String
    /// Any JSON object, echoed as it was given on create-phone-call.
    public var metadata: [String: RetellJSON]?
    public var retellLLMDynamicVariables: [String: String]?
    /// Milliseconds since the epoch.
    public var startTimestamp: Int64?
    /// Milliseconds since the epoch.
    public var endTimestamp: Int64?
    public var durationMS: Int64?
    /// e.g. `user_hangup`, `voicemail_reached`, `dial_no_answer` (API.md §3 lists them all).
    public var disconnectionReason: String?
    /// Plain text, one `Agent: …` / `User: …` line a turn.
    public var transcript: String?
    public var transcriptObject: [TranscriptTurn]?
    public var recordingURL: String?
    public var publicLogURL: String?
    public var callCost: CallCost?
    /// Present once post-call analysis is done (`call_analyzed`).
    public var callAnalysis: CallAnalysis?

    /// `callStatus` as a known value; nil for a status this code does not know.
    public var status: CallStatus? { CallStatus(rawValue: callStatus) }

    public init(
        callID: String,
        agentID: String,
        agentVersion: Int? = nil,
        agentName: String? = nil,
        callType: String? = "phone_call",
        direction: String? = "outbound",
        fromNumber: String? = nil,
        toNumber: String? = nil,
        callStatus: String,
        metadata: [String: RetellJSON]? = nil,
        retellLLMDynamicVariables: [String: String]? = nil,
        startTimestamp: Int64? = nil,
        endTimestamp: Int64? = nil,
        durationMS: Int64? = nil,
        disconnectionReason: String? = nil,
        transcript: String? = nil,
        transcriptObject: [TranscriptTurn]? = nil,
        recordingURL: String? = nil,
        publicLogURL: String? = nil,
        callCost: CallCost? = nil,
        callAnalysis: CallAnalysis? = nil
    ) {
        self.callID = callID
        self.agentID = agentID
        self.agentVersion = agentVersion
        self.agentName = agentName
        self.callType = callType
        self.direction = direction
        self.fromNumber = fromNumber
        self.toNumber = toNumber
        self.callStatus = callStatus
        self.metadata = metadata
        self.retellLLMDynamicVariables = retellLLMDynamicVariables
        self.startTimestamp = startTimestamp
        self.endTimestamp = endTimestamp
        self.durationMS = durationMS
        self.disconnectionReason = disconnectionReason
        self.transcript = transcript
        self.transcriptObject = transcriptObject
        self.recordingURL = recordingURL
        self.publicLogURL = publicLogURL
        self.callCost = callCost
        self.callAnalysis = callAnalysis
    }

    enum CodingKeys: String, CodingKey {
        case callID = "call_id"
        case agentID = "agent_id"
        case agentVersion = "agent_version"
        case agentName = "agent_name"
        case callType = "call_type"
        case direction
        case fromNumber = "from_number"
        case toNumber = "to_number"
        case callStatus = "call_status"
        case metadata
        case retellLLMDynamicVariables = "retell_llm_dynamic_variables"
        case startTimestamp = "start_timestamp"
        case endTimestamp = "end_timestamp"
        case durationMS = "duration_ms"
        case disconnectionReason = "disconnection_reason"
        case transcript
        case transcriptObject = "transcript_object"
        case recordingURL = "recording_url"
        case publicLogURL = "public_log_url"
        case callCost = "call_cost"
        case callAnalysis = "call_analysis"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callID = try c.requiredString(.callID)
        agentID = try c.requiredString(.agentID)
        agentVersion = c.lenientInt(.agentVersion)
        agentName = c.lenientString(.agentName)
        callType = c.lenientString(.callType)
        direction = c.lenientString(.direction)
        fromNumber = c.lenientString(.fromNumber)
        toNumber = c.lenientString(.toNumber)
        callStatus = try c.requiredString(.callStatus)
        metadata = c.lenientObject(.metadata)
        retellLLMDynamicVariables = c.lenientStringMap(.retellLLMDynamicVariables)
        startTimestamp = c.lenientInt64(.startTimestamp)
        endTimestamp = c.lenientInt64(.endTimestamp)
        durationMS = c.lenientInt64(.durationMS)
        disconnectionReason = c.lenientString(.disconnectionReason)
        transcript = c.lenientString(.transcript)
        transcriptObject = c.lenientArray(TranscriptTurn.self, .transcriptObject)
        recordingURL = c.lenientString(.recordingURL)
        publicLogURL = c.lenientString(.publicLogURL)
        callCost = c.lenient(CallCost.self, .callCost)
        callAnalysis = c.lenient(CallAnalysis.self, .callAnalysis)
    }
}
