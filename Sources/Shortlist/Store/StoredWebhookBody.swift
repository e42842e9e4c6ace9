import Crypto
import Foundation

/// What is stored of a signed delivery: the body without its transcripts, deflated, with the length
/// and SHA-256 of the body as received (so the row still says exactly what arrived once the body is
/// reduced to metadata). Built before the write transaction: none of this holds the writer.
struct StoredWebhookBody: Equatable {
    var payload: Data
    var encoding: PayloadEncoding
    var length: Int
    var sha256: String

    init(_ body: Data) {
        length = body.count
        sha256 = SHA256.hash(data: body).hexString
        let trimmed = TranscriptTrim.trim(body)?.body ?? body
        if let compressed = try? Deflate.compress(trimmed) {
            payload = compressed
            encoding = .deflate
        } else {
            payload = body
            encoding = .identity
        }
    }
}

extension WebhookEventRecord {
    /// The stored body as JSON bytes, whatever its encoding; nil once retention reduced it to metadata.
    public func body() throws -> Data? {
        switch payloadEncoding {
        case .identity: payload
        case .deflate: try Deflate.inflate(payload)
        case .none: nil
        }
    }
}
