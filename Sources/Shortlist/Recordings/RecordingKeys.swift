import Crypto
import Foundation

/// The keys recordings are sealed with: the current `recording_key` (encrypts and decrypts) and
/// the `old_recording_keys` of earlier rotations (decrypt only). A key is known by its id, the
/// first 8 bytes of its SHA-256: stored in each file's header and in `call_recordings.key_id`,
/// never the key itself.
public struct RecordingKeys: Sendable {
    public struct Key: Sendable {
        public let id: [UInt8]
        let key: SymmetricKey

        init(raw: Data) {
            id = Array(SHA256.hash(data: raw).prefix(RecordingFormat.keyIDBytes))
            key = SymmetricKey(data: raw)
        }

        /// The id as stored in `call_recordings.key_id`.
        public var idText: String { id.hexString }
    }

    /// Encrypts new files; nil when no `recording_key` is set (nothing is downloaded then).
    public let current: Key?
    let old: [Key]

    /// Keys from config (base64 of 32 bytes; `ConfigValidator` has checked them). A key that does
    /// not decode is left out, never trapped on.
    public init(current: String, old: [String]) {
        self.current = Self.decode(current).map(Key.init(raw:))
        self.old = old.compactMap(Self.decode).map(Key.init(raw:))
    }

    /// Straight from key bytes (tests, the benchmark, the demo).
    public init(currentRaw: Data?, oldRaw: [Data] = []) {
        current = currentRaw.map(Key.init(raw:))
        old = oldRaw.map(Key.init(raw:))
    }

    /// The key whose id is `id`, current first.
    func key(id: [UInt8]) -> SymmetricKey? {
        ([current].compactMap { $0 } + old).first { $0.id == id }?.key
    }

    /// A new random key, base64 (what `recording_key` holds).
    public static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// The key kept in the file at `path`, made (random, readable by the owner only) on first use.
    /// The demo keeps its key beside its database, so its recordings play after a restart.
    public static func kept(at path: String) throws -> String {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let key = decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return key.base64EncodedString()
        }
        let key = generate()
        guard FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw RecordingStoreError.cannotWrite
        }
        return key
    }

    private static func decode(_ base64: String) -> Data? {
        guard !base64.isEmpty, let data = Data(base64Encoded: base64), data.count == 32 else { return nil }
        return data
    }
}
