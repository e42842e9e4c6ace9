import Foundation

/// What the claim transaction read about one queued candidate, right before a dial.
public struct ClaimContext: Sendable {
    public var candidate: CandidateProgress
    public var batchStatus: BatchStatus
    public var campaignStatus: CampaignStatus
    public var maxAttempts: Int
    /// The campaign's own cap on calls in flight (nil: only the account's limit).
    public var campaignConcurrency: Int?
    public var onDoNotCallList: Bool
    /// The candidate's calling schedule (nil: no usable zone or window).
    public var schedule: CallingSchedule?
    /// Calls to the same number in flight.
    public var numberCallsInFlight: Int
    /// Calls in flight across the account, and in this campaign.
    public var callsInFlight: Int
    public var campaignCallsInFlight: Int
    /// Calls created within the last rate window (`DialLimits.window`).
    public var recentCreations: Int
    /// The campaign dials only candidates with a consent basis, and whether this one has one.
    public var requiresConsent = false
    public var hasConsentBasis = true
}

/// What to do with the candidate now.
public enum ClaimDecision: Sendable, Equatable {
    /// Dial: the attempt is claimed (`CandidateLifecycle.claimed`) and the call row created.
    case dial
    /// Not dialled, nothing changes (someone else changed it first, or no slot is free now).
    case skip(ClaimSkip)
    /// Not dialled now: looked at again at `until`.
    case postpone(until: Date, ClaimSkip)
    /// It will never be dialled again: done with `outcome`.
    case finish(CandidateOutcome, ClaimSkip)
    /// Not dialled by this batch: back to `pending` and out of the batch, no attempt spent
    /// (`CandidateLifecycle.released`); a later batch may take it.
    case release(ClaimSkip)
}

/// The dialing checks made right before every dial (DESIGN §5, §5a), in order: the candidate,
/// its batch and campaign still running, attempts left, the do-not-call list, a consent basis when
/// the campaign requires one (checked here too, so a candidate queued before the setting was
/// turned on, or whose consent was cleared, is never dialled), the calling window
/// in the candidate's zone, no other call to the number in flight, a free slot in the account and
/// the campaign, the per-second budget.
public enum ClaimRules {
    /// How long a candidate whose number is busy waits before the next look.
    public static let numberBusyDelay: TimeInterval = 300
    /// How long a candidate whose window never opens waits before the next look.
    public static let neverOpensDelay: TimeInterval = 86_400

    public static func decide(_ context: ClaimContext, limits: DialLimits, now: Date) -> ClaimDecision {
        let candidate = context.candidate
        guard candidate.status == .queued, candidate.nextAttemptAt.map({ $0 <= now }) ?? true,
              context.batchStatus == .inProgress, context.campaignStatus == .active
        else { return .skip(.gone) }
        if candidate.attempts >= context.maxAttempts { return .finish(.unreachable, .noAttemptsLeft) }
        if context.onDoNotCallList { return .finish(.doNotCall, .doNotCall) }
        if context.requiresConsent && !context.hasConsentBasis { return .release(.noConsent) }
        guard let schedule = context.schedule, schedule.isOpen(at: now) else {
            // A window that never opens (clipped to nothing) is looked at again daily.
            let opening = context.schedule?.nextOpening(from: now) ?? now.addingTimeInterval(neverOpensDelay)
            return .postpone(until: opening, .outsideHours)
        }
        if context.numberCallsInFlight > 0 { return .postpone(until: now.addingTimeInterval(numberBusyDelay), .numberBusy) }
        guard context.callsInFlight < limits.concurrency,
              context.campaignCallsInFlight < (context.campaignConcurrency ?? .max),
              context.recentCreations < limits.perWindow
        else { return .skip(.noSlot) }
        return .dial
    }
}
