/// Whether this Shortlist keeps recordings, for the words shown when a call has none.
struct RecordingSetup: Sendable, Equatable {
    var keySet: Bool
    var keep: Bool

    static let off = RecordingSetup(keySet: false, keep: false)

    init(keySet: Bool, keep: Bool) {
        self.keySet = keySet
        self.keep = keep
    }

    init(_ config: Config) {
        keySet = config.recordingKeys.current != nil
        keep = config.storage.keepRecordings
    }
}

/// A call's recording on the candidate page: a player for a stored one the reader may hear,
/// else plain words saying why there is none. Never Retell's address.
struct RecordingLine: Equatable {
    var url: String?
    var words: String?

    static let refused = "Recordings are for the campaign's owner and admins."

    /// Nil for a call that never connected (no recording to speak of).
    static func make(callID: String, connected: Bool, recording: CallRecordingRecord?, setup: RecordingSetup, mayListen: Bool) -> RecordingLine? {
        guard let recording else {
            guard connected else { return nil }
            if !setup.keySet { return RecordingLine(words: "No recording kept: no recording key is set.") }
            if !setup.keep { return RecordingLine(words: "No recording kept: keeping recordings is switched off.") }
            return RecordingLine(words: "No recording kept for this call.")
        }
        switch recording.status {
        case .pending: return RecordingLine(words: "Recording being fetched.")
        case .failed: return RecordingLine(words: "The recording could not be fetched: \(recording.error ?? "no reason was given").")
        case .deleted: return RecordingLine(words: "The recording was deleted.")
        case .stored:
            return mayListen ? RecordingLine(url: "/recordings/\(callID)") : RecordingLine(words: refused)
        }
    }
}
