import Foundation
import GRDB

extension AppDatabase {
    /// Erases one person (a `candidates` row) everywhere, in one transaction with SQLite's
    /// `secure_delete` on (every writing connection has it on: `configuration`), so the space
    /// that held their data is zeroed rather than left free (DESIGN §8): their details, their calls' numbers, transcripts and analysis text, the raw
    /// webhook bodies of their calls, their recordings (marked deleted; the caller removes the
    /// files after the commit), decision notes and callback times, and personal data in audit
    /// details. Their campaign memberships and calls stay with every count-bearing column, so
    /// reports do not change; a membership still waiting is closed so they are never dialled. A
    /// clear DNC entry becomes a keyed hash; each call Retell knows is queued for deletion there.
    /// Refused (conflict) while one of their calls is in flight or awaits its analysis; unknown
    /// ids are `notFound`.
    public func eraseCandidate(id: String, by principal: Principal) async throws -> ErasedCandidate {
        let now = clock.now()
        return try await writer.write { db in try erase(id, now: now, by: principal, db) }
    }

    func erase(_ id: String, now: Date, by principal: Principal, _ db: Database) throws -> ErasedCandidate {
        guard let person = try CandidateRecord.fetchOne(db, key: id) else {
            throw StoreError.notFound(entity: "candidate", id: id)
        }
        if let erasedAt = person.erasedAt {
            return ErasedCandidate(candidateID: id, campaigns: 0, calls: 0, retellDeletions: 0, recordingFiles: [],
                                   wasOnDNC: false, alreadyErased: true, erasedAt: erasedAt)
        }
        let memberships = try String.fetchAll(db, sql: "SELECT id FROM campaign_candidates WHERE candidate_id = ?", arguments: [id])
        let calls = try Row.fetchAll(db, sql: """
            SELECT rc.id, rc.retell_call_id, rc.call_status IN \(ErasedPerson.callsStillReporting.sqlList) AS in_flight
            FROM retell_calls rc JOIN campaign_candidates cc ON cc.id = rc.campaign_candidate_id WHERE cc.candidate_id = ?
            """, arguments: [id])
        let calling = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM campaign_candidates WHERE candidate_id = ? AND status = \(CandidateStatus.calling.sqlLiteral))
            """, arguments: [id]) ?? false
        if calling || calls.contains(where: { $0["in_flight"] as Bool }) {
            throw StoreError.conflict(
                "this person is on a call, or Retell has not yet sent the analysis of their last call: erase them once it has arrived")
        }
        let callIDs = calls.map { $0["id"] as String }
        let retellIDs = calls.compactMap { $0["retell_call_id"] as String? }
        try closeWaitingMemberships(of: id, now: now, db)
        let files = try eraseCalls(callIDs, retellIDs: retellIDs, now: now, db)
        let wasOnDNC = try hashDNCEntry(person.phone, now: now, db)
        try scrubAudit(candidateID: id, memberships: memberships, calls: callIDs, db)
        try db.execute(sql: """
            UPDATE campaign_candidates SET decision_note = NULL, callback_at = NULL, updated_at = ? WHERE candidate_id = ?
            """, arguments: [now, id])
        try db.execute(sql: """
            UPDATE candidates SET full_name = ?, phone = ?, email = NULL, timezone = NULL, external_id = NULL,
              consent = NULL, source = NULL, attributes = '{}', erased_at = ?, updated_at = ? WHERE id = ?
            """, arguments: [ErasedPerson.name, ErasedPerson.phone(candidateID: id), now, now, id])
        try audit(db, principal, "candidate.erased", subjectType: "candidate", subjectID: id, detail: [
            "campaigns": String(memberships.count), "calls": String(callIDs.count),
            "retell_deletions": String(retellIDs.count), "dnc_kept_as_hash": wasOnDNC ? "yes" : "no",
        ])
        return ErasedCandidate(
            candidateID: id, campaigns: memberships.count, calls: callIDs.count, retellDeletions: retellIDs.count,
            recordingFiles: files, wasOnDNC: wasOnDNC, alreadyErased: false, erasedAt: now)
    }

    /// A membership still pending or queued is closed (finished, no outcome) and its batch recounted.
    private func closeWaitingMemberships(of candidateID: String, now: Date, _ db: Database) throws {
        let waiting = try Row.fetchAll(db, sql: """
            SELECT id, batch_id FROM campaign_candidates WHERE candidate_id = ? AND status IN \(CandidateStatus.free.sqlList)
            """, arguments: [candidateID])
        for row in waiting {
            try db.execute(sql: """
                UPDATE campaign_candidates SET status = \(CandidateStatus.completed.sqlLiteral), next_attempt_at = NULL,
                  updated_at = ? WHERE id = ?
                """, arguments: [now, row["id"] as String])
            if let batchID = row["batch_id"] as String? { try recountBatch(batchID, candidates: true, db) }
        }
    }

    /// Clears the calls' numbers, analysis text, raw webhook bodies and recordings; queues the
    /// Retell deletions. Returns the recording files to remove.
    private func eraseCalls(_ callIDs: [String], retellIDs: [String], now: Date, _ db: Database) throws -> [String] {
        var files: [String] = []
        for callID in callIDs {
            try db.execute(sql: "UPDATE retell_calls SET phone_number = '', updated_at = ? WHERE id = ?", arguments: [now, callID])
            if let answers = try String.fetchOne(db, sql: "SELECT custom_responses FROM retell_call_analysis WHERE call_id = ?",
                                                 arguments: [callID]) {
                try db.execute(sql: """
                    UPDATE retell_call_analysis SET custom_responses = ?, call_summary = NULL, transcript = NULL,
                      recording_url = NULL, public_log_url = NULL, next_steps = NULL, objections = NULL, key_points = NULL,
                      callback_at = NULL, updated_at = ? WHERE call_id = ?
                    """, arguments: [ErasedPerson.keptAnswers(answers), now, callID])
            }
            if let file = try String.fetchOne(db, sql: "SELECT file_name FROM call_recordings WHERE call_id = ?", arguments: [callID]) {
                files.append(file)
            }
            try db.execute(sql: """
                UPDATE call_recordings SET status = ?1, file_name = NULL, key_id = NULL, error = NULL, deleted_at = ?2,
                  updated_at = ?2 WHERE call_id = ?3 AND status <> ?1
                """, arguments: [RecordingStatus.deleted.rawValue, now, callID])
            try db.execute(sql: "DELETE FROM work_items WHERE kind = ? AND subject = ?",
                           arguments: [WorkKind.fetchRecording.rawValue, callID])
        }
        for retellID in retellIDs {
            // The raw bodies keep their metadata (event, time, size, outcome); the body itself goes.
            try db.execute(sql: """
                UPDATE webhook_events SET payload_bytes = coalesce(payload_bytes, length(payload)), payload = X'',
                  payload_sha256 = NULL, payload_encoding = \(PayloadEncoding.none.sqlLiteral) WHERE retell_call_id = ?
                """, arguments: [retellID])
            try enqueueWork(.deleteRetellCall, subject: retellID, db: db)
        }
        return files
    }

    /// Replaces a clear DNC entry of `phone` with its keyed hash; false when it was not listed.
    private func hashDNCEntry(_ phone: String, now: Date, _ db: Database) throws -> Bool {
        guard let entry = try DNCNumberRecord.filter(Column("phone") == phone).fetchOne(db) else { return false }
        let hash = try numberHash(db).hash(phone)
        try db.execute(sql: """
            INSERT INTO dnc_hashes (hash, source, listed_at, erased_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING
            """, arguments: [hash, entry.source.rawValue, entry.createdAt, now])
        try entry.delete(db)
        try scrub(subjectType: "dnc", ids: [entry.id], db)
        return true
    }

    /// The installation's DNC hash key (created by migration `v8_erase`).
    func numberHash(_ db: Database) throws -> NumberHash {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM app_meta WHERE key = 'dnc_hash_key'"),
              let hash = NumberHash(hexKey: hex)
        else { throw StoreError.conflict("the do-not-call hash key is missing from app_meta") }
        return hash
    }

    /// Audit rows about the person keep what happened, not who: personal fields leave their detail.
    private func scrubAudit(candidateID: String, memberships: [String], calls: [String], _ db: Database) throws {
        try scrub(subjectType: "candidate", ids: [candidateID], db)
        try scrub(subjectType: "campaign_candidate", ids: memberships, db)
        try scrub(subjectType: "call", ids: calls, db)
    }

    private func scrub(subjectType: String, ids: [String], _ db: Database) throws {
        for id in ids {
            try db.execute(sql: """
                UPDATE audit_log SET detail = json_remove(detail, '$.phone', '$.name', '$.email', '$.note')
                WHERE subject_type = ? AND subject_id = ?
                """, arguments: [subjectType, id])
        }
    }
}

extension AppDatabase {
    /// Numbers among `phones` whose keyed hash is on the DNC list (an erased person's) go back on
    /// the list in clear, so the claim-time check and the dry run see them like any listed number.
    /// Runs inside an import's transaction; returns how many were listed again.
    func relistHashedNumbers(_ phones: [String], by principal: Principal, _ db: Database) throws -> Int {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dnc_hashes)") == true else { return 0 }
        let hasher = try numberHash(db)
        let find = try db.cachedStatement(sql: "SELECT source FROM dnc_hashes WHERE hash = ?")
        var listed = 0
        for phone in Set(phones) {
            guard let source = try String.fetchOne(find, arguments: [hasher.hash(phone)]) else { continue }
            try db.execute(sql: """
                INSERT INTO dnc_numbers (id, phone, reason, source, source_call_id, created_by, created_at)
                VALUES (?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (phone) DO NOTHING
                """, arguments: [ids.next(), phone, "on the list before the person was erased", source, principal.label, clock.now()])
            guard db.changesCount > 0 else { continue }
            listed += 1
            try audit(db, principal, "dnc.relisted", subjectType: "dnc", subjectID: nil,
                      detail: ["phone": PhoneNumber.mask(phone), "reason": "imported again after an erase"])
        }
        return listed
    }

    /// The do-not-call entries kept only as a hash, newest first (they have no number to show).
    public func hashedDNCEntries(limit: Int) async throws -> [HashedDNCEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT hash, source, listed_at, erased_at FROM dnc_hashes ORDER BY erased_at DESC LIMIT ?",
                             arguments: [limit]).map {
                HashedDNCEntry(hash: $0["hash"], source: $0["source"], listedAt: $0["listed_at"], erasedAt: $0["erased_at"])
            }
        }
    }

    /// Whether `phone` is on the list, in clear or as an erased person's hash.
    public func isBlockedNumber(_ phone: String) async throws -> Bool {
        try await writer.read { db in
            if try DNCNumberRecord.filter(Column("phone") == phone).fetchCount(db) > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dnc_hashes WHERE hash = ?)",
                                     arguments: [try numberHash(db).hash(phone)]) ?? false
        }
    }
}

/// A do-not-call entry of an erased person: only the keyed hash of the number remains.
public struct HashedDNCEntry: Sendable, Equatable {
    public var hash: String
    public var source: String
    public var listedAt: Date
    public var erasedAt: Date
}

extension AppDatabase {
    /// People not yet erased whose last activity (created, imported into a campaign, called,
    /// decided on) is before `cutoff` and who have nothing queued or in flight; up to `limit`.
    public func inactiveCandidates(before cutoff: Date, limit: Int) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT c.id FROM candidates c
                WHERE c.erased_at IS NULL AND c.created_at < ?1
                  AND NOT EXISTS (SELECT 1 FROM campaign_candidates cc WHERE cc.candidate_id = c.id
                    AND (cc.status IN \(CandidateStatus.open.sqlList) OR cc.created_at >= ?1 OR cc.decided_at >= ?1))
                  AND NOT EXISTS (SELECT 1 FROM retell_calls rc JOIN campaign_candidates cc ON cc.id = rc.campaign_candidate_id
                    WHERE cc.candidate_id = c.id AND (rc.created_at >= ?1 OR rc.call_status IN \(ErasedPerson.callsStillReporting.sqlList)))
                ORDER BY c.created_at, c.id LIMIT ?2
                """, arguments: [cutoff, limit])
        }
    }
}

extension AppDatabase {
    /// How many campaigns the person is in (the erase confirmation says it).
    public func campaignCount(ofCandidate id: String) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM campaign_candidates WHERE candidate_id = ?", arguments: [id]) ?? 0
        }
    }
}

extension AppDatabase {
    /// The person with this number (E.164), if any.
    public func candidateID(phone: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM candidates WHERE phone = ?", arguments: [phone])
        }
    }
}

extension AppDatabase {
    /// How many DNC entries are kept only as a hash.
    public func hashedDNCCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dnc_hashes") ?? 0 }
    }
}
