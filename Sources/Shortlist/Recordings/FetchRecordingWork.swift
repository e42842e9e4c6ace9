import Foundation
import Logging
import Retell

/// Downloads a call's recording, encrypts it into `recordings_dir` and records it (the
/// `fetch_recording` work, subject: our call id). It always asks Retell for the call first, so
/// the signed address is fresh (Retell's addresses are not kept). Failures are retried by the
/// queue; after `maxAttempts` (about a day with `WorkRetry`) the recording is `failed` with the
/// reason, which the candidate page shows.
public struct FetchRecordingWork: WorkHandler {
    public let kind = WorkKind.fetchRecording
    /// 13 tries, `WorkRetry` apart (30 s doubling, at most 6 h): about 20 hours in all, which rides
    /// out a day's outage at Retell or in the network; each try gets a fresh signed address.
    public let maxAttempts: Int? = 13

    let database: AppDatabase
    let retell: any RetellClient
    let store: RecordingStore
    let download: RecordingDownload

    public init(database: AppDatabase, retell: any RetellClient, store: RecordingStore, download: RecordingDownload) {
        self.database = database
        self.retell = retell
        self.store = store
        self.download = download
    }

    public func perform(_ item: WorkItemRecord) async throws -> WorkOutcome {
        let callID = item.subject
        guard let found = try await database.recordingToFetch(callID: callID), found.recording.status == .pending else {
            return .done
        }
        guard let retellCallID = found.retellCallID else { return .giveUp("the call never reached Retell") }
        let call: Call
        do {
            call = try await retell.getCall(id: retellCallID)
        } catch let error as RetellError {
            if case .http(let status) = error.kind, status == 404 || status == 422 {
                return .giveUp("Retell no longer has this call")
            }
            throw RecordingFetchError.retell(error.isRetryable ? "Retell did not answer" : "Retell refused the request")
        }
        guard let url = call.recordingURL, !url.isEmpty else { throw RecordingFetchError.noRecordingYet }
        var contentType = "audio/wav"
        let stored: RecordingStore.Stored
        do {
            stored = try await store.write(callID: callID, maxBytes: download.maxBytes) { sink in
                contentType = try await download.fetch(url, into: &sink)
            }
        } catch let error as RecordingDownloadError where error.isPermanent {
            return .giveUp(error.description)
        }
        let kept = try await database.markRecordingStored(
            callID: callID, fileName: stored.fileName, keyID: stored.keyID, bytes: stored.bytes, contentType: contentType)
        // Erased or removed while downloading: the file must not stay.
        if !kept { try store.delete(callID: callID) }
        return .done
    }

    public func abandon(_ item: WorkItemRecord, reason: String) async throws {
        try await database.markRecordingFailed(callID: item.subject, reason: reason)
    }
}

enum RecordingFetchError: Error, CustomStringConvertible {
    case noRecordingYet
    case retell(String)

    var description: String {
        switch self {
        case .noRecordingYet: "Retell has no recording for this call"
        case .retell(let words): words
        }
    }
}
