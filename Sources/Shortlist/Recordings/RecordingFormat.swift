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

/// Encrypts a recording as it streams in, one segment at a time, into an open file. Memory stays
/// at about two segments whatever the recording's size.
struct RecordingSealer {
    private let handle: FileHandle
    private let key: SymmetricKey
    private let header: [UInt8]
    private let segmentBytes: Int
    private let maxBytes: Int
    private var pending: [UInt8] = []
    private var index = 0
    /// Plaintext bytes taken so far.
    private(set) var total = 0

    init(handle: FileHandle, key: RecordingKeys.Key, maxBytes: Int, segmentBytes: Int = RecordingFormat.segmentBytes) throws {
        self.handle = handle
        self.key = key.key
        self.segmentBytes = segmentBytes
        self.maxBytes = maxBytes
        header = RecordingFormat.header(keyID: key.id, segmentBytes: segmentBytes)
        try handle.write(contentsOf: header)
        pending.reserveCapacity(segmentBytes)
    }

    /// Takes the next bytes; refuses to go past `maxBytes`.
    mutating func append<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        guard bytes.count <= maxBytes - total else { throw RecordingFileError.tooLarge(maxBytes) }
        total += bytes.count
        var rest = bytes[...]
        while !rest.isEmpty {
            // A full segment is sealed only once more follows, so the last one is known as last.
            if pending.count == segmentBytes { try seal(last: false) }
            let take = rest.prefix(segmentBytes - pending.count)
            pending.append(contentsOf: take)
            rest = rest.dropFirst(take.count)
        }
    }

    /// Seals what is left as the last segment.
    mutating func finish() throws {
        try seal(last: true)
    }

    private mutating func seal(last: Bool) throws {
        let aad = RecordingFormat.additionalData(header: header, index: index, last: last)
        let box = try AES.GCM.seal(pending, using: key, nonce: AES.GCM.Nonce(), authenticating: aad)
        try handle.write(contentsOf: Array(box.nonce) + Array(box.ciphertext) + Array(box.tag))
        pending.removeAll(keepingCapacity: true)
        index += 1
    }
}

/// Reads a stored recording: its plaintext length from the file's size, and any byte range by
/// opening only the segments that hold it.
/// Used by one request at a time (a response streams it in order), hence unchecked.
final class RecordingReader: @unchecked Sendable {
    private let handle: FileHandle
    private let header: [UInt8]
    private let key: SymmetricKey
    private let segmentBytes: Int
    private let segmentCount: Int
    let keyID: [UInt8]
    /// The decrypted recording's length.
    let length: Int

    init(path: String, keys: RecordingKeys) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw RecordingFileError.notARecording }
        self.handle = handle
        do {
            let head = Array(try handle.read(upToCount: RecordingFormat.headerBytes) ?? Data())
            guard let parsed = RecordingFormat.parseHeader(head) else { throw RecordingFileError.notARecording }
            guard let key = keys.key(id: parsed.keyID) else { throw RecordingFileError.unknownKey(parsed.keyID.hexString) }
            let size = Int(clamping: try handle.seekToEnd())
            let body = size - RecordingFormat.headerBytes
            let stride = parsed.segmentBytes + RecordingFormat.overhead
            let (full, rest) = body.quotientAndRemainder(dividingBy: stride)
            guard body > 0, rest == 0 || rest >= RecordingFormat.overhead else { throw RecordingFileError.damaged }
            header = head
            keyID = parsed.keyID
            self.key = key
            segmentBytes = parsed.segmentBytes
            segmentCount = rest == 0 ? full : full + 1
            length = rest == 0 ? full * parsed.segmentBytes : full * parsed.segmentBytes + rest - RecordingFormat.overhead
        } catch {
            try? handle.close()
            throw error
        }
    }

    deinit { try? handle.close() }

    /// The plaintext bytes `range` (inside `0..<length`), handed over a segment's worth at a time.
    func read(_ range: Range<Int>, into sink: ([UInt8]) async throws -> Void) async throws {
        guard !range.isEmpty else { return }
        var index = range.lowerBound / segmentBytes
        while index * segmentBytes < range.upperBound {
            let plain = try segment(index)
            let start = max(range.lowerBound - index * segmentBytes, 0)
            let end = min(range.upperBound - index * segmentBytes, plain.count)
            guard start <= end else { throw RecordingFileError.damaged }
            try await sink(Array(plain[start..<end]))
            index += 1
        }
    }

    /// Segment `index`, decrypted and checked.
    func segment(_ index: Int) throws -> [UInt8] {
        guard index < segmentCount else { throw RecordingFileError.damaged }
        let stride = segmentBytes + RecordingFormat.overhead
        try handle.seek(toOffset: UInt64(RecordingFormat.headerBytes + index * stride))
        let bytes = Array(try handle.read(upToCount: stride) ?? Data())
        guard bytes.count >= RecordingFormat.overhead else { throw RecordingFileError.damaged }
        let last = index == segmentCount - 1
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: bytes[0..<RecordingFormat.nonceBytes]),
                ciphertext: bytes[RecordingFormat.nonceBytes..<(bytes.count - RecordingFormat.tagBytes)],
                tag: bytes[(bytes.count - RecordingFormat.tagBytes)...])
            let aad = RecordingFormat.additionalData(header: header, index: index, last: last)
            return Array(try AES.GCM.open(box, using: key, authenticating: aad))
        } catch {
            throw RecordingFileError.damaged
        }
    }

    /// Every segment in order (re-encryption, the benchmark's check).
    func forEachSegment(_ body: ([UInt8]) throws -> Void) throws {
        for index in 0..<segmentCount { try body(try segment(index)) }
    }
}
