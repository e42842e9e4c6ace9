import Foundation

/// Background work kept in the database (`work_items`) and done by `WorkQueue` outside any
/// request: it survives restarts and is retried with backoff.
public enum WorkKind: String, Sendable, CaseIterable, Codable {
    /// Download a call's recording from Retell, encrypt it and store it (subject: our call id).
    case fetchRecording = "fetch_recording"
    /// Ask Retell to delete a call of an erased person (subject: Retell's call id).
    case deleteRetellCall = "delete_retell_call"
}

/// When a failed piece of work is tried again.
public enum WorkRetry {
    /// 30 s after the first failure, doubling each time, at most 6 hours apart.
    public static func delay(afterAttempts attempts: Int) -> TimeInterval {
        let doublings = min(max(attempts - 1, 0), 10)
        return min(30 * Double(1 << doublings), 6 * 3_600)
    }
}

/// The stored state of a call's recording (`call_recordings.status`).
public enum RecordingStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the download job.
    case pending
    /// Encrypted on disk under `recordings_dir`.
    case stored
    /// The download gave up; `error` says why.
    case failed
    /// Removed by retention or erase.
    case deleted
}
