import Foundation

/// A batch's lifecycle: `in_progress` ⇄ `paused`, then `completed` (every candidate done) or
/// `cancelled`. (`preparing` is in the schema for a batch being filled; batches here are filled in
/// the transaction that creates them, so they start `in_progress`.)
public enum BatchStatus: String, Sendable, CaseIterable, Codable {
    case preparing
    case inProgress = "in_progress"
    case paused, completed, cancelled

    public var isOver: Bool { self == .completed || self == .cancelled }

    /// Cancelled while calls were in flight: each of them that ends may be the campaign's last work,
    /// so it checks whether the campaign completes.
    public var callsOutliveIt: Bool { self == .cancelled }

    /// Not over: its candidates belong to it and may not join another batch.
    public static let running: [BatchStatus] = [.preparing, .inProgress, .paused]
    /// Completed by itself once none of its candidates is queued or being called.
    public static let completable: [BatchStatus] = [.inProgress, .paused]
}

/// What a user can do to a batch.
public enum BatchAction: String, Sendable, CaseIterable {
    case pause, resume, cancel

    var pastTense: String {
        switch self {
        case .pause: "paused"
        case .resume: "resumed"
        case .cancel: "cancelled"
        }
    }
}

/// What an allowed action does to a batch and around it; the store commits it as one transaction.
public struct BatchChange: Sendable, Equatable {
    public var status: BatchStatus
    /// The reason shown beside the status (nil clears it).
    public var reason: String?
    /// The batch is over now: `completed_at` is set.
    public var ends: Bool
    /// A campaign that paused itself (or was paused) becomes active again, with a fresh safety window.
    public var reactivatesCampaign: Bool
    /// The batch's queued candidates go back to `pending` (`CandidateLifecycle.cancelled`).
    public var releasesQueuedCandidates: Bool
}

/// The batch state table: which action is allowed from which status, and what it does.
public enum BatchTransitions {
    /// A new batch is filled in the transaction that creates it, so it starts running.
    public static let started = BatchStatus.inProgress
    /// A running batch with no queued or calling candidate left completes by itself.
    public static let completion = (from: BatchStatus.completable, to: BatchStatus.completed)

    /// Why an action is refused, in words a user can act on.
    public struct NotAllowed: Error, Equatable, Sendable, CustomStringConvertible {
        public var status: BatchStatus
        public var action: BatchAction
        public var description: String { "batch is \(status.rawValue): it cannot be \(action.pastTense)" }
    }

    /// `action` on a batch in `status`, done by `actor` (a principal's label, for the reason text).
    public static func apply(_ action: BatchAction, to status: BatchStatus, by actor: String) throws(NotAllowed) -> BatchChange {
        switch (action, status) {
        case (.pause, .inProgress):
            return BatchChange(status: .paused, reason: "paused by \(actor)", ends: false,
                               reactivatesCampaign: false, releasesQueuedCandidates: false)
        case (.resume, .paused):
            return BatchChange(status: .inProgress, reason: nil, ends: false,
                               reactivatesCampaign: true, releasesQueuedCandidates: false)
        case (.cancel, .inProgress), (.cancel, .paused), (.cancel, .preparing):
            return BatchChange(status: .cancelled, reason: "cancelled by \(actor)", ends: true,
                               reactivatesCampaign: false, releasesQueuedCandidates: true)
        default:
            throw NotAllowed(status: status, action: action)
        }
    }

    /// Retell refused the account (401/402): a running batch pauses with `reason`; nil when the
    /// batch is not running.
    public static func halt(_ status: BatchStatus, reason: String) -> BatchChange? {
        guard status == .inProgress else { return nil }
        return BatchChange(status: .paused, reason: reason, ends: false, reactivatesCampaign: false,
                           releasesQueuedCandidates: false)
    }
}
