/// Every change of a campaign's status made while it calls: a batch starting makes it `active`
/// (from `draft`, `active` or `paused`), a batch resuming makes a `paused` one `active` again, and
/// the safety rule pauses an `active` one. (Created `draft`; `completed` and `archived` are in the
/// schema, and such a campaign can no longer call.)
public enum CampaignLifecycle {
    /// A new campaign: edited freely until it calls.
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
}
