import Crypto
import Foundation

/// What is kept of a webhook delivery that failed its signature check: at most its first 4 KiB,
/// with the whole body's length and SHA-256, so an unauthenticated sender costs the same few
/// bytes of disk whatever it sends (DESIGN §8).
struct RejectedPayload: Equatable {
    static let keptBytes = 4_096

    let head: Data
    let length: Int
    /// Lower-case hex SHA-256 of the whole body.
    let sha256: String

    init(_ body: Data) {
        head = Data(body.prefix(Self.keptBytes))
        length = body.count
        sha256 = SHA256.hash(data: body).hexString
    }
}
