import Foundation

/// What a callback the candidate asked for changes about an attempt's decision.
public struct CallbackPlan: Sendable, Equatable {
    /// The decision to apply (a retry when the callback re-queues the candidate).
    public var decision: CandidateDecision
    /// When the retry falls due, when it is the callback (nil: the usual retry time).
    public var retryAt: Date?
    /// Whether this attempt says anything about callbacks: an answered call sets or clears the
    /// candidate's `callback_at`; an unanswered one, an opt-out or a bad number leaves it alone.
    public var touchesCallback: Bool
    /// The candidate's `callback_at` after this attempt, when `touchesCallback`.
    public var callbackAt: Date?
}

/// The follow-up rule (DESIGN §8; ARCHITECTURE.md "Calls"): an answered call whose `callback_at`
/// is usable (`CallbackRule`) re-queues the candidate at that time while attempts remain, when the
/// call ended without a verdict: Qualification already chose a retry (Retell's
/// `user_requested_callback` before the candidate said whether they are interested), or the
/// candidate gave none of the facts (neither availability, interest nor any target's answer). A
/// call that reached a verdict (qualified, not qualified on facts given, not interested) keeps it:
/// the callback time is recorded for the shortlist and the recruiter, not dialled. With no
/// attempts left the time is recorded and nobody is dialled. A later answered call replaces or
/// clears it; an opt-out or a bad number is never called back.
public enum CallbackFollowUp {
    public static func plan(
        _ decision: CandidateDecision, facts: AttemptFacts, callback: CallbackTime
    ) -> CallbackPlan {
        var plan = CallbackPlan(decision: decision, retryAt: nil, touchesCallback: false, callbackAt: nil)
        guard answered(facts) else { return plan }
        switch decision {
        case .wait, .done(.doNotCall, _), .done(.badNumber, _):
            return plan
        default:
            break
        }
        plan.touchesCallback = true
        guard let time = callback.date else { return plan }
        plan.callbackAt = time
        guard facts.attempts < facts.maxAttempts else { return plan }
        switch decision {
        case .retry:
            plan.retryAt = time
        case .done where !gaveFacts(facts):
            plan.decision = .retry
            plan.retryAt = time
        default:
            break
        }
        return plan
    }

    /// Someone talked: the call was analysed and did not end as no answer, voicemail or a bad number.
    static func answered(_ facts: AttemptFacts) -> Bool {
        guard facts.status == .analyzed else { return false }
        guard let reason = facts.disconnectionReason else { return true }
        return !Qualification.noAnswerReasons.contains(reason) && !Qualification.badNumberReasons.contains(reason)
    }

    /// Whether the candidate told the agent anything the campaign judges on.
    static func gaveFacts(_ facts: AttemptFacts) -> Bool {
        facts.availableToWork != nil || facts.interested != nil || !facts.answers.isEmpty
    }
}
