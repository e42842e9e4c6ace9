import Foundation

/// The body Retell posts to the webhook URL: `{"event": …, "call": {…}}` (API.md §5). One docs
/// page names the event `event_type`; it is read when `event` is missing. Decode this only after
/// `WebhookSignature.verify` accepted the raw bytes.
public struct WebhookPayload: Codable, Sendable, Equatable {
    /// `call_started`, `call_ended`, `call_analyzed`, `transcript_updated`, `transfer_*`, …
    public var event: String
    public var call: Call

    public init(event: String, call: Call) {
        self.event = event
        self.call = call
    }

    enum CodingKeys: String, CodingKey {
        case event
        case eventType = "event_type"
        case call
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let event = c.lenientString(.event) ?? c.lenientString(.eventType) {
            self.event = event
        } else {
            throw DecodingError.keyNotFound(CodingKeys.event, .init(
                codingPath: c.codingPath, debugDescription: "Missing \"event\""))
        }
        call = try c.decode(Call.self, forKey: .call)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event)
        try c.encode(call, forKey: .call)
    }
}
