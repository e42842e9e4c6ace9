import Foundation
import GRDB

extension AppDatabase {
    /// The calls `ReconcileTiming` says are due for a look, oldest first.
    public func reconcileWork(now: Date, timing: ReconcileTiming) async throws -> ReconcileWork {
        try await writer.read { db in
            let quiet = try RetellCallRecord.fetchAll(db, sql: """
                SELECT * FROM retell_calls
                WHERE call_status IN \(CallStatus.awaitingNews.sqlList) AND retell_call_id IS NOT NULL
                  AND coalesce(last_event_at, created_at) <= ?
                  AND (last_checked_at IS NULL OR last_checked_at <= ?)
                ORDER BY created_at LIMIT ?
                """, arguments: [now.addingTimeInterval(-timing.firstCheckAfter), now.addingTimeInterval(-timing.recheckAfter),
                                 timing.callsPerLook])
            let unconfirmed = try RetellCallRecord.fetchAll(db, sql: """
                SELECT * FROM retell_calls
                WHERE (call_status = \(CallStatus.unknown.sqlLiteral) OR (call_status = \(CallStatus.dialing.sqlLiteral) AND created_at <= ?))
                  AND (last_checked_at IS NULL OR last_checked_at <= ?)
                ORDER BY created_at LIMIT ?
                """, arguments: [now.addingTimeInterval(-timing.dialingTimeout), now.addingTimeInterval(-timing.unconfirmedRecheckAfter),
                                 timing.callsPerLook])
            return ReconcileWork(quiet: quiet, unconfirmed: unconfirmed)
        }
    }

    /// Applies what Retell said about a call, like a webhook would, and notes the look.
    func applyReconciled(
        callID: String, retellCallID: String, update: @escaping @Sendable (CallContext) -> CallChanges
    ) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var context = try callContext(retellCallID: nil, ourID: callID, db) else { return nil }
            context.call.retellCallID = context.call.retellCallID ?? retellCallID
            var changes = update(context)
            // A look is not an event: the call stays "quiet", so it is looked at again in 2 minutes.
            changes.call.lastEventAt = context.call.lastEventAt
            changes.call.lastCheckedAt = now
            return try commitCallChanges(changes, from: context.call.status, db)
        }
    }

    /// Notes that the reconciler looked and found nothing new.
    public func markChecked(callID: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(sql: "UPDATE retell_calls SET last_checked_at = ? WHERE id = ?", arguments: [now, callID])
        }
    }

    /// A call Retell never placed: the row fails with `reason`, and the attempt is given back to the
    /// candidate (queued again now) without being spent.
    public func releaseUnplacedCall(callID: String, reason: String) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID), let failed = CallLifecycle.released(call.status)
            else { return nil }
            let previous = call.status
            call.status = failed
            call.lastError = reason
            call.lastCheckedAt = now
            call.updatedAt = now
            var candidate = try CampaignCandidateRecord.fetchOne(db, key: call.campaignCandidateID)
            if var row = candidate, let givenBack = CandidateLifecycle.attemptGivenBack(
                row.progress, callID: call.id, retryAt: now, lastCallID: call.id) {
                row.progress = givenBack
                row.updatedAt = now
                candidate = row
            } else {
                candidate = nil
            }
            let applied = try commitCallChanges(CallChanges(call: call, analysis: nil, candidate: candidate, doNotCall: nil), from: previous, db)
            try audit(db, .system, "call.release", subjectType: "call", subjectID: call.id, detail: ["reason": reason])
            return applied
        }
    }
}
