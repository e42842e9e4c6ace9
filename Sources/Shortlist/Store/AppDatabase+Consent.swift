import Foundation
import GRDB

extension AppDatabase {
    /// A campaign that has just come to require a consent basis gives back its queued candidates
    /// without one (`CandidateLifecycle.releasedWithoutConsent`): pending, out of their batch, no
    /// attempt spent; each batch counts the candidates it still holds. The claim checks again for
    /// anyone whose consent is cleared later. Returns how many were released.
    func releaseQueuedWithoutConsent(campaignID: String, now: Date, _ db: Database) throws -> Int {
        let release = CandidateLifecycle.releasedWithoutConsent
        let rows = try Row.fetchAll(db, sql: """
            SELECT cc.id, cc.batch_id FROM campaign_candidates cc JOIN candidates p ON p.id = cc.candidate_id
            WHERE cc.campaign_id = ? AND cc.status IN \(release.from.sqlList) AND NOT \(ConsentBasis.sqlHolds("p.consent"))
            """, arguments: [campaignID])
        guard !rows.isEmpty else { return 0 }
        var perBatch: [String: Int] = [:]
        for row in rows { if let batchID = row["batch_id"] as String? { perBatch[batchID, default: 0] += 1 } }
        for chunk in rows.map({ $0["id"] as String }).chunked(500) {
            try db.execute(sql: """
                UPDATE campaign_candidates SET status = ?, next_attempt_at = ?, batch_id = NULL, updated_at = ?
                WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))
                """, arguments: StatementArguments([release.to, release.dueNow ? now : nil, now] as [(any DatabaseValueConvertible)?])
                    + StatementArguments(chunk))
        }
        for (batchID, count) in perBatch.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: """
                UPDATE retell_batch_calls SET total_candidates = max(total_candidates - ?, 0), updated_at = ? WHERE id = ?
                """, arguments: [count, now, batchID])
            try recountBatch(batchID, candidates: true, db)
        }
        return rows.count
    }
}
