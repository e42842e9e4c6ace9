/// Every change of a campaign's status: a batch starting makes it `active` (from any status but
/// `archived`, so a `completed` campaign calls again), a batch resuming makes a `paused` one
/// `active` again, the safety rule pauses an `active` one, the end of its last running batch
/// completes it, and a user archives it (read-only from then on).
public enum CampaignLifecycle {
    /// A new campaign: edited freely until it is archived.
    public static let created = CampaignStatus.draft

    /// A batch starts: the campaign calls. Nil when its status no longer allows calling.
    public static func batchStarted(_ status: CampaignStatus) -> CampaignStatus? {
        status.isEditable ? .active : nil
    }

    /// A batch resumes: a campaign in `resumedFrom` becomes `resumedTo`, with a fresh safety window.
    public static let resumedFrom = CampaignStatus.paused
    public static let resumedTo = CampaignStatus.active

    /// The safety rule tripped (`SafetyRule`): an active campaign pauses. Nil for any other status.
    public static func autoPaused(_ status: CampaignStatus) -> CampaignStatus? {
        status == .active ? .paused : nil
    }

    /// No batch of the campaign runs and none of its candidates is queued or being called: an
    /// active or paused campaign completes. (The store checks the condition in SQL with these sets.)
    public static let completion = (from: [CampaignStatus.active, .paused], to: CampaignStatus.completed)

    /// The campaign's last running batch ended with nobody queued or calling. Nil when the status
    /// does not complete (draft, already completed, archived) or work is left.
    public static func allWorkDone(_ status: CampaignStatus, batchRunning: Bool, candidatesOpen: Bool) -> CampaignStatus? {
        guard !batchRunning, !candidatesOpen, completion.from.contains(status) else { return nil }
        return completion.to
    }

    /// Why a campaign cannot be archived, in words a user can act on.
    public struct ArchiveRefused: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A user archives the campaign: refused while a batch runs (cancel it first) and when it is
    /// archived already.
    public static func archived(_ status: CampaignStatus, batchRunning: Bool) throws(ArchiveRefused) -> CampaignStatus {
        guard status != .archived else { throw ArchiveRefused(description: "campaign is archived already") }
        guard !batchRunning else {
            throw ArchiveRefused(description: "a batch of this campaign is still running: cancel it or let it finish before archiving")
        }
        return .archived
    }
}
