import Foundation
import GRDB

extension AppDatabase {
    /// Completes the campaign (`CampaignLifecycle.completion`) when none of its batches runs and
    /// none of its candidates is queued or being called, with a `campaign.complete` audit row by the
    /// system, in the caller's transaction. Called only when one of its batches has just ended.
    func completeCampaignIfDone(_ campaignID: String, _ db: Database) throws {
        let now = clock.now()
        try db.cachedStatement(sql: Self.completeCampaignSQL).execute(arguments: [now, campaignID])
        guard db.changesCount > 0 else { return }
        caches.forget(campaignID: campaignID)
        try audit(db, .system, "campaign.complete", subjectType: "campaign", subjectID: campaignID)
    }

    private static let completeCampaignSQL = """
        UPDATE campaigns SET status = \(CampaignLifecycle.completion.to.sqlLiteral), status_reason = NULL, updated_at = ?1
        WHERE id = ?2 AND status IN \(CampaignLifecycle.completion.from.sqlList)
          AND NOT EXISTS (SELECT 1 FROM retell_batch_calls WHERE campaign_id = ?2 AND status IN \(BatchStatus.running.sqlList))
          AND NOT EXISTS (SELECT 1 FROM campaign_candidates WHERE campaign_id = ?2 AND status IN \(CandidateStatus.open.sqlList))
        """

    /// Archives the campaign: read-only from then on. Refused (409) while one of its batches runs.
    public func archiveCampaign(id: String, by principal: Principal) async throws -> CampaignDetail {
        let now = clock.now()
        defer { caches.forget(campaignID: id) }
        return try await writer.write { db in
            guard var record = try CampaignRecord.fetchOne(db, key: id) else {
                throw StoreError.notFound(entity: "campaign", id: id)
            }
            let running = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM retell_batch_calls WHERE campaign_id = ? AND status IN \(BatchStatus.running.sqlList))
                """, arguments: [id]) ?? false
            do {
                record.status = try CampaignLifecycle.archived(record.status, batchRunning: running)
            } catch let refused as CampaignLifecycle.ArchiveRefused {
                throw StoreError.conflict(refused.description)
            }
            record.statusReason = nil
            record.updatedAt = now
            try record.update(db)
            try audit(db, principal, "campaign.archive", subjectType: "campaign", subjectID: id)
            guard let detail = try campaignDetail(id, db) else { throw StoreError.notFound(entity: "campaign", id: id) }
            return detail
        }
    }
}
