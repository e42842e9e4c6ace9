import CZlib
import Foundation

/// zlib (RFC 1950) compression of stored webhook bodies, through the system zlib. One-shot: a
/// body is at most a few hundred KiB, and inflating is bounded so a damaged row cannot ask for
/// unbounded memory.
enum Deflate {
    /// The largest body `inflate` gives back (webhook bodies are far smaller).
    static let maxInflatedBytes = 16 << 20

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func compress(_ data: Data, level: Int32 = 6) throws -> Data {
        var capacity = compressBound(uLong(data.count))
        var output = Data(count: Int(capacity))
        let status = output.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { input in
                compress2(
                    out.baseAddress!.assumingMemoryBound(to: Bytef.self), &capacity,
                    input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), level)
            }
        }
        guard status == Z_OK else { throw Failure(description: "zlib could not compress (status \(status))") }
        output.count = Int(capacity)
        return output
    }

    static func inflate(_ data: Data) throws -> Data {
        var capacity = max(4 * data.count, 1_024)
        while true {
            var produced = uLong(capacity)
            var output = Data(count: capacity)
            let status = output.withUnsafeMutableBytes { out in
                data.withUnsafeBytes { input in
                    uncompress(
                        out.baseAddress!.assumingMemoryBound(to: Bytef.self), &produced,
                        input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count))
                }
            }
            switch status {
            case Z_OK:
                output.count = Int(produced)
                return output
            case Z_BUF_ERROR where capacity < maxInflatedBytes:
                capacity = min(capacity * 4, maxInflatedBytes)
            case Z_BUF_ERROR:
                throw Failure(description: "stored body inflates to more than \(maxInflatedBytes >> 20) MiB")
            default:
                throw Failure(description: "stored body is not valid zlib data (status \(status))")
            }
        }
    }
}
