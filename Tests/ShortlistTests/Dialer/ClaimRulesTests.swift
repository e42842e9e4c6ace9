import Foundation
import Testing
@testable import Shortlist

@Suite("Claim rules")
struct ClaimRulesTests {
    // 2026-11-18 is a Wednesday; 17:00 UTC is 11:00 in Chicago.
    static let now = Date(timeIntervalSince1970: 1_795_021_200)
    static let limits = DialLimits(concurrency: 5, callsPerSecond: 2)

    static func schedule(start: Int = 9 * 60, end: Int = 18 * 60, days: [Weekday] = [.mon, .tue, .wed, .thu, .fri]) -> CallingSchedule? {
        CallingSchedule(candidateZone: nil, campaignZone: "America/Chicago", windowStartMinutes: start, windowEndMinutes: end, days: days)
    }

    static func context(_ change: (inout ClaimContext) -> Void = { _ in }) -> ClaimContext {
        var context = ClaimContext(
            candidate: CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: now),
            batchStatus: .inProgress, campaignStatus: .active, maxAttempts: 3, campaignConcurrency: nil,
            onDoNotCallList: false, schedule: schedule(), numberCallsInFlight: 0, callsInFlight: 0,
            campaignCallsInFlight: 0, recentCreations: 0)
        change(&context)
        return context
    }

    static func decide(_ change: (inout ClaimContext) -> Void) -> ClaimDecision {
        ClaimRules.decide(context(change), limits: limits, now: now)
    }

    @Test("A due queued candidate of a running batch, inside its hours, with a free slot is dialled")
    func dial() {
        #expect(Self.decide { _ in } == .dial)
        #expect(Self.decide { $0.candidate.nextAttemptAt = nil } == .dial)
    }

    @Test("A candidate someone else changed first, or in a batch or campaign not running, is left alone")
    func gone() {
        #expect(Self.decide { $0.candidate.status = .calling } == .skip(.gone))
        #expect(Self.decide { $0.candidate.nextAttemptAt = Self.now.addingTimeInterval(1) } == .skip(.gone))
        #expect(Self.decide { $0.batchStatus = .paused } == .skip(.gone))
        #expect(Self.decide { $0.campaignStatus = .paused } == .skip(.gone))
    }

    @Test("No attempts left finishes the candidate unreachable before any other check")
    func noAttempts() {
        #expect(Self.decide { $0.candidate.attempts = 3; $0.onDoNotCallList = true } == .finish(.unreachable, .noAttemptsLeft))
    }

    @Test("A number on the do-not-call list finishes the candidate, even outside the calling hours")
    func doNotCall() {
        #expect(Self.decide { $0.onDoNotCallList = true; $0.schedule = Self.schedule(start: 19 * 60, end: 20 * 60) }
            == .finish(.doNotCall, .doNotCall))
    }

    @Test("Outside the calling hours the candidate waits for the next opening in its zone")
    func outsideHours() throws {
        let opening = try #require(ISO8601DateFormatter().date(from: "2026-11-18T20:00:00Z"))  // 14:00 in Chicago
        #expect(Self.decide { $0.schedule = Self.schedule(start: 14 * 60, end: 18 * 60) } == .postpone(until: opening, .outsideHours))
    }

    @Test("A window that never opens, or no usable schedule, is looked at again a day later")
    func neverOpens() {
        let tomorrow = Self.now.addingTimeInterval(86_400)
        #expect(Self.decide { $0.schedule = Self.schedule(days: []) } == .postpone(until: tomorrow, .outsideHours))
        #expect(Self.decide { $0.schedule = nil } == .postpone(until: tomorrow, .outsideHours))
    }

    @Test("A number already in a call waits five minutes")
    func numberBusy() {
        #expect(Self.decide { $0.numberCallsInFlight = 1 } == .postpone(until: Self.now.addingTimeInterval(300), .numberBusy))
    }

    @Test("A full account, a full campaign or a spent per-second budget leaves the candidate queued")
    func noSlot() {
        #expect(Self.decide { $0.callsInFlight = 5 } == .skip(.noSlot))
        #expect(Self.decide { $0.callsInFlight = 4 } == .dial)
        #expect(Self.decide { $0.campaignConcurrency = 2; $0.campaignCallsInFlight = 2 } == .skip(.noSlot))
        #expect(Self.decide { $0.campaignConcurrency = 2; $0.campaignCallsInFlight = 1 } == .dial)
        #expect(Self.decide { $0.recentCreations = 2 } == .skip(.noSlot))
        #expect(Self.decide { $0.recentCreations = 1 } == .dial)
    }
}

@Suite("Safety rule")
struct SafetyRuleTests {
    @Test("Failed dials, the bad-dial reasons and errors count as bad; other endings do not")
    func badDial() {
        #expect(SafetyRule.isBadDial(status: .failed, reason: nil))
        for reason in ["dial_failed", "marked_as_spam", "invalid_destination", "error_retell", "error_unknown"] {
            #expect(SafetyRule.isBadDial(status: .notConnected, reason: reason), "\(reason)")
        }
        for reason in ["dial_no_answer", "voicemail_reached", "user_hangup", "dial_busy"] {
            #expect(!SafetyRule.isBadDial(status: .ended, reason: reason), "\(reason)")
        }
        #expect(!SafetyRule.isBadDial(status: .analyzed, reason: nil))
    }

    @Test("More than half of the last twenty dials going bad trips the rule; half does not; fewer than twenty never")
    func tripped() {
        let bad = (status: CallStatus.notConnected, reason: Optional("dial_failed"))
        let good = (status: CallStatus.analyzed, reason: Optional("user_hangup"))
        #expect(SafetyRule.tripped(Array(repeating: bad, count: 11) + Array(repeating: good, count: 9)) == 11)
        #expect(SafetyRule.tripped(Array(repeating: bad, count: 10) + Array(repeating: good, count: 10)) == nil)
        #expect(SafetyRule.tripped(Array(repeating: bad, count: 19)) == nil)
    }

    @Test("The reason tells the recruiter what happened and what to do")
    func reason() {
        #expect(SafetyRule.reason(badDials: 12) == "paused automatically: 12 of the last 20 dials failed to connect "
            + "(dial_failed, marked_as_spam, invalid_destination or an error); check the numbers and the from number, "
            + "then resume a batch")
    }
}
