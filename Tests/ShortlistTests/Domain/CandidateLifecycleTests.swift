import Foundation
import Testing
@testable import Shortlist

@Suite("Candidate lifecycle")
struct CandidateLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let later = now.addingTimeInterval(7_200)

    static func calling(on callID: String = "call-2", attempts: Int = 2) -> CandidateProgress {
        CandidateProgress(status: .calling, attempts: attempts, lastCallID: callID)
    }

    @Test("A claimed candidate is calling on the new call with the attempt counted and no due time")
    func claimed() {
        let queued = CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.now, lastCallID: "call-1")
        let next = CandidateLifecycle.claimed(queued, callID: "call-2")
        #expect(next == CandidateProgress(status: .calling, attempts: 2, nextAttemptAt: nil, lastCallID: "call-2"))
    }

    @Test("A postponed candidate stays queued and only its due time moves")
    func postponed() {
        let queued = CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.now, lastCallID: "call-1")
        let next = CandidateLifecycle.postponed(queued, until: Self.later)
        #expect(next == CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.later, lastCallID: "call-1"))
    }

    @Test("An attempt given back is queued again unspent, pointing at the call named")
    func givenBack() throws {
        let next = try #require(CandidateLifecycle.attemptGivenBack(
            Self.calling(), callID: "call-2", retryAt: Self.later, lastCallID: "call-1"))
        #expect(next == CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.later, lastCallID: "call-1"))
    }

    @Test("An attempt given back never makes the count negative")
    func givenBackFloor() throws {
        let next = try #require(CandidateLifecycle.attemptGivenBack(
            Self.calling(attempts: 0), callID: "call-2", retryAt: Self.now, lastCallID: nil))
        #expect(next.attempts == 0)
    }

    @Test("News about an older attempt changes nothing: the candidate has moved on from that call")
    func olderAttempt() {
        #expect(CandidateLifecycle.attemptGivenBack(Self.calling(), callID: "call-1", retryAt: Self.now, lastCallID: nil) == nil)
        #expect(CandidateLifecycle.decided(Self.calling(), .retry, onCall: "call-1", retryAt: Self.later) == nil)
        let completed = CandidateProgress(status: .completed, outcome: .qualified, attempts: 2, lastCallID: "call-2", qualified: true)
        #expect(CandidateLifecycle.decided(completed, .retry, onCall: "call-2", retryAt: Self.later) == nil)
    }

    @Test("A retry queues the candidate at the retry time")
    func retry() throws {
        let next = try #require(CandidateLifecycle.decided(Self.calling(), .retry, onCall: "call-2", retryAt: Self.later))
        #expect(next == CandidateProgress(status: .queued, attempts: 2, nextAttemptAt: Self.later, lastCallID: "call-2"))
    }

    @Test("A decision that waits changes nothing and never works out a retry time")
    func wait() {
        var asked = false
        func retryAt() -> Date { asked = true; return Self.later }
        #expect(CandidateLifecycle.decided(Self.calling(), .wait, onCall: "call-2", retryAt: retryAt()) == nil)
        #expect(CandidateLifecycle.decided(Self.calling(), .done(.qualified, qualified: true), onCall: "call-2", retryAt: retryAt()) != nil)
        #expect(!asked)
    }

    @Test("A done decision completes the candidate with its outcome and qualification")
    func done() throws {
        let next = try #require(CandidateLifecycle.decided(
            Self.calling(), .done(.notQualified, qualified: false), onCall: "call-2", retryAt: Self.later))
        #expect(next == CandidateProgress(status: .completed, outcome: .notQualified, attempts: 2, lastCallID: "call-2", qualified: false))
    }

    @Test("A number Retell refuses ends the candidate as bad_number")
    func refusedNumber() throws {
        let next = try #require(CandidateLifecycle.refused(
            Self.calling(), onCall: "call-2", badNumber: true, maxAttempts: 3, retryAt: Self.later))
        #expect(next.status == .completed)
        #expect(next.outcome == .badNumber)
        #expect(next.qualified == nil)
    }

    @Test("Another refusal is retried while attempts remain and ends as unreachable after the last")
    func refusedOther() throws {
        let retried = try #require(CandidateLifecycle.refused(
            Self.calling(attempts: 2), onCall: "call-2", badNumber: false, maxAttempts: 3, retryAt: Self.later))
        #expect(retried == CandidateProgress(status: .queued, attempts: 2, nextAttemptAt: Self.later, lastCallID: "call-2"))
        let spent = try #require(CandidateLifecycle.refused(
            Self.calling(attempts: 3), onCall: "call-2", badNumber: false, maxAttempts: 3, retryAt: Self.later))
        #expect(spent.status == .completed)
        #expect(spent.outcome == .unreachable)
        #expect(spent.nextAttemptAt == nil)
    }

    @Test("The refusal rule is Qualification's: the same decision as a call that did not connect")
    func refusalMatchesQualification() {
        for attempts in 1...3 {
            let facts = AttemptFacts(status: .notConnected, disconnectionReason: "dial_no_answer", attempts: attempts, maxAttempts: 3)
            #expect(Qualification.afterRefusal(badNumber: false, attempts: attempts, maxAttempts: 3)
                == Qualification.decide(facts, targets: []))
        }
    }

    @Test("A retry whose batch was cancelled meanwhile waits as pending, with no due time; an outcome is kept as it is")
    func retryAfterBatchEnded() throws {
        let waiting = try #require(CandidateLifecycle.decided(
            Self.calling(attempts: 1), .retry, onCall: "call-2", retryAt: Self.later, batchRunning: false))
        #expect(waiting == CandidateProgress(status: .pending, attempts: 1, lastCallID: "call-2"))
        let done = try #require(CandidateLifecycle.decided(
            Self.calling(attempts: 1), .done(.qualified, qualified: true), onCall: "call-2", retryAt: Self.later, batchRunning: false))
        #expect(done.status == .completed)
        #expect(done.outcome == .qualified)
        let refused = try #require(CandidateLifecycle.refused(
            Self.calling(attempts: 1), onCall: "call-2", badNumber: false, maxAttempts: 3, retryAt: Self.later, batchRunning: false))
        #expect(refused.status == .pending)
    }

    @Test("A call that failed or did not connect without a reason from Retell ends unreachable after the last attempt")
    func noReasonSpendsAttempts() {
        for status in [CallStatus.notConnected, .failed] {
            let early = AttemptFacts(status: status, disconnectionReason: nil, attempts: 1, maxAttempts: 3)
            #expect(Qualification.decide(early, targets: []) == .retry)
            let last = AttemptFacts(status: status, disconnectionReason: nil, attempts: 3, maxAttempts: 3)
            #expect(Qualification.decide(last, targets: []) == .done(.unreachable, qualified: nil))
        }
        let ended = AttemptFacts(status: .ended, disconnectionReason: nil, attempts: 3, maxAttempts: 3)
        #expect(Qualification.decide(ended, targets: []) == .wait)
    }

    @Test("A claim that finds the number on the do-not-call list ends the candidate not qualified")
    func finishedDoNotCall() {
        let queued = CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: Self.now)
        let next = CandidateLifecycle.finishedAtClaim(queued, .doNotCall)
        #expect(next == CandidateProgress(status: .completed, outcome: .doNotCall, attempts: 1, qualified: false))
    }

    @Test("A claim that finds no attempts left ends the candidate unreachable, qualification unknown")
    func finishedUnreachable() {
        let queued = CandidateProgress(status: .queued, attempts: 3, nextAttemptAt: Self.now)
        let next = CandidateLifecycle.finishedAtClaim(queued, .unreachable)
        #expect(next == CandidateProgress(status: .completed, outcome: .unreachable, attempts: 3, qualified: nil))
    }

    @Test("A new batch queues free candidates due at once; a cancelled one sends queued ones back to pending")
    func bulk() {
        #expect(CandidateLifecycle.queuedByBatch == BulkCandidateTransition(
            from: [.pending, .queued], to: .queued, dueNow: true, keepsAskedCallback: true))
        #expect(CandidateLifecycle.cancelled == BulkCandidateTransition(from: [.queued], to: .pending, dueNow: false))
    }

    @Test("A retry falls due after the campaign's delay, moved to the next opening of the calling window")
    func retryTime() throws {
        // 2026-11-18 is a Wednesday; 17:00 UTC is 11:00 in Chicago.
        let noon = try #require(ISO8601DateFormatter().date(from: "2026-11-18T17:00:00Z"))
        let schedule = try #require(CallingSchedule(
            candidateZone: nil, campaignZone: "America/Chicago", windowStartMinutes: 9 * 60, windowEndMinutes: 18 * 60,
            days: [.mon, .tue, .wed, .thu, .fri]))
        #expect(CandidateLifecycle.retryTime(after: noon, retryAfterMinutes: 120, schedule: schedule)
            == noon.addingTimeInterval(7_200))
        let evening = noon.addingTimeInterval(6 * 3_600)  // 17:00 in Chicago: + 2 h is past 18:00
        #expect(CandidateLifecycle.retryTime(after: evening, retryAfterMinutes: 120, schedule: schedule)
            == ISO8601DateFormatter().date(from: "2026-11-19T15:00:00Z"))
        #expect(CandidateLifecycle.retryTime(after: noon, retryAfterMinutes: 30, schedule: nil) == noon.addingTimeInterval(1_800))
    }
}
