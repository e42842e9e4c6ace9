import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of encrypted recordings (`[storage] recordings_dir`). A file is named from our call
/// id only (`<call id>.rec`), written to a temporary file in the same folder, flushed to disk and
/// renamed over the final name, so a reader sees the old file or the new one, never half of one.
public struct RecordingStore: Sendable {
    public let directory: String
    public let keys: RecordingKeys

    public init(directory: String, keys: RecordingKeys) {
        self.directory = directory
        self.keys = keys
    }

    /// What a new file came to.
    public struct Stored: Sendable, Equatable {
        public var fileName: String
        public var keyID: String
        public var bytes: Int
    }

    /// `<call id>.rec`; nil for an id that is not a plain id (it never names a path).
    public static func fileName(callID: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !callID.isEmpty, callID.count <= 100, callID.allSatisfy(allowed.contains) else { return nil }
        return callID + ".rec"
    }

    /// The path of a file name kept in `call_recordings` (checked again: only a plain name).
    func path(of fileName: String) throws -> String {
        guard fileName.hasSuffix(".rec"), Self.fileName(callID: String(fileName.dropLast(4))) == fileName else {
            throw RecordingFileError.notARecording
        }
        return (directory as NSString).appendingPathComponent(fileName)
    }

    /// Encrypts what `fill` feeds under the current key into the call's file, atomically. `fill`
    /// gets the sealer and may throw (a download that failed): then nothing is left behind.
    public func write(callID: String, maxBytes: Int, _ fill: (inout RecordingSink) async throws -> Void) async throws -> Stored {
        guard let key = keys.current else { throw RecordingStoreError.noKey }
        guard let name = Self.fileName(callID: callID) else { throw RecordingFileError.notARecording }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temporary)
        else { throw RecordingStoreError.cannotWrite }
        do {
            var sink = RecordingSink(sealer: try RecordingSealer(handle: handle, key: key, maxBytes: maxBytes))
            try await fill(&sink)
            try sink.sealer.finish()
            try handle.synchronize()
            try handle.close()
            try Self.moveIntoPlace(temporary, to: try path(of: name))
            Self.syncDirectory(directory)
            return Stored(fileName: name, keyID: key.idText, bytes: sink.sealer.total)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Opens a stored file for reading (any configured key).
    func open(fileName: String) throws -> RecordingReader {
        try RecordingReader(path: try path(of: fileName), keys: keys)
    }

    /// Removes the call's file if there is one (retention, erase). Returns whether one was removed.
    @discardableResult
    public func delete(callID: String) throws -> Bool {
        guard let name = Self.fileName(callID: callID) else { return false }
        return try delete(fileName: name)
    }

    /// Removes a stored file by its recorded name (only a name this store makes); false when it was
    /// already gone.
    @discardableResult
    public func delete(fileName: String) throws -> Bool {
        let path = try path(of: fileName)
        guard FileManager.default.fileExists(atPath: path) else { return false }
        try FileManager.default.removeItem(atPath: path)
        return true
    }

    /// Re-encrypts a stored file under the current key, atomically; returns the new key id, or nil
    /// when it already was under the current key.
    public func rekey(fileName: String) async throws -> String? {
        guard let current = keys.current else { throw RecordingStoreError.noKey }
        let reader = try open(fileName: fileName)
        guard reader.keyID != current.id else { return nil }
        let callID = String(fileName.dropLast(4))
        let stored = try await write(callID: callID, maxBytes: reader.length) { sink in
            try reader.forEachSegment { try sink.append($0) }
        }
        return stored.keyID
    }

    /// rename(2): atomic within one folder.
    private static func moveIntoPlace(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw RecordingStoreError.cannotWrite }
    }

    /// Flushes the folder's entry for the renamed file (best effort: some file systems refuse).
    private static func syncDirectory(_ directory: String) {
        let descriptor = systemOpen(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = systemClose(descriptor)
    }
}

/// Where downloaded bytes go: straight into the sealer.
public struct RecordingSink {
    var sealer: RecordingSealer

    public mutating func append<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        try sealer.append(bytes)
    }
}

public enum RecordingStoreError: Error, Equatable, CustomStringConvertible {
    case noKey
    case cannotWrite

    public var description: String {
        switch self {
        case .noKey: "no recording key is set"
        case .cannotWrite: "the recordings folder could not be written"
        }
    }
}

extension RecordingStore {
    /// Decrypts a whole stored file, segment by segment, and returns its length (the benchmark's
    /// read-back, and a check that a file is whole).
    public func decryptedLength(fileName: String) async throws -> Int {
        let reader = try open(fileName: fileName)
        var total = 0
        try reader.forEachSegment { total += $0.count }
        return total
    }
}

// The C calls under names no method here shadows.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
