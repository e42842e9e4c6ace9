import Foundation
import Retell

/// Whether calls' recordings are downloaded: only with a `recording_key` and `keep_recordings`
/// (DESIGN §8: without a key nothing is downloaded). A value, so the webhook path and the store
/// never read config.
public struct RecordingPolicy: Sendable, Equatable {
    public var fetch: Bool

    public init(fetch: Bool) { self.fetch = fetch }

    public static let off = RecordingPolicy(fetch: false)

    public init(keys: RecordingKeys, keep: Bool) {
        fetch = keep && keys.current != nil
    }

    /// The first news of a call that carries a recording URL queues its download.
    func wants(_ call: Call) -> Bool {
        fetch && !(call.recordingURL ?? "").isEmpty
    }
}
