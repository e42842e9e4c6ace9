import Foundation
import Testing
@testable import Shortlist

@Suite("Callback follow-up")
struct CallbackFollowUpTests {
    static let now = Date(timeIntervalSince1970: 1_795_021_200)
    static let asked = now.addingTimeInterval(26 * 3_600)
    static let usualRetry = now.addingTimeInterval(3_600)
    static let targets = [TargetSpec(key: "has_license", name: "Licence", description: "", goalType: .boolean, knockout: nil)]

    static func facts(
        reason: String? = "user_hangup", available: Bool? = nil, interested: Bool? = nil, optedOut: Bool? = nil,
        answers: [String: AnswerValue] = [:], attempts: Int = 1, status: CallStatus = .analyzed
    ) -> AttemptFacts {
        AttemptFacts(status: status, disconnectionReason: reason, availableToWork: available, interested: interested,
                     optedOut: optedOut, answers: answers, attempts: attempts, maxAttempts: 3)
    }

    /// What the candidate becomes after `facts` with `callback`: the plan, then the lifecycle.
    static func after(_ facts: AttemptFacts, _ callback: CallbackTime) -> (CandidateProgress?, CallbackPlan) {
        let plan = CallbackFollowUp.plan(Qualification.decide(facts, targets: targets), facts: facts, callback: callback)
        let calling = CandidateProgress(status: .calling, attempts: facts.attempts, lastCallID: "call-1")
        let next = CandidateLifecycle.decided(calling, plan.decision, onCall: "call-1", retryAt: plan.retryAt ?? usualRetry)
        return (next, plan)
    }

    @Test("Retell's user_requested_callback with no facts re-queues the candidate at the asked time and records it")
    func requestedCallback() throws {
        let (next, plan) = Self.after(Self.facts(reason: "user_requested_callback"), .at(Self.asked))
        #expect(next == CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.asked, lastCallID: "call-1"))
        #expect(plan.touchesCallback && plan.callbackAt == Self.asked)
    }

    @Test("A call that ended with no facts given but a callback time (agent hung up) is re-queued at that time, not judged")
    func noFactsAnyReason() throws {
        let (next, _) = Self.after(Self.facts(reason: "agent_hangup"), .at(Self.asked))
        #expect(next?.status == .queued)
        #expect(next?.nextAttemptAt == Self.asked)
        #expect(next?.outcome == nil)
    }

    @Test("A qualified answer with a callback keeps its outcome: the time is recorded for the recruiter, nobody is re-dialled")
    func qualifiedKeepsOutcome() throws {
        let facts = Self.facts(available: true, interested: true, answers: ["has_license": .bool(true)])
        let (next, plan) = Self.after(facts, .at(Self.asked))
        #expect(next?.status == .completed)
        #expect(next?.outcome == .qualified)
        #expect(next?.nextAttemptAt == nil)
        #expect(plan.callbackAt == Self.asked)
    }

    @Test("A not-interested answer with a callback stays not interested, with the time recorded")
    func notInterestedKeepsOutcome() throws {
        let (next, plan) = Self.after(Self.facts(interested: false), .at(Self.asked))
        #expect(next?.outcome == .notInterested)
        #expect(plan.callbackAt == Self.asked)
    }

    @Test("With no attempts left the callback is recorded and nobody is dialled")
    func attemptsSpent() throws {
        let (next, plan) = Self.after(Self.facts(reason: "user_requested_callback", attempts: 3), .at(Self.asked))
        #expect(next?.status == .completed)
        #expect(next?.nextAttemptAt == nil)
        #expect(plan.callbackAt == Self.asked)
    }

    @Test("An opt-out or a bad number is never called back and leaves the callback alone")
    func doneForGood() throws {
        let (optOut, optOutPlan) = Self.after(Self.facts(reason: "user_requested_dnc", optedOut: true), .at(Self.asked))
        #expect(optOut?.outcome == .doNotCall)
        #expect(!optOutPlan.touchesCallback)
        let (bad, badPlan) = Self.after(Self.facts(reason: "invalid_destination"), .at(Self.asked))
        #expect(bad?.outcome == .badNumber)
        #expect(!badPlan.touchesCallback)
    }

    @Test("An unanswered attempt (voicemail, no answer) retries as usual and leaves the callback alone")
    func unanswered() throws {
        let (voicemail, plan) = Self.after(Self.facts(reason: "voicemail_reached"), .at(Self.asked))
        #expect(voicemail?.nextAttemptAt == Self.usualRetry)
        #expect(!plan.touchesCallback)
        let (noAnswer, _) = Self.after(Self.facts(reason: "dial_no_answer", status: .notConnected), .notAsked)
        #expect(noAnswer?.nextAttemptAt == Self.usualRetry)
    }

    @Test("A later answered call without a callback clears the one recorded; an unusable time clears it and retries as usual")
    func clears() throws {
        let facts = Self.facts(available: true, interested: true, answers: ["has_license": .bool(true)])
        let (_, answered) = Self.after(facts, .notAsked)
        #expect(answered.touchesCallback && answered.callbackAt == nil)
        let (next, past) = Self.after(Self.facts(reason: "user_requested_callback"), .unusable(.past))
        #expect(next?.nextAttemptAt == Self.usualRetry)
        #expect(past.touchesCallback && past.callbackAt == nil)
    }

    @Test("A call not analysed yet decides nothing")
    func waits() throws {
        let (next, plan) = Self.after(Self.facts(status: .ended), .at(Self.asked))
        #expect(next == nil)
        #expect(!plan.touchesCallback)
    }
}
