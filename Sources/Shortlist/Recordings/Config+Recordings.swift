import AsyncHTTPClient
import Foundation

extension Config {
    /// `recording_key` and `old_recording_keys`.
    public var recordingKeys: RecordingKeys {
        RecordingKeys(current: security.recordingKey, old: security.oldRecordingKeys)
    }

    /// Whether recordings are downloaded (a key and `keep_recordings`).
    public var recordingPolicy: RecordingPolicy {
        RecordingPolicy(keys: recordingKeys, keep: storage.keepRecordings)
    }

    /// The folder of encrypted recordings with the configured keys.
    public var recordingStore: RecordingStore {
        RecordingStore(directory: storage.recordingsDir, keys: recordingKeys)
    }

    /// How recordings are downloaded: bounded by the longest call, over the shared HTTP client.
    public func recordingDownload(client: HTTPClient = .shared) -> RecordingDownload {
        RecordingDownload(
            client: client, maxBytes: RecordingDownload.maxBytes(maxCallMinutes: retell.maxCallMinutes),
            allowInsecureHTTP: security.allowInsecureHTTP)
    }
}
