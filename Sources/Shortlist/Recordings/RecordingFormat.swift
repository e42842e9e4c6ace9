import Crypto
import Foundation

/// The file a stored recording is kept in (see ARCHITECTURE.md, "Recordings on disk"):
///
///     header  "SLRC" | version 1 | key id (8 bytes) | segment size (UInt32, big-endian)   17 bytes
///     segment nonce (12) | AES-256-GCM ciphertext of up to `segment size` bytes | tag (16)
///
/// The plaintext is cut into 64 KiB segments, each sealed on its own with a fresh random nonce
/// and, as authenticated data, the header, the segment's index (UInt64, big-endian) and a byte
/// that is 1 on the last segment only. So segments cannot be reordered, swapped between files or
/// keys, or dropped from the end; a Range request opens only the segments it needs; and the
/// plaintext's length follows from the file's size. An empty recording is one empty last segment.
public enum RecordingFormat {
    static let magic = Array("SLRC".utf8)
    static let version: UInt8 = 1
    static let keyIDBytes = 8
    static let headerBytes = 4 + 1 + keyIDBytes + 4
    public static let segmentBytes = 64 * 1024
    static let nonceBytes = 12
    static let tagBytes = 16
    static let overhead = nonceBytes + tagBytes

    static func header(keyID: [UInt8], segmentBytes: Int) -> [UInt8] {
        let size = UInt32(segmentBytes)
        return magic + [version] + keyID + [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
    }

    static func additionalData(header: [UInt8], index: Int, last: Bool) -> [UInt8] {
        let value = UInt64(index)
        return header + (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } + [last ? 1 : 0]
    }

    /// The header's key id and segment size, or nil when the bytes are not a header of ours.
    static func parseHeader(_ bytes: [UInt8]) -> (keyID: [UInt8], segmentBytes: Int)? {
        guard bytes.count == headerBytes, Array(bytes[0..<4]) == magic, bytes[4] == version else { return nil }
        let keyID = Array(bytes[5..<(5 + keyIDBytes)])
        let sizeBytes = bytes[(5 + keyIDBytes)...]
        let size = sizeBytes.reduce(0) { $0 << 8 | Int($1) }
        guard size > 0, size <= 16 * 1024 * 1024 else { return nil }
        return (keyID, size)
    }
}

/// Why a stored recording could not be read. The words are plain: they reach logs and pages.
public enum RecordingFileError: Error, Equatable, CustomStringConvertible {
    case notARecording
    case unknownKey(String)
    case damaged
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .notARecording: "the file is not a stored recording"
        case .unknownKey(let id): "the recording is encrypted with a key that is not configured (key id \(id))"
        case .damaged: "the recording file is damaged or was changed"
        case .tooLarge(let limit): "the recording is larger than \(limit / 1_048_576) MiB"
        }
    }
}
