import Foundation

/// One target's answer from the post-call analysis, typed by the target's goal type.
public enum AnswerValue: Sendable, Equatable, Codable {
    case bool(Bool)
    case number(Double)
    case text(String)
}

/// The facts of a finished attempt that decide what happens to the candidate.
public struct AttemptFacts: Sendable, Equatable {
    public var status: CallStatus
    public var disconnectionReason: String?
    public var availableToWork: Bool?
    public var interested: Bool?
    public var optedOut: Bool?
    /// Target key → answer; a missing key means no answer.
    public var answers: [String: AnswerValue]
    /// Attempts made so far, this one included.
    public var attempts: Int
    public var maxAttempts: Int

    public init(
        status: CallStatus, disconnectionReason: String?, availableToWork: Bool? = nil, interested: Bool? = nil,
        optedOut: Bool? = nil, answers: [String: AnswerValue] = [:], attempts: Int, maxAttempts: Int
    ) {
        self.status = status
        self.disconnectionReason = disconnectionReason
        self.availableToWork = availableToWork
        self.interested = interested
        self.optedOut = optedOut
        self.answers = answers
        self.attempts = attempts
        self.maxAttempts = maxAttempts
    }
}

/// A candidate's final outcome in a campaign.
public enum CandidateOutcome: String, Sendable, CaseIterable, Codable {
    case qualified
    case notQualified = "not_qualified"
    case notInterested = "not_interested"
    case unreachable
    case badNumber = "bad_number"
    case doNotCall = "do_not_call"
}

/// What to do with the candidate after an attempt (DESIGN §4 "Candidate outcome").
public enum CandidateDecision: Sendable, Equatable {
    /// The attempt is not over enough to decide (e.g. ended, analysis still to come).
    case wait
    /// Call again later; attempts remain.
    case retry
    /// Done: the outcome and, when the candidate answered, whether they qualified.
    case done(CandidateOutcome, qualified: Bool?)
}

public enum Qualification {
    /// Reasons that mean nobody (or a machine) answered: worth another try.
    public static let noAnswerReasons: Set<String> = ["voicemail_reached", "dial_no_answer", "dial_busy"]
    /// Reasons that mean the number itself is wrong.
    public static let badNumberReasons: Set<String> = ["invalid_destination", "dial_failed"]

    public static func decide(_ facts: AttemptFacts, targets: [TargetSpec]) -> CandidateDecision {
        let reason = facts.disconnectionReason
        if facts.optedOut == true || reason == "user_requested_dnc" {
            return .done(.doNotCall, qualified: false)
        }
        if let reason, badNumberReasons.contains(reason) { return .done(.badNumber, qualified: nil) }
        // Nobody on the line: by Retell's reason, or by the state alone when Retell gave none.
        let noAnswer = reason.map(noAnswerReasons.contains) ?? false
        if noAnswer || facts.status == .notConnected || facts.status == .failed {
            return retryOrUnreachable(attempts: facts.attempts, maxAttempts: facts.maxAttempts)
        }
        guard facts.status == .analyzed else { return .wait }
        if reason == "user_requested_callback", facts.interested == nil, facts.attempts < facts.maxAttempts {
            return .retry
        }
        if facts.interested == false { return .done(.notInterested, qualified: false) }
        let qualified = facts.availableToWork == true && facts.interested == true
            && targets.allSatisfy { passes($0, facts.answers[$0.key]) }
        return .done(qualified ? .qualified : .notQualified, qualified: qualified)
    }

    /// Retell refused to create the call (400/422): a refused number is a bad number; anything
    /// else counts as a call that did not connect.
    public static func afterRefusal(badNumber: Bool, attempts: Int, maxAttempts: Int) -> CandidateDecision {
        badNumber ? .done(.badNumber, qualified: nil) : retryOrUnreachable(attempts: attempts, maxAttempts: maxAttempts)
    }

    /// Nobody was reached: again later while attempts remain, else done as `unreachable`.
    static func retryOrUnreachable(attempts: Int, maxAttempts: Int) -> CandidateDecision {
        attempts < maxAttempts ? .retry : .done(.unreachable, qualified: nil)
    }

    /// Whether an answer passes the target's knock-out rule; no rule always passes, no answer never does.
    public static func passes(_ target: TargetSpec, _ answer: AnswerValue?) -> Bool {
        guard let rule = target.knockout else { return true }
        guard let answer else { return false }
        switch (target.goalType, answer) {
        case (.boolean, .bool(let value)):
            return rule.equals.map { $0 == value } ?? true
        case (.number, .number(let value)):
            if let min = rule.min, value < min { return false }
            if let max = rule.max, value > max { return false }
            return true
        case (.choice, .text(let value)):
            return (rule.in ?? []).contains { $0.caseInsensitiveCompare(value) == .orderedSame }
        default:
            return false
        }
    }
}
