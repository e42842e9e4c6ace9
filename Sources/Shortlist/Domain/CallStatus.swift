/// Our state of one call attempt. It only moves forward: `dialing → registered → ongoing → ended →
/// analyzed`, with `not_connected` and `failed` as ends; `unknown` is a `dialing` whose create
/// request has no answer (crash, timeout) until the reconciler decides.
public enum CallStatus: String, Sendable, CaseIterable, Codable {
    case dialing, unknown, registered, ongoing, ended, analyzed
    case notConnected = "not_connected"
    case failed

    /// How far along the call is; a state never gives way to one of lower rank.
    var rank: Int {
        switch self {
        case .dialing, .unknown: 0
        case .registered: 1
        case .ongoing: 2
        case .ended: 3
        case .analyzed, .notConnected, .failed: 4
        }
    }

    /// No further state change: the attempt is over.
    public var isFinal: Bool { rank == 4 }

    /// Whether a change from `previous` to `next` is the moment the call ended (reached `ended`
    /// or one of the final states from a state before them): the audit log's `call.ended`.
    public static func endsHere(from previous: CallStatus, to next: CallStatus) -> Bool {
        previous.rank < CallStatus.ended.rank && next.rank >= CallStatus.ended.rank
    }

    /// Holding (or maybe holding) one of the account's concurrent-call slots.
    public static let inFlight: [CallStatus] = [.dialing, .unknown, .registered, .ongoing]
    /// Over: the attempt ended one way or the other.
    public static let finished: [CallStatus] = [.ended, .analyzed, .notConnected, .failed]
    /// Over with someone (or a machine) on the line: a batch's completed calls.
    public static let connected: [CallStatus] = [.ended, .analyzed]
    /// Over without a connection: a batch's failed calls.
    public static let notConnectedOrFailed: [CallStatus] = [.notConnected, .failed]
    /// Known to Retell and still to report something (its end or its analysis): the reconciler
    /// asks about these when they fall quiet.
    public static let awaitingNews: [CallStatus] = [.registered, .ongoing, .ended]
    /// Placed by Retell and over (not our own failures): what a call usually takes, for estimates.
    public static let placedAndFinished: [CallStatus] = [.ended, .analyzed, .notConnected]
    /// Never confirmed by Retell: the create request's answer is missing.
    public static let unconfirmed: [CallStatus] = [.dialing, .unknown]

    public var isInFlight: Bool { Self.inFlight.contains(self) }

    /// Where a call in this state goes when Retell reports `observed`; never backwards, and a
    /// final state stays as it is.
    public func advanced(to observed: CallStatus) -> CallStatus {
        guard !isFinal, observed.rank > rank else { return self }
        return observed
    }
}

/// What one piece of news from Retell (a webhook or a get-call answer) says about the call's state.
public enum CallObservation {
    /// Maps Retell's `event` and `call.call_status` to our state. Unknown events observe nothing.
    public static func status(event: String?, retellStatus: String?, hasAnalysis: Bool) -> CallStatus? {
        let reported: CallStatus? = switch retellStatus {
        case "registered": .registered
        case "ongoing": .ongoing
        case "ended": .ended
        case "not_connected": .notConnected
        case "error": .failed
        default: nil
        }
        switch event {
        case "call_started":
            return reported.map { $0.rank > CallStatus.ongoing.rank ? $0 : .ongoing } ?? .ongoing
        case "call_ended":
            // Some payloads still say "registered"/"ongoing" on call_ended: the event wins.
            guard let reported, reported.rank >= CallStatus.ended.rank else { return .ended }
            return reported
        case "call_analyzed":
            if reported == .notConnected || reported == .failed { return reported }
            return .analyzed
        case nil:
            // A get-call answer: the status as reported, analyzed once the analysis is there.
            if reported == .ended && hasAnalysis { return .analyzed }
            return reported
        default:
            return nil
        }
    }
}
