import Foundation
import Testing
@testable import Shortlist

/// The encrypted file format: sealed in 64 KiB segments, read back whole or by range, and any
/// change to the file (a flipped byte, a dropped or swapped segment, another key) refused.
@Suite("Recording files")
struct RecordingFileTests {
    static let keyA = Data(repeating: 0xA1, count: 32)
    static let keyB = Data(repeating: 0xB2, count: 32)

    static func folder() throws -> String {
        try StoreTests.temporaryFolder().path
    }

    /// Bytes that look like audio: a counter, so any misplaced byte shows.
    static func sample(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    static func write(_ bytes: [UInt8], to store: RecordingStore, callID: String = "call-1") async throws -> RecordingStore.Stored {
        try await store.write(callID: callID, maxBytes: 1 << 24) { sink in
            // In uneven pieces, as a download arrives.
            var rest = bytes[...]
            while !rest.isEmpty {
                let piece = rest.prefix(7_001)
                try sink.append(piece)
                rest = rest.dropFirst(piece.count)
            }
        }
    }

    static func readAll(_ store: RecordingStore, _ fileName: String, _ range: Range<Int>? = nil) async throws -> [UInt8] {
        let reader = try store.open(fileName: fileName)
        var out: [UInt8] = []
        try await reader.read(range ?? 0..<reader.length) { out += $0 }
        return out
    }

    @Test("Recordings of every size around the segment boundary read back exactly, whole and by range", arguments: [
        0, 1, 65_535, 65_536, 65_537, 200_000,
    ])
    func roundTrip(size: Int) async throws {
        let store = RecordingStore(directory: try Self.folder(), keys: RecordingKeys(currentRaw: Self.keyA))
        let bytes = Self.sample(size)
        let stored = try await Self.write(bytes, to: store)
        #expect(stored.bytes == size && stored.fileName == "call-1.rec")
        #expect(try store.open(fileName: stored.fileName).length == size)
        #expect(try await Self.readAll(store, stored.fileName) == bytes)
        if size > 10 {
            let middle = (size / 3)..<(size - 3)
            #expect(try await Self.readAll(store, stored.fileName, middle) == Array(bytes[middle]))
        }
    }

    @Test("The file holds no run of the plaintext, and its key id is the key's hash, never the key")
    func encrypted() async throws {
        let folder = try Self.folder()
        let keys = RecordingKeys(currentRaw: Self.keyA)
        let store = RecordingStore(directory: folder, keys: keys)
        let bytes = Array("RIFF".utf8) + Self.sample(100_000)
        let stored = try await Self.write(bytes, to: store)
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + stored.fileName))
        #expect(onDisk.range(of: Data("RIFF".utf8)) == nil)
        #expect(onDisk.range(of: Data(bytes[5_000..<5_032])) == nil)
        #expect(onDisk.range(of: Self.keyA) == nil)
        #expect(stored.keyID == keys.current?.idText && stored.keyID.count == 16)
        // Nothing but the file is left in the folder (the temporary file was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [stored.fileName])
    }

    @Test("A flipped byte, a dropped last segment, swapped segments or an unknown key are refused")
    func tampering() async throws {
        let folder = try Self.folder()
        let store = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyA))
        let stored = try await Self.write(Self.sample(150_000), to: store)
        let path = folder + "/" + stored.fileName
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let stride = RecordingFormat.segmentBytes + RecordingFormat.overhead
        let header = RecordingFormat.headerBytes

        var flipped = original
        flipped[header + 100] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: path))
        await #expect(throws: RecordingFileError.damaged) { _ = try await Self.readAll(store, stored.fileName) }

        // Dropping the last segment leaves a file whose new last segment was not sealed as last.
        try original.prefix(header + 2 * stride).write(to: URL(fileURLWithPath: path))
        await #expect(throws: RecordingFileError.damaged) { _ = try await Self.readAll(store, stored.fileName) }

        var swapped = Data(original.prefix(header))
        swapped += original[(header + stride)..<(header + 2 * stride)]
        swapped += original[header..<(header + stride)]
        swapped += original[(header + 2 * stride)...]
        try swapped.write(to: URL(fileURLWithPath: path))
        await #expect(throws: RecordingFileError.damaged) { _ = try await Self.readAll(store, stored.fileName) }

        try original.write(to: URL(fileURLWithPath: path))
        let other = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyB))
        #expect(throws: RecordingFileError.unknownKey(stored.keyID)) { _ = try other.open(fileName: stored.fileName) }
        try Data("RIFF....".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RecordingFileError.notARecording) { _ = try store.open(fileName: stored.fileName) }
    }

    @Test("A recording over the size limit is refused while it streams and leaves no file behind")
    func tooLarge() async throws {
        let folder = try Self.folder()
        let store = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyA))
        await #expect(throws: RecordingFileError.tooLarge(100_000)) {
            _ = try await store.write(callID: "call-big", maxBytes: 100_000) { sink in
                for _ in 0..<20 { try sink.append(Self.sample(10_000)) }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("File names come from plain call ids only; a path or an odd name is never opened")
    func fileNames() throws {
        #expect(RecordingStore.fileName(callID: "0b6c2f3e-aaaa-4bbb-8ccc-123456789abc") == "0b6c2f3e-aaaa-4bbb-8ccc-123456789abc.rec")
        for bad in ["", "../etc/passwd", "a/b", "a b", ".hidden", String(repeating: "x", count: 101)] {
            #expect(RecordingStore.fileName(callID: bad) == nil, "\(bad)")
        }
        let store = RecordingStore(directory: "/nonexistent", keys: RecordingKeys(currentRaw: Self.keyA))
        #expect(throws: RecordingFileError.notARecording) { _ = try store.open(fileName: "../x.rec") }
        #expect(throws: RecordingFileError.notARecording) { _ = try store.open(fileName: "x.wav") }
    }

    @Test("Rotation: a file under the old key still opens while that key is listed, and rekey moves it to the new one")
    func rekey() async throws {
        let folder = try Self.folder()
        let before = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyA))
        let bytes = Self.sample(70_000)
        let stored = try await Self.write(bytes, to: before)
        let rotated = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyB, oldRaw: [Self.keyA]))
        #expect(try await Self.readAll(rotated, stored.fileName) == bytes)
        let newID = try #require(try await rotated.rekey(fileName: stored.fileName))
        #expect(newID == rotated.keys.current?.idText && newID != stored.keyID)
        #expect(try await rotated.rekey(fileName: stored.fileName) == nil)
        let onlyB = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Self.keyB))
        #expect(try await Self.readAll(onlyB, stored.fileName) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [stored.fileName])
    }
}
