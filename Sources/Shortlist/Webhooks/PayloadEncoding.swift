import Foundation

/// How a stored webhook body is kept (`webhook_events.payload_encoding`, migration `v8_retention`).
public enum PayloadEncoding: String, Sendable, Codable, CaseIterable {
    /// As received: deliveries stored before `v8_retention`, and rejected ones (their first 4 KiB).
    case identity
    /// zlib-compressed, transcripts taken out (`TranscriptTrim`): signed deliveries since `v8_retention`.
    case deflate
    /// Reduced to its metadata by retention: no body, only event, call id, outcome, length and SHA-256.
    case none

    /// Encodings that still hold a body, which `raw_events_days` reduces.
    public static let holdingBody: [PayloadEncoding] = [.identity, .deflate]
}
