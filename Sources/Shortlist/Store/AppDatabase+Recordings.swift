import Foundation
import GRDB

/// A call's recording as the pages and the API show and serve it, with who may listen.
public struct RecordingAccess: Sendable, Equatable {
    public var recording: CallRecordingRecord?
    public var owner: CampaignOwner
}

extension AppDatabase {
    /// Inside a call change's transaction: the call's recording is to be fetched. The first time
    /// only (the row is the guard), a `pending` row and a `fetch_recording` item are added.
    /// Returns whether they were.
    func queueRecordingFetch(callID: String, _ db: Database) throws -> Bool {
        let now = clock.now()
        try db.cachedStatement(sql: """
            INSERT INTO call_recordings (call_id, status, created_at, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (call_id) DO NOTHING
            """).execute(arguments: [callID, RecordingStatus.pending.rawValue, now, now])
        guard db.changesCount > 0 else { return false }
        try enqueueWork(.fetchRecording, subject: callID, db: db)
        return true
    }

    /// What the fetch job needs: the recording row and Retell's id of the call.
    public func recordingToFetch(callID: String) async throws -> (recording: CallRecordingRecord, retellCallID: String?)? {
        try await writer.read { db in
            guard let recording = try CallRecordingRecord.fetchOne(db, key: callID) else { return nil }
            let retellID = try String.fetchOne(db, sql: "SELECT retell_call_id FROM retell_calls WHERE id = ?", arguments: [callID])
            return (recording, retellID)
        }
    }

    /// The file is on disk: the row says where and under which key, and Retell's addresses are
    /// forgotten. False when the row is no longer pending (erased or deleted meanwhile): the
    /// caller then removes the file it wrote.
    public func markRecordingStored(
        callID: String, fileName: String, keyID: String, bytes: Int, contentType: String
    ) async throws -> Bool {
        let now = clock.now()
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE call_recordings SET status = ?, file_name = ?, key_id = ?, bytes = ?, content_type = ?,
                    error = NULL, stored_at = ?, updated_at = ?
                WHERE call_id = ? AND status = ?
                """, arguments: [RecordingStatus.stored.rawValue, fileName, keyID, bytes, contentType, now, now,
                                 callID, RecordingStatus.pending.rawValue])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE retell_call_analysis SET recording_url = NULL, public_log_url = NULL WHERE call_id = ?",
                           arguments: [callID])
            return true
        }
    }

    /// The fetch job gave up; `reason` is shown on the candidate page.
    public func markRecordingFailed(callID: String, reason: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(sql: "UPDATE call_recordings SET status = ?, error = ?, updated_at = ? WHERE call_id = ? AND status = ?",
                           arguments: [RecordingStatus.failed.rawValue, String(reason.prefix(300)), now, callID,
                                       RecordingStatus.pending.rawValue])
        }
    }

    /// The recording of a call and its campaign's owner; nil when there is no such call.
    public func recordingAccess(callID: String) async throws -> RecordingAccess? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT k.owner_user_id, k.owner_token_id FROM retell_calls c
                JOIN campaigns k ON k.id = c.campaign_id WHERE c.id = ?
                """, arguments: [callID])
            else { return nil }
            return RecordingAccess(
                recording: try CallRecordingRecord.fetchOne(db, key: callID),
                owner: CampaignOwner(userID: row["owner_user_id"], tokenID: row["owner_token_id"]))
        }
    }

    /// The recordings of these calls, by call id (the candidate page).
    public func recordings(callIDs: [String]) async throws -> [String: CallRecordingRecord] {
        guard !callIDs.isEmpty else { return [:] }
        return try await writer.read { db in
            let rows = try CallRecordingRecord.filter(callIDs.contains(Column("call_id"))).fetchAll(db)
            return Dictionary(rows.map { ($0.callID, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Stored recordings whose file is not under key `keyID` (rotation).
    public func storedRecordings(notUnder keyID: String) async throws -> [CallRecordingRecord] {
        try await writer.read { db in
            try CallRecordingRecord
                .filter(Column("status") == RecordingStatus.stored.rawValue && Column("key_id") != keyID)
                .order(Column("call_id")).fetchAll(db)
        }
    }

    /// A file was re-encrypted under `keyID`.
    public func recordingRekeyed(callID: String, keyID: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(sql: "UPDATE call_recordings SET key_id = ?, updated_at = ? WHERE call_id = ?", arguments: [keyID, now, callID])
        }
    }

    /// One audit row for a rotation run by `principal`.
    public func recordRekey(_ principal: Principal, rekeyed: Int, failed: Int, keyID: String) async throws {
        try await writer.write { db in
            try audit(db, principal, "recordings.rekey", subjectType: "recordings", subjectID: nil,
                      detail: ["rekeyed": String(rekeyed), "not_rekeyed": String(failed), "key_id": keyID])
        }
    }

    /// Stored recordings kept since before `cutoff` (retention), oldest first.
    public func recordingsStored(before cutoff: Date, limit: Int) async throws -> [CallRecordingRecord] {
        try await writer.read { db in
            try CallRecordingRecord
                .filter(Column("status") == RecordingStatus.stored.rawValue && Column("stored_at") < cutoff)
                .order(Column("stored_at")).limit(limit).fetchAll(db)
        }
    }

    /// The file is gone: the row stays as `deleted` (the page says the recording was removed).
    public func markRecordingDeleted(callID: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE call_recordings SET status = ?, file_name = NULL, deleted_at = ?, updated_at = ? WHERE call_id = ?
                """, arguments: [RecordingStatus.deleted.rawValue, now, now, callID])
        }
    }
}
