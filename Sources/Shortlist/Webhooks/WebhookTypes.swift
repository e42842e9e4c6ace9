import Foundation

// The webhook rule's own input and output: what the store reads for `CallUpdate` and what it
// commits from it.

/// One webhook delivery as received: the exact bytes and what could be read from them.
public struct IncomingWebhook: Sendable {
    public var event: String?
    public var retellCallID: String?
    /// `metadata.shortlist_call_id`, for a webhook that beats the create-phone-call response.
    public var shortlistCallID: String?
    public var payload: Data
    public var signatureValid: Bool
}

/// What became of a delivery.
public enum WebhookOutcome: String, Sendable, Codable {
    case applied
    case duplicate
    case unknownCall = "unknown_call"
    case ignoredEvent = "ignored_event"
    case invalidSignature = "invalid_signature"
    case malformed
    /// Not stored: rejected deliveries over the minute's limit (a metrics label only).
    case throttled
}

/// The rows a piece of news about a call is judged against.
struct CallContext {
    var call: RetellCallRecord
    var candidate: CampaignCandidateRecord
    var campaign: CampaignRecord
    var targets: [TargetSpec]
    var analysis: CallAnalysisRecord?
    /// The person's own time zone, when the import gave one.
    var candidateTimezone: String?

    /// When a retry of this candidate falls due (`CandidateLifecycle.retryTime`).
    func retryTime(after now: Date) -> Date {
        CandidateLifecycle.retryTime(
            after: now, retryAfterMinutes: campaign.retryAfterMinutes, schedule: campaign.schedule(candidateZone: candidateTimezone))
    }
}

struct DNCRequest: Equatable {
    var phone: String
    var reason: String
    var callID: String
}

/// What to write for it.
struct CallChanges {
    var call: RetellCallRecord
    var analysis: CallAnalysisRecord?
    var candidate: CampaignCandidateRecord?
    var doNotCall: DNCRequest?
}

/// What an applied change touched, for the live dashboard.
public struct AppliedCall: Sendable {
    public var call: RetellCallRecord
    public var candidate: CampaignCandidateRecord?
    /// The call's batch with its recounted progress, when the call belongs to one.
    public var batch: BatchRecord?
}

/// The events Shortlist applies; others are stored and acknowledged.
public enum WebhookEvents {
    public static let applied: Set<String> = ["call_started", "call_ended", "call_analyzed"]
}
