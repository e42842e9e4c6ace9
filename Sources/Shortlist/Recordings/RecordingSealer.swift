import Crypto
import Foundation

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
