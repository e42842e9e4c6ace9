import Crypto
import Foundation
import GRDB

/// The retention sweep's work on webhook bodies and transcripts (DESIGN §8). Each method works
/// in batches of `batch` rows, one short transaction each, so a sweep of a big database never
/// holds the writer for long; each returns how many rows it changed.
extension AppDatabase {
    public static let retentionBatch = 500

    /// Signed webhook bodies received before `cutoff` reduced to their metadata: the row stays
    /// (event, call id, received_at, outcome, length, SHA-256), so a duplicate is still recognised.
    public func reduceWebhookBodies(receivedBefore cutoff: Date, batch: Int = retentionBatch) async throws -> Int {
        try await inBatches(batch: batch) { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, payload_bytes, payload_sha256,
                  CASE WHEN payload_bytes IS NULL OR payload_sha256 IS NULL THEN payload END AS payload
                FROM webhook_events
                WHERE signature_valid = 1 AND payload_encoding IN \(PayloadEncoding.holdingBody.sqlList) AND received_at < ?
                LIMIT ?
                """, arguments: [cutoff, batch])
            for row in rows {
                // Bodies stored whole before v8_retention have no length or digest yet.
                let whole: Data = row["payload"] ?? Data()
                let length: Int = row["payload_bytes"] ?? whole.count
                let sha256: String = row["payload_sha256"] ?? SHA256.hash(data: whole).hexString
                try db.execute(sql: """
                    UPDATE webhook_events SET payload = x'', payload_encoding = \(PayloadEncoding.none.sqlLiteral),
                      payload_bytes = ?, payload_sha256 = ?
                    WHERE id = ?
                    """, arguments: [length, sha256, row["id"] as String])
            }
            return (rows.count, rows.count)
        }
    }

    /// Transcripts of calls analysed before `cutoff` removed from their analysis (summaries and
    /// answers stay), and from any signed body received before it that was stored whole (before
    /// `v8_retention`); such a body is kept trimmed and deflated, or reduced to its metadata when
    /// it cannot be read.
    public func removeTranscripts(before cutoff: Date, batch: Int = retentionBatch) async throws -> Int {
        let analyses = try await inBatches(batch: batch) { db in
            try db.execute(sql: """
                UPDATE retell_call_analysis SET transcript = NULL
                WHERE call_id IN (
                  SELECT call_id FROM retell_call_analysis WHERE transcript IS NOT NULL AND updated_at < ? LIMIT ?)
                """, arguments: [cutoff, batch])
            return (db.changesCount, db.changesCount)
        }
        let bodies = try await inBatches(batch: batch) { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, payload FROM webhook_events
                WHERE signature_valid = 1 AND payload_encoding = \(PayloadEncoding.identity.sqlLiteral) AND received_at < ?
                LIMIT ?
                """, arguments: [cutoff, batch])
            var stripped = 0
            for row in rows {
                let whole: Data = row["payload"]
                let trimmed = TranscriptTrim.trim(whole)
                let compressed = trimmed.flatMap { try? Deflate.compress($0.body) }
                if (trimmed?.removed ?? 1) > 0 { stripped += 1 }
                try db.execute(sql: """
                    UPDATE webhook_events SET payload = ?, payload_encoding = ?, payload_bytes = ?, payload_sha256 = ?
                    WHERE id = ?
                    """, arguments: [
                        compressed ?? Data(), compressed == nil ? PayloadEncoding.none : .deflate, whole.count,
                        SHA256.hash(data: whole).hexString, row["id"] as String,
                    ])
            }
            return (rows.count, stripped)
        }
        return analyses + bodies
    }

    /// Runs `step` (one transaction) until it handles fewer rows than a full batch. `step` returns
    /// how many rows it looked at and how many it counts as removed.
    private func inBatches(
        batch: Int, _ step: @escaping @Sendable (Database) throws -> (seen: Int, removed: Int)
    ) async throws -> Int {
        var total = 0
        while true {
            let result = try await writer.write { db in try step(db) }
            total += result.removed
            if result.seen < batch { return total }
        }
    }
}
