import Foundation

// The call rule's input and output: what the store reads for `CallUpdate` and what it commits
// from it (`AppDatabase.commitCallChanges`).

/// The rows a piece of news about a call is judged against.
struct CallContext {
    var call: RetellCallRecord
    var candidate: CampaignCandidateRecord
    var campaign: CampaignRecord
    var targets: [TargetSpec]
    var analysis: CallAnalysisRecord?
    /// The person's own time zone, when the import gave one.
    var candidateTimezone: String?
    /// The status of the call's batch (nil: the call belongs to none).
    var batchStatus: BatchStatus?

    /// Whether the call's batch still runs (a call outside any batch counts as running).
    var batchRunning: Bool { batchStatus.map(BatchStatus.running.contains) ?? true }

    /// The candidate's calling schedule (their zone, else the campaign's).
    var schedule: CallingSchedule? { campaign.schedule(candidateZone: candidateTimezone) }

    /// When a retry of this candidate falls due (`CandidateLifecycle.retryTime`).
    func retryTime(after now: Date) -> Date {
        CandidateLifecycle.retryTime(after: now, retryAfterMinutes: campaign.retryAfterMinutes, schedule: schedule)
    }
}

struct DNCRequest: Equatable {
    var phone: String
    var reason: String
    var callID: String
}

/// What to write for it.
struct CallChanges {
    var call: RetellCallRecord
    var analysis: CallAnalysisRecord?
    var candidate: CampaignCandidateRecord?
    var doNotCall: DNCRequest?
    /// The call's recording is to be downloaded (`RecordingPolicy`): queued once, with this change.
    var fetchRecording = false
}

/// What an applied change touched, for the live dashboard.
public struct AppliedCall: Sendable {
    public var call: RetellCallRecord
    public var candidate: CampaignCandidateRecord?
    /// The call's batch with its recounted progress, when the call belongs to one.
    public var batch: BatchRecord?
    /// A recording download was queued with this change (ring the work queue's bell).
    public var recordingQueued = false
}
