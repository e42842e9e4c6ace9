import Crypto
import Foundation

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
