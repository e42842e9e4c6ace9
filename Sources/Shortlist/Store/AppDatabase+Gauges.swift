import Foundation
import GRDB

/// What `/metrics` shows of the state of the database (DESIGN §1), read in one transaction. Every
/// count walks an index: `retell_calls_status`, the partial `campaign_candidates_due`,
/// `call_recordings_status`, and `work_items` (a small table).
public struct StateCounts: Sendable, Equatable {
    public var callsByStatus: [CallStatus: Int] = [:]
    /// Candidates waiting to be dialled, and those of them whose next attempt is due.
    public var candidatesQueued = 0
    public var candidatesDue = 0
    public var recordingsPending = 0
    public var workWaiting: [WorkKind: Int] = [:]

    /// Calls placed and not finished (`CallStatus.inFlight`).
    public var activeCalls: Int { CallStatus.inFlight.reduce(0) { $0 + (callsByStatus[$1] ?? 0) } }
}

extension AppDatabase {
    public func stateCounts(now: Date) async throws -> StateCounts {
        try await writer.read { db in
            var counts = StateCounts()
            for row in try Row.fetchAll(db, sql: "SELECT call_status, count(*) AS n FROM retell_calls GROUP BY call_status") {
                if let status = CallStatus(rawValue: row["call_status"]) { counts.callsByStatus[status] = row["n"] }
            }
            let queued = CandidateStatus.queued.sqlLiteral
            counts.candidatesQueued = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM campaign_candidates WHERE status = \(queued)") ?? 0
            counts.candidatesDue = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM campaign_candidates
                WHERE status = \(queued) AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                """, arguments: [now]) ?? 0
            counts.recordingsPending = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM call_recordings WHERE status = '\(RecordingStatus.pending.rawValue)'") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM work_items GROUP BY kind") {
                if let kind = WorkKind(rawValue: row["kind"]) { counts.workWaiting[kind] = row["n"] }
            }
            return counts
        }
    }
}
