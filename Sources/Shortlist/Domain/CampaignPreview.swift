import Foundation

/// The dry run of starting a batch now (DESIGN §5a): who would be dialled, who is skipped and why,
/// when the first dial would happen, and what it would roughly take.
public struct CampaignPreview: Sendable, Equatable {
    /// Free candidates whose window is open now and whose number is not on the DNC list.
    public var eligible: Int
    /// Free candidates waiting for their window (dialled later by a batch started now).
    public var outsideHours: Int
    /// Skipped candidates by reason: `do_not_call`, `bad_number`, `already_done`, `in_progress`,
    /// `in_running_batch`, `outside_hours`, `no_consent`.
    public var skipped: [String: Int]
    public var firstDialAt: Date?
    /// Talk minutes and cost for one attempt at every candidate a batch would take.
    public var estimatedMinutes: Int
    public var estimatedCostCents: Int
    /// What the estimate is based on: "history" (this installation's last 1,000 finished calls) or "default".
    public var estimateBasis: String
    /// Candidates whose next attempt is a callback they asked for, and the earliest of those.
    public var callbacksWaiting = 0
    public var nextCallbackAt: Date? = nil
}

/// What the store read for a dry run.
public struct PreviewFacts: Sendable {
    /// Free candidates (not done, not being called) grouped by schedule and by what skips them.
    public struct FreeGroup: Sendable {
        public var schedule: CallingSchedule?
        public var inRunningBatch: Bool
        public var onDoNotCallList: Bool
        /// The campaign requires a consent basis and these candidates have none.
        public var lacksConsent: Bool = false
        public var count: Int
    }

    /// Completed candidates by outcome.
    public var completed: [(outcome: CandidateOutcome?, count: Int)] = []
    /// Candidates being called now.
    public var calling = 0
    public var free: [FreeGroup] = []
    /// Averages of this installation's latest finished calls; nil when there are none.
    public var history: (averageSeconds: Double, averageCents: Double)?
    /// Queued candidates whose next attempt is the callback they asked for, and the earliest one.
    public var callbacks: (waiting: Int, earliest: Date?) = (0, nil)
}

/// The dry run's rule (DESIGN §5a): settled and busy candidates are counted, never dialled by a
/// new batch; a free one is skipped when a running batch holds it, its number is on the DNC
/// list or the campaign requires a consent basis it lacks, otherwise its window decides whether a batch started now dials it now or later. The
/// estimate is one attempt at every candidate a batch would take.
public enum PreviewRules {
    /// Without any history: 2 minutes a call at 9 cents a minute.
    public static let defaultSeconds = 120.0
    public static let defaultCentsPerCall = 18.0

    public static func preview(_ facts: PreviewFacts, now: Date) -> CampaignPreview {
        var preview = CampaignPreview(
            eligible: 0, outsideHours: 0, skipped: [:], firstDialAt: nil, estimatedMinutes: 0,
            estimatedCostCents: 0, estimateBasis: "default")
        for (outcome, count) in facts.completed {
            preview.skipped[PreviewSkip.settled(outcome: outcome).rawValue, default: 0] += count
        }
        if facts.calling > 0 { preview.skipped[PreviewSkip.beingCalled.rawValue, default: 0] += facts.calling }
        for group in facts.free {
            if group.inRunningBatch {
                preview.skipped[PreviewSkip.inRunningBatch.rawValue, default: 0] += group.count
            } else if group.onDoNotCallList {
                preview.skipped[PreviewSkip.doNotCall.rawValue, default: 0] += group.count
            } else if group.lacksConsent {
                preview.skipped[PreviewSkip.noConsent.rawValue, default: 0] += group.count
            } else {
                let opening = group.schedule?.nextOpening(from: now)
                if let opening, opening <= now {
                    preview.eligible += group.count
                } else {
                    preview.outsideHours += group.count
                    preview.skipped[PreviewSkip.outsideHours.rawValue, default: 0] += group.count
                }
                if let opening { preview.firstDialAt = min(preview.firstDialAt ?? opening, opening) }
            }
        }
        let batchable = preview.eligible + preview.outsideHours
        var seconds = defaultSeconds, centsPerCall = defaultCentsPerCall
        if let history = facts.history {
            seconds = history.averageSeconds
            centsPerCall = history.averageCents
            preview.estimateBasis = "history"
        }
        preview.estimatedMinutes = Int((Double(batchable) * seconds / 60).rounded(.up))
        preview.estimatedCostCents = Int((Double(batchable) * centsPerCall).rounded())
        preview.callbacksWaiting = facts.callbacks.waiting
        preview.nextCallbackAt = facts.callbacks.waiting > 0 ? facts.callbacks.earliest : nil
        return preview
    }
}
