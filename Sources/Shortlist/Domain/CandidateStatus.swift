import Foundation

/// Where a candidate stands in a campaign: `pending` (imported, in no running batch), `queued`
/// (waiting for a dial in a batch), `calling` (an attempt is in flight), `completed` (done, with an
/// outcome). Every change of it is made by `CandidateLifecycle`.
public enum CandidateStatus: String, Sendable, CaseIterable, Codable {
    case pending, queued, calling, completed

    /// Not done and not being called: may join a new batch (when not in a running one).
    public static let free: [CandidateStatus] = [.pending, .queued]
    /// Still to be dialled or being dialled: a batch holding one is not finished.
    public static let open: [CandidateStatus] = [.queued, .calling]
    /// Done with this campaign: what a batch's progress counts.
    public static let finished: [CandidateStatus] = [.completed]
    /// Every status but `completed`.
    public static let notDone: [CandidateStatus] = [.pending, .queued, .calling]
}
