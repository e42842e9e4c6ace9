import Foundation

// What the dialer and the store's claim transaction say to each other.

/// The limits a claim is checked against, inside its transaction.
public struct DialLimits: Sendable, Equatable {
    /// The account's concurrent-call limit (`[retell] concurrency`).
    public var concurrency: Int
    /// At most `perWindow` creations in any `window` seconds: `[retell] max_calls_per_second`
    /// as whole calls (2/s → 2 in 1 s; 0.5/s → 1 in 2 s).
    public var perWindow: Int
    public var window: TimeInterval

    public init(concurrency: Int, callsPerSecond: Double) {
        self.concurrency = concurrency
        let rate = callsPerSecond.isFinite && callsPerSecond > 0 ? callsPerSecond : 1
        window = max(1, 1 / rate)
        perWindow = max(1, Int((rate * window).rounded(.down)))
    }
}

/// A queued candidate the dialer may try to claim.
public struct DueCandidate: Sendable, Equatable {
    public var campaignCandidateID: String
    public var campaignID: String
}

/// A claimed attempt: the committed `dialing` row and what create-phone-call needs.
public struct ClaimedCall: Sendable, Equatable {
    public var call: RetellCallRecord
    public var candidateID: String
    public var fullName: String
    public var fromNumber: String
    public var job: JobRecord
    /// The zone the candidate is called in (theirs, else the campaign's), for the `today` variable.
    public var zone: TimeZone? = nil
}

/// Why a due candidate was not dialled.
public enum ClaimSkip: String, Sendable, CaseIterable {
    /// The account or the campaign has no free slot, or the per-second budget is spent.
    case noSlot = "no_slot"
    /// Outside the calling window in the candidate's zone: moved to the next opening.
    case outsideHours = "outside_hours"
    /// The number is on the do-not-call list: the candidate is done as `do_not_call`.
    case doNotCall = "do_not_call"
    /// Another call to the same number is in flight: tried again a little later.
    case numberBusy = "number_in_flight"
    /// No attempts left: the candidate is done as `unreachable`.
    case noAttemptsLeft = "no_attempts_left"
    /// The campaign requires a consent basis and the candidate has none: back to pending, out of the batch.
    case noConsent = "no_consent"
    /// Someone else claimed or changed it first (batch paused, campaign paused, no agent).
    case gone
}

public enum ClaimResult: Sendable, Equatable {
    case claimed(ClaimedCall)
    case skipped(ClaimSkip)
}

/// What the dialer needs to know to sleep well: when something becomes due.
public struct DialerOutlook: Sendable, Equatable {
    public var inFlight: Int
    /// The earliest `next_attempt_at` among queued candidates of running batches in active campaigns.
    public var nextDue: Date?
    /// Creations in the last rate window, oldest first.
    public var recentCreations: [Date]
}
