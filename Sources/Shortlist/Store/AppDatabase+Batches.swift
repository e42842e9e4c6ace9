import Foundation
import GRDB

/// Candidates a new batch may take: not done, not being called, not in a running batch.
/// (Queued candidates of a cancelled or completed batch are free again.)
private let freeCandidateSQL = """
    cc.status IN \(CandidateLifecycle.queuedByBatch.from.sqlList)
    AND NOT EXISTS (SELECT 1 FROM retell_batch_calls b WHERE b.id = cc.batch_id AND b.status IN \(BatchStatus.running.sqlList))
    """

/// Whether the candidate has a consent basis (`ConsentBasis`), for a campaign that requires one.
private let consentSQL = """
    EXISTS (SELECT 1 FROM candidates p WHERE p.id = cc.candidate_id AND \(ConsentBasis.sqlHolds("p.consent")))
    """

extension AppDatabase {
    /// Starts a batch over `candidateIDs` (campaign-candidate ids or candidate ids), or over every
    /// free candidate. The candidates are queued due now, the campaign becomes active, all in one
    /// transaction with its audit row.
    public func createBatch(campaignID: String, candidateIDs: [String]?, by principal: Principal) async throws -> BatchRecord {
        let now = clock.now()
        let batchID = ids.next()
        return try await writer.write { db in
            let (calling, chosen) = try Self.batchPlan(campaignID: campaignID, candidateIDs: candidateIDs, db)
            let batch = BatchRecord(
                id: batchID, campaignID: campaignID, totalCandidates: chosen.count, completedCalls: 0, failedCalls: 0, finishedCandidates: 0,
                status: BatchTransitions.started, statusReason: nil, createdBy: principal.label, createdAt: now,
                startedAt: now, completedAt: nil, updatedAt: now)
            try batch.insert(db)
            let queued = CandidateLifecycle.queuedByBatch
            for chunk in chosen.chunked(500) {
                // A candidate still waiting for the callback they asked for keeps that time.
                try db.execute(sql: """
                    UPDATE campaign_candidates SET batch_id = ?, status = ?,
                      next_attempt_at = CASE WHEN ? AND callback_at > ? THEN callback_at ELSE ? END, updated_at = ?
                    WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))
                    """, arguments: StatementArguments([
                        batchID, queued.to, queued.keepsAskedCallback, now, queued.dueNow ? now : nil, now,
                    ] as [(any DatabaseValueConvertible)?]) + StatementArguments(chunk))
            }
            try db.execute(sql: "UPDATE campaigns SET status = ?, status_reason = NULL, updated_at = ? WHERE id = ?",
                           arguments: [calling, now, campaignID])
            try audit(db, principal, "batch.start", subjectType: "batch", subjectID: batchID,
                      detail: ["campaign_id": campaignID, "candidates": String(chosen.count)])
            return batch
        }
    }

    /// Whether `createBatch` would accept these arguments now, without writing anything (so work
    /// done before it, such as updating the agent, is skipped for a request that would be refused).
    public func checkBatch(campaignID: String, candidateIDs: [String]?) async throws {
        _ = try await writer.read { db in try Self.batchPlan(campaignID: campaignID, candidateIDs: candidateIDs, db) }
    }

    /// The campaign's status once the batch starts and the candidates it takes; throws why not.
    private static func batchPlan(
        campaignID: String, candidateIDs: [String]?, _ db: Database
    ) throws -> (calling: CampaignStatus, chosen: [String]) {
        guard let campaign = try CampaignRecord.fetchOne(db, key: campaignID) else {
            throw StoreError.notFound(entity: "campaign", id: campaignID)
        }
        guard let calling = CampaignLifecycle.batchStarted(campaign.status) else {
            throw StoreError.conflict("campaign is \(campaign.status.rawValue): it can no longer call")
        }
        guard try CampaignAgentRecord.filter(Column("campaign_id") == campaignID).fetchCount(db) > 0 else {
            throw StoreError.noAgent(campaignID: campaignID)
        }
        let chosen: [String]
        let consent = campaign.requireConsent
        if let candidateIDs {
            chosen = try chosenCandidates(candidateIDs, campaignID: campaignID, requireConsent: consent, db)
        } else {
            chosen = try String.fetchAll(db, sql: """
                SELECT cc.id FROM campaign_candidates cc WHERE cc.campaign_id = ? AND \(freeCandidateSQL)
                  AND (NOT ? OR \(consentSQL)) ORDER BY cc.seq
                """, arguments: [campaignID, consent])
        }
        guard !chosen.isEmpty else {
            throw FieldError("candidate_ids", "no candidate of this campaign is free to call (all are done, being called or in a running batch"
                + (consent ? ", or have no consent basis)" : ")"))
        }
        return (calling, chosen)
    }

