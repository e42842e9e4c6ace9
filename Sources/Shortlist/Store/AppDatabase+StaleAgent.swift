import Foundation
import GRDB

/// What an edit that left a campaign's agent out of date does to its running batches (DESIGN §8
/// "Agent freshness"): they pause with the reason shown, so no call goes on with the old prompt.
extension AppDatabase {
    /// Ids of the job's campaigns that have a batch in progress (the ones a job edit may have to pause).
    public func campaignsCalling(jobID: String) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT c.id FROM campaigns c JOIN retell_batch_calls b ON b.campaign_id = c.id
                WHERE c.job_id = ? AND b.status = ? ORDER BY c.id
                """, arguments: [jobID, BatchStatus.inProgress])
        }
    }

    /// Whether the campaign has a batch in progress.
    public func isCalling(campaignID: String) async throws -> Bool {
        try await writer.read { db in
            try BatchRecord.filter(Column("campaign_id") == campaignID && Column("status") == BatchStatus.inProgress)
                .fetchCount(db) > 0
        }
    }

    /// Pauses the campaign's batches in progress with `reason`, one audit row each, in one
    /// transaction; calls already in flight end as they are. Returns the batches it paused.
    public func pauseBatches(campaignID: String, reason: String, by principal: Principal) async throws -> [BatchRecord] {
        let now = clock.now()
        return try await writer.write { db in
            var paused: [BatchRecord] = []
            for var batch in try BatchRecord.filter(Column("campaign_id") == campaignID).fetchAll(db) {
                guard let change = BatchTransitions.halt(batch.status, reason: reason) else { continue }
                batch.status = change.status
                batch.statusReason = change.reason
                batch.updatedAt = now
                try batch.update(db)
                try audit(db, principal, "batch.pause", subjectType: "batch", subjectID: batch.id,
                          detail: ["campaign_id": campaignID, "reason": reason])
                paused.append(batch)
            }
            return paused
        }
    }
}
