import Foundation

/// DESIGN §5a: when more than half of an active campaign's last 20 finished dials (since it was
/// last resumed) went bad, the campaign pauses itself with the reason shown.
public enum SafetyRule {
    /// How many of the latest finished dials are looked at.
    public static let window = 20
    /// Only our own dials are judged: a candidate's call back (inbound) says nothing about the list.
    public static let judgedDirections: [CallDirection] = [.outbound]

    /// Disconnection reasons that say the dial itself went wrong.
    public static let badDialReasons: Set<String> = ["dial_failed", "marked_as_spam", "invalid_destination"]

    /// A finished dial that went bad: it failed on our side, or Retell says it could not connect
    /// (a bad-dial reason or an error).
    public static func isBadDial(status: CallStatus, reason: String?) -> Bool {
        if status == .failed { return true }
        guard let reason else { return false }
        return badDialReasons.contains(reason) || reason.hasPrefix("error")
    }

    /// How many of `dials` (the campaign's latest finished dials, newest first) went bad, when
    /// there are `window` of them and more than half went bad; nil: no pause.
    public static func tripped(_ dials: [(status: CallStatus, reason: String?)], window: Int = window) -> Int? {
        guard dials.count == window else { return nil }
        let bad = dials.filter { isBadDial(status: $0.status, reason: $0.reason) }.count
        return bad * 2 > window ? bad : nil
    }

    /// The reason shown on the paused campaign.
    public static func reason(badDials: Int, window: Int = window) -> String {
        "paused automatically: \(badDials) of the last \(window) dials failed to connect "
            + "(dial_failed, marked_as_spam, invalid_destination or an error); check the numbers and the "
            + "from number, then resume a batch"
    }
}
