import Foundation

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

/// The events Shortlist applies; others are stored and acknowledged.
public enum WebhookEvents {
    public static let applied: Set<String> = ["call_started", "call_ended", "call_analyzed"]
}
