import Foundation

/// The parts of a campaign candidate that its lifecycle moves; the store reads them from the row
/// and writes back what a transition returns.
public struct CandidateProgress: Sendable, Equatable {
    public var status: CandidateStatus
    public var outcome: CandidateOutcome?
    /// Attempts made, the one in flight included.
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastCallID: String?
    public var qualified: Bool?

    public init(
        status: CandidateStatus, outcome: CandidateOutcome? = nil, attempts: Int = 0, nextAttemptAt: Date? = nil,
        lastCallID: String? = nil, qualified: Bool? = nil
    ) {
        self.status = status
        self.outcome = outcome
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastCallID = lastCallID
        self.qualified = qualified
    }

    /// Still being called on `callID`: news about an older attempt changes nothing.
    public func isCalling(on callID: String) -> Bool { status == .calling && lastCallID == callID }
}

/// A change many candidates make at once (done by one SQL statement in the store).
public struct BulkCandidateTransition: Sendable, Equatable {
    public var from: [CandidateStatus]
    public var to: CandidateStatus
    /// Due at once (the transaction's time), or no due time at all.
    public var dueNow: Bool
    /// A candidate whose asked-for callback (`callback_at`) is still ahead is due then instead.
    public var keepsAskedCallback: Bool = false
}

/// Every transition a candidate can make, in one place (DESIGN §4, §5):
/// `pending → queued` (a batch takes it) `→ calling` (claimed for an attempt) `→ queued` (retry, or
/// the attempt given back) or `→ completed` (an outcome); `queued → completed` when a claim finds no
/// attempts left or the number on the do-not-call list; `queued → pending` when its batch is cancelled
/// or a claim finds no consent basis its campaign requires.
public enum CandidateLifecycle {
    /// Imported into a campaign: waiting for a batch.
    public static let imported = CandidateStatus.pending
    /// A new batch takes free candidates: queued, due at once.
    public static let queuedByBatch = BulkCandidateTransition(
        from: CandidateStatus.free, to: .queued, dueNow: true, keepsAskedCallback: true)
    /// A cancelled batch gives its queued candidates back: pending, with no due time.
    public static let cancelled = BulkCandidateTransition(from: [.queued], to: .pending, dueNow: false)

    /// Queued candidates their campaign may no longer call (it now requires a consent basis they
    /// lack): pending, no due time, no attempt spent. The store also takes them out of their batch.
    public static let releasedWithoutConsent = BulkCandidateTransition(from: [.queued], to: .pending, dueNow: false)

    /// The same for one candidate, found at the claim (`ClaimDecision.release`).
    public static func released(_ progress: CandidateProgress) -> CandidateProgress {
        var next = progress
        next.status = releasedWithoutConsent.to
        next.nextAttemptAt = nil
        return next
    }

    /// Claimed for an attempt on `callID`: calling, the attempt counted.
    public static func claimed(_ progress: CandidateProgress, callID: String) -> CandidateProgress {
        var next = progress
        next.status = .calling
        next.attempts = progress.attempts + 1
        next.lastCallID = callID
        next.nextAttemptAt = nil
        return next
    }

    /// Not dialled now (outside its calling hours, the number busy): looked at again at `date`.
    public static func postponed(_ progress: CandidateProgress, until date: Date) -> CandidateProgress {
        var next = progress
        next.nextAttemptAt = date
        return next
    }

    /// The attempt on `callID` is given back without being spent (Retell never placed the call):
    /// queued again at `retryAt`, pointing at `lastCallID` (the call before it, when its row goes).
    /// Nil when the candidate has moved on from that call.
    public static func attemptGivenBack(
        _ progress: CandidateProgress, callID: String, retryAt: Date, lastCallID: String?
    ) -> CandidateProgress? {
        guard progress.isCalling(on: callID) else { return nil }
        var next = progress
        next.attempts = max(0, progress.attempts - 1)
        next.status = .queued
        next.nextAttemptAt = retryAt
        next.lastCallID = lastCallID
        return next
    }

    /// What an attempt on `callID` decided (`Qualification`): retry at `retryAt` (worked out only
    /// for a retry), or done. A retry whose batch no longer runs (cancelled while the call was on)
    /// waits as `pending`, like the rest of that batch, for a new batch to take it. Nil when
    /// there is nothing to change yet (`wait`) or the candidate has moved on from that call.
    public static func decided(
        _ progress: CandidateProgress, _ decision: CandidateDecision, onCall callID: String,
        retryAt: @autoclosure () -> Date, batchRunning: Bool = true
    ) -> CandidateProgress? {
        guard progress.isCalling(on: callID) else { return nil }
        return applying(decision, to: progress, retryAt: retryAt, batchRunning: batchRunning)
    }

    /// Retell refused to create the call on `callID` (400/422): the attempt is spent; a refused
    /// number is a bad number, anything else is retried like a failed call (`Qualification`).
    public static func refused(
        _ progress: CandidateProgress, onCall callID: String, badNumber: Bool, maxAttempts: Int,
        retryAt: @autoclosure () -> Date, batchRunning: Bool = true
    ) -> CandidateProgress? {
        let decision = Qualification.afterRefusal(badNumber: badNumber, attempts: progress.attempts, maxAttempts: maxAttempts)
        return decided(progress, decision, onCall: callID, retryAt: retryAt(), batchRunning: batchRunning)
    }

    /// A claim found it cannot be dialled again: done as `outcome` (`unreachable` when no attempts
    /// are left, `do_not_call` when the number is on the list, which also means not qualified).
    public static func finishedAtClaim(_ progress: CandidateProgress, _ outcome: CandidateOutcome) -> CandidateProgress {
        finished(progress, outcome, qualified: outcome == .doNotCall ? false : nil)
    }

    /// When a retry falls due: `retryAfterMinutes` from `now`, moved to the next opening of the
    /// candidate's calling window when that falls outside it.
    public static func retryTime(after now: Date, retryAfterMinutes: Int, schedule: CallingSchedule?) -> Date {
        let due = now.addingTimeInterval(Double(retryAfterMinutes) * 60)
        return schedule?.nextOpening(from: due) ?? due
    }

    private static func applying(
        _ decision: CandidateDecision, to progress: CandidateProgress, retryAt: () -> Date, batchRunning: Bool
    ) -> CandidateProgress? {
        switch decision {
        case .wait:
            return nil
        case .retry where !batchRunning:
            var next = progress
            next.status = cancelled.to
            next.nextAttemptAt = nil
            return next
        case .retry:
            var next = progress
            next.status = .queued
            next.nextAttemptAt = retryAt()
            return next
        case .done(let outcome, let qualified):
            return finished(progress, outcome, qualified: qualified)
        }
    }

    private static func finished(_ progress: CandidateProgress, _ outcome: CandidateOutcome, qualified: Bool?) -> CandidateProgress {
        var next = progress
        next.status = .completed
        next.outcome = outcome
        next.qualified = qualified
        next.nextAttemptAt = nil
        return next
    }
}
