import Foundation
import Logging

/// The one service behind every door that erases a person (the API, the admin page, the CLI, the
/// retention sweep): the store's erase transaction, then the recording files, then the work bell
/// so the Retell deletions start at once.
public struct CandidateEraser: Sendable {
    let database: AppDatabase
    let recordings: RecordingStore
    let workBell: Doorbell?
    let logger: Logger

    public init(database: AppDatabase, recordings: RecordingStore, workBell: Doorbell?, logger: Logger) {
        self.database = database
        self.recordings = recordings
        self.workBell = workBell
        self.logger = logger
    }

    /// Erases the person `candidateID`; see `AppDatabase.eraseCandidate`.
    @discardableResult
    public func erase(candidateID: String, by principal: Principal) async throws -> ErasedCandidate {
        let erased = try await database.eraseCandidate(id: candidateID, by: principal)
        for file in erased.recordingFiles {
            do {
                try recordings.delete(fileName: file)
            } catch {
                logger.error("an erased person's recording could not be removed", metadata: [
                    "candidate_id": "\(candidateID)", "error": "\(error)"])
            }
        }
        if erased.retellDeletions > 0 { workBell?.ring() }
        if !erased.alreadyErased {
            logger.info("candidate erased", metadata: [
                "candidate_id": "\(candidateID)", "by": "\(principal.label)", "calls": "\(erased.calls)",
                "retell_deletions": "\(erased.retellDeletions)"])
        }
        return erased
    }
}
