import Foundation

/// What the store found about a number that calls a campaign number (DESIGN §8 "Follow-ups").
public struct InboundFacts: Sendable, Equatable {
    /// The number is on the do-not-call list.
    public var onDoNotCallList: Bool
    /// The newest campaign that called this number and still has an agent (nil: none did, or the
    /// number is nobody's).
    public var campaignStatus: CampaignStatus?
    /// The candidate's outcome in that campaign, when they are done.
    public var outcome: CandidateOutcome?

    public init(onDoNotCallList: Bool, campaignStatus: CampaignStatus?, outcome: CandidateOutcome? = nil) {
        self.onDoNotCallList = onDoNotCallList
        self.campaignStatus = campaignStatus
        self.outcome = outcome
    }
}

/// Why a caller does not reach a campaign's agent.
public enum InboundDecline: String, Sendable, Equatable, CaseIterable {
    /// No campaign with an agent ever called this number.
    case unknownCaller = "unknown_caller"
    /// The number is on the do-not-call list.
    case doNotCall = "do_not_call"
    /// The campaign that called them is archived (read-only).
    case archived = "campaign_archived"
    /// The candidate asked not to be called (done as `do_not_call`).
    case optedOut = "opted_out"
}

/// Whether a call from a number reaches its campaign's agent, or the number's default agent.
public enum InboundRoute: Sendable, Equatable {
    /// Answer with the campaign's agent, variables and metadata; the call is an inbound attempt.
    case campaignAgent
    /// Answer with no override: Retell's default agent for the number takes the call, nothing
    /// about the caller is in the answer, and nothing is recorded but an audit row.
    case decline(InboundDecline)
}

public enum InboundRouting {
    /// The do-not-call list and an opt-out come first, whatever the campaign; then only a
    /// campaign that can still take calls (not archived) answers.
    public static func route(_ facts: InboundFacts) -> InboundRoute {
        if facts.onDoNotCallList { return .decline(.doNotCall) }
        guard let status = facts.campaignStatus else { return .decline(.unknownCaller) }
        if facts.outcome == .doNotCall { return .decline(.optedOut) }
        guard status.isEditable else { return .decline(.archived) }
        return .campaignAgent
    }
}

extension CandidateLifecycle {
    /// Outcomes an inbound call can give: the candidate was on the line.
    static let answeredOutcomes: Set<CandidateOutcome> = [.qualified, .notQualified, .notInterested, .doNotCall]

    /// What an inbound call on `callID` (the candidate called back) decided. It spends no attempt
    /// and only a conversation changes the candidate: an answered outcome finishes them as any
    /// answered call does, pointing at this call. A call without one (hung up while ringing,
    /// no analysis yet) leaves them where they were, queued retries included. Nil when nothing
    /// changes, or while the candidate is being called on another attempt (that attempt decides).
    public static func calledBack(
        _ progress: CandidateProgress, _ decision: CandidateDecision, onCall callID: String
    ) -> CandidateProgress? {
        guard progress.status != .calling,
              case .done(let outcome, let qualified) = decision, answeredOutcomes.contains(outcome)
        else { return nil }
        var next = progress
        next.status = .completed
        next.outcome = outcome
        next.qualified = qualified
        next.nextAttemptAt = nil
        next.lastCallID = callID
        return next == progress ? nil : next
    }
}

extension CallLifecycle {
    /// A candidate's call that reaches their campaign's agent starts `dialing`, like a claimed
    /// one: it holds a slot and the number, until `call_started` moves it on, and a call Retell
    /// never reports is found (or released) by the reconciler by its metadata.
    public static let calledBack = CallStatus.dialing
}
