import Foundation
import Logging

/// The one service behind every door that erases a person (the API, the admin page, the CLI, the
/// retention sweep): the store's erase transaction, then the recording files, then the work bell
/// so the Retell deletions start at once.
public struct CandidateEraser: Sendable {
    let database: AppDatabase
    let recordings: RecordingFiles
    let workBell: Doorbell?
    let logger: Logger

    public init(database: AppDatabase, recordingsDir: String, workBell: Doorbell?, logger: Logger) {
        self.database = database
        recordings = RecordingFiles(folder: recordingsDir)
        self.workBell = workBell
        self.logger = logger
    }

    /// Erases the person `candidateID`; see `AppDatabase.eraseCandidate`.
    @discardableResult
    public func erase(candidateID: String, by principal: Principal) async throws -> ErasedCandidate {
        let erased = try await database.eraseCandidate(id: candidateID, by: principal)
        for file in erased.recordingFiles {
            do {
                try recordings.remove(file)
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

/// The encrypted recordings under `recordings_dir`, as far as erase needs them.
struct RecordingFiles: Sendable {
    let folder: String

    struct BadName: Error, CustomStringConvertible {
        var description: String { "a recording's stored file name is not a plain name inside the recordings folder" }
    }

    /// Removes one file (a plain name inside the folder); a file already gone is fine.
    func remove(_ name: String) throws {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else { throw BadName() }
        let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.removeItem(at: url)
    }
}
