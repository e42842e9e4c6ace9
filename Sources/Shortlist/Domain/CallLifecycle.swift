/// The changes our side makes to a call's state; Retell's news moves it through
/// `CallStatus.advanced(to:)`. Each returns nil when the call is no longer in a state the change
/// applies to.
public enum CallLifecycle {
    /// Claimed: a new attempt starts `dialing`, before the create request is sent.
    public static let claimed = CallStatus.dialing

    /// Retell accepted the create request: `registered`, unless news got further first.
    public static func placed(_ status: CallStatus) -> CallStatus { status.advanced(to: .registered) }

    /// Retell refused the create request (400/422): a call still `dialing` fails.
    public static func refused(_ status: CallStatus) -> CallStatus? { status == .dialing ? .failed : nil }

    /// Retell did not create the call (429, 401, 402): a call still `dialing` is withdrawn (its row
    /// goes, and the attempt is given back).
    public static func canWithdraw(_ status: CallStatus) -> Bool { status == .dialing }

    /// The create request got no answer (5xx, timeout), or the process stopped before it did: a
    /// call still `dialing` becomes `unknown` until the reconciler decides.
    public static func unanswered(_ status: CallStatus) -> CallStatus? { status == .dialing ? .unknown : nil }
    public static let interrupted = (from: CallStatus.dialing, to: CallStatus.unknown)

    /// The reconciler found no such call at Retell: a call never confirmed fails (and the attempt is
    /// given back).
    public static func released(_ status: CallStatus) -> CallStatus? {
        CallStatus.unconfirmed.contains(status) ? .failed : nil
    }
}
