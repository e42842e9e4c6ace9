import Foundation

/// Key rotation (`shortlist recordings rekey`): every stored recording whose file is not under
/// the current `recording_key` is re-encrypted under it (atomically, file by file) and its
/// `key_id` updated. One audit row per run. A file that cannot be read (its key is no longer in
/// `old_recording_keys`, or it is damaged) is counted as failed and left as it is.
public struct RecordingRekey: Sendable {
    public struct Report: Equatable, Sendable {
        public var rekeyed = 0
        public var failed = 0
        /// Why the first failure failed (plain words), if any did.
        public var firstFailure: String?
    }

    let database: AppDatabase
    let store: RecordingStore

    public init(database: AppDatabase, store: RecordingStore) {
        self.database = database
        self.store = store
    }

    public func run(by principal: Principal) async throws -> Report {
        guard let current = store.keys.current else { throw RecordingStoreError.noKey }
        var report = Report()
        for recording in try await database.storedRecordings(notUnder: current.idText) {
            guard let fileName = recording.fileName else { continue }
            do {
                let keyID = try await store.rekey(fileName: fileName) ?? current.idText
                try await database.recordingRekeyed(callID: recording.callID, keyID: keyID)
                report.rekeyed += 1
            } catch {
                report.failed += 1
                if report.firstFailure == nil { report.firstFailure = "call \(recording.callID): \(error)" }
            }
        }
        try await database.recordRekey(principal, rekeyed: report.rekeyed, failed: report.failed, keyID: current.idText)
        return report
    }
}
