import Foundation

/// When the reconciler looks at a call (DESIGN §3).
public struct ReconcileTiming: Sendable, Equatable {
    /// Silence since creation or the last event before the first look at a call Retell knows.
    public var firstCheckAfter: TimeInterval = 180
    /// Time between looks at the same call.
    public var recheckAfter: TimeInterval = 120
    /// A `dialing` row older than this lost its create request.
    public var dialingTimeout: TimeInterval = 180
    /// Time between looks at a call Retell never confirmed.
    public var unconfirmedRecheckAfter: TimeInterval = 60
    /// At most this many calls of each kind per look.
    public var callsPerLook = 200

    public init() {}
}

/// Calls the reconciler should ask Retell about.
public struct ReconcileWork: Sendable {
    /// Known to Retell, in flight or awaiting analysis, and quiet for too long.
    public var quiet: [RetellCallRecord]
    /// Never confirmed by Retell (`unknown`, or `dialing` well past the create timeout).
    public var unconfirmed: [RetellCallRecord]
}