    /// The campaign-candidate ids named by `requested`; every one must be in the campaign and free.
    private static func chosenCandidates(
        _ requested: [String], campaignID: String, requireConsent: Bool, _ db: Database
    ) throws -> [String] {
        guard !requested.isEmpty else { throw FieldError("candidate_ids", "must name at least one candidate, or be left out") }
        guard requested.count <= 100_000 else { throw FieldError("candidate_ids", "at most 100,000 ids") }
        var chosen: [String] = []
        var seen = Set<String>()
        for id in requested where seen.insert(id).inserted {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT cc.id, (\(freeCandidateSQL)) AS free, (\(consentSQL)) AS consent, cc.status FROM campaign_candidates cc
                WHERE cc.campaign_id = ? AND (cc.id = ? OR cc.candidate_id = ?)
                """, arguments: [campaignID, id, id])
            else { throw FieldError("candidate_ids", "\(id) is not a candidate of this campaign") }
            guard row["free"] as Bool else {
                throw FieldError("candidate_ids", "\(id) is \(row["status"] as String) or in a running batch, so it cannot join a new one")
            }
            guard !requireConsent || row["consent"] as Bool else {
                throw FieldError("candidate_ids", "\(id) has no consent basis, and this campaign calls only candidates with one")
            }
            chosen.append(row["id"])
        }
        return chosen
    }

    public func batch(id: String) async throws -> BatchRecord? {
        try await writer.read { db in try BatchRecord.fetchOne(db, key: id) }
    }

    public func batches(campaignID: String) async throws -> [BatchRecord] {
        try await writer.read { db in
            try BatchRecord.filter(Column("campaign_id") == campaignID).order(Column("created_at").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// Pause, resume or cancel. In-flight calls finish either way; cancelling sends the batch's
    /// queued candidates back to `pending`. Resuming also reactivates a campaign that paused itself.
    public func changeBatch(id: String, _ action: BatchAction, by principal: Principal) async throws -> BatchRecord {
        let now = clock.now()
        return try await writer.write { db in
            guard var batch = try BatchRecord.fetchOne(db, key: id) else { throw StoreError.notFound(entity: "batch", id: id) }
            let change: BatchChange
            do { change = try BatchTransitions.apply(action, to: batch.status, by: principal.label) } catch let refused as BatchTransitions.NotAllowed {
                throw StoreError.conflict(refused.description)
            }
            batch.status = change.status
            batch.statusReason = change.reason
            if change.ends { batch.completedAt = now }
            if change.reactivatesCampaign {
                try db.execute(sql: """
                    UPDATE campaigns SET status = ?3, status_reason = NULL, safety_window_from = ?1, updated_at = ?1
                    WHERE id = ?2 AND status = ?4
                    """, arguments: [now, batch.campaignID, CampaignLifecycle.resumedTo, CampaignLifecycle.resumedFrom])
            }
            if change.releasesQueuedCandidates {
                let cancelled = CandidateLifecycle.cancelled
                try db.execute(sql: """
                    UPDATE campaign_candidates SET status = ?, next_attempt_at = ?, updated_at = ?
                    WHERE batch_id = ? AND status IN \(cancelled.from.sqlList)
                    """, arguments: [cancelled.to, cancelled.dueNow ? now : nil, now, id])
            }
            batch.updatedAt = now
            try batch.update(db)
            try audit(db, principal, "batch.\(action.rawValue)", subjectType: "batch", subjectID: id,
                      detail: ["campaign_id": batch.campaignID])
            if change.ends { try completeCampaignIfDone(batch.campaignID, db) }
            return batch
        }
    }

    /// Marks a running batch completed once none of its candidates is queued or being called, and
    /// then its campaign if that was its last running batch. When nothing completes this is the one
    /// cached UPDATE (the webhook path).
    func completeBatchIfDone(_ batchID: String, _ db: Database) throws {
        try db.cachedStatement(sql: Self.completeBatchSQL).execute(arguments: [clock.now(), batchID])
        guard db.changesCount > 0,
              let campaignID = try String.fetchOne(db, sql: "SELECT campaign_id FROM retell_batch_calls WHERE id = ?", arguments: [batchID])
        else { return }
        try completeCampaignIfDone(campaignID, db)
    }

    /// Built once: it runs on every webhook.
    private static let completeBatchSQL = """
        UPDATE retell_batch_calls SET status = \(BatchTransitions.completion.to.sqlLiteral), completed_at = ?1, updated_at = ?1
        WHERE id = ?2 AND status IN \(BatchTransitions.completion.from.sqlList)
          AND NOT EXISTS (SELECT 1 FROM campaign_candidates WHERE batch_id = ?2 AND status IN \(CandidateStatus.open.sqlList))
        """
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
