import Foundation

/// Everything `campaign.mustache` shows, formatted: times in the campaign's zone, phones masked for
/// viewers, which controls this user may use.
struct CampaignPageModel: PageModel {
    var title: String
    var chrome: Chrome?
    var id: String
    var name: String
    var status: Wording
    var statusReason: String?
    /// The live page narrowed to this campaign.
    var liveURL: String
    var job: String
    var questions: [String]
    var targets: [Target]
    var calling: String
    var agent: Agent?
    /// Whether the agent matches the campaign now, and why not (`AgentFreshness`).
    var agentState: AgentState?
    var agentButton: String
    var canWrite: Bool
    var canRunCalls: Bool
    var canEdit: Bool
    /// The archive form: for the owner or an admin, while no batch runs and not archived yet.
    var canArchive: Bool
    var preview: String
    var message: String?
    var imported: ImportSummary?
    var batches: [Batch]
    var hasBatches: Bool
    var filters: [Filter]
    var candidates: [Candidate]
    var hasCandidates: Bool
    var nextPageURL: String?

    struct Target { var key: String; var name: String; var type: String; var rule: String? }
    struct Agent { var version: Int; var agentID: String; var updated: String; var prompt: String; var versionURL: String }
    struct AgentState { var tag: Wording; var explanation: String? }
    struct Batch {
        var id: String
        var status: Wording
        var statusReason: String?
        var progress: String
        var finished: Int
        var total: Int
        var created: String
        var canPause: Bool
        var canResume: Bool
        var canCancel: Bool
    }
    /// What an upload did: counts, and the rows it could not take (the first 100).
    struct ImportSummary {
        var headline: String
        var problems: [Problem]
        var hasProblems: Bool
        var more: String?
        struct Problem { var row: Int; var field: String; var reason: String }

        static let shown = 100

        init(imported: Int, duplicates: [ImportIssue], rejected: [ImportIssue]) {
            headline = "Imported \(imported) candidate\(imported == 1 ? "" : "s"); \(duplicates.count) duplicate\(duplicates.count == 1 ? "" : "s") skipped; \(rejected.count) row\(rejected.count == 1 ? "" : "s") rejected."
            let issues = (rejected + duplicates).sorted { $0.row < $1.row }
            problems = issues.prefix(Self.shown).map { Problem(row: $0.row, field: $0.field ?? "", reason: $0.reason) }
            hasProblems = !issues.isEmpty
            more = issues.count > Self.shown ? "and \(issues.count - Self.shown) more" : nil
        }
    }
    /// A status filter with how many of the campaign's candidates it holds (kept live over SSE).
    struct Filter { var label: String; var code: String; var count: Int; var url: String; var current: Bool }
    struct Candidate { var name: String; var url: String; var phone: String; var status: Wording; var outcome: Wording?; var attempts: Int }

    static func build(
        detail: CampaignDetail, job: JobRecord, preview: CampaignPreview, batches: [BatchRecord],
        candidates: Page<CampaignCandidateRow>, filter: String?, counts: [String: Int], signedIn: SignedInUser, chrome: Chrome,
        message: String?, imported: ImportSummary? = nil, freshness: AgentFreshness = .noAgent
    ) -> CampaignPageModel {
        let campaign = detail.campaign
        let zone = TimeZone(identifier: campaign.timezone) ?? TimeZone(identifier: "UTC")!
        let principal = signedIn.principal
        let open = detail.status.isEditable
        let runs = open && principal.may(.runCalls, campaign: campaign.owner)
        let changes = open && principal.may(.edit, campaign: campaign.owner)
        let batchRunning = batches.contains { BatchStatus.running.contains($0.status) }
        let spec = detail.spec
        let skipped = preview.skipped.sorted { $0.key < $1.key }.map {
            "\($0.value) \(PreviewSkip(rawValue: $0.key)?.words ?? $0.key.replacingOccurrences(of: "_", with: " "))"
        }
        let base = "/campaigns/\(campaign.id)"
        return CampaignPageModel(
            title: campaign.name, chrome: chrome, id: campaign.id, name: campaign.name, status: campaign.status.wording,
            statusReason: campaign.statusReason, liveURL: "/live?campaign=\(campaign.id)", job: "\(job.title) at \(job.company)", questions: detail.questions,
            targets: detail.targets.map { target in
                Target(key: target.key, name: target.name, type: target.goalType.rawValue, rule: target.knockout.map(describe))
            },
            calling: "\(spec.calling.window) \(campaign.timezone), \(spec.calling.days.map(\.rawValue).joined(separator: " ")); "
                + "up to \(campaign.maxAttempts) attempts, \(campaign.retryAfterMinutes) min apart"
                + (campaign.concurrency.map { "; at most \($0) at once" } ?? "")
                + (campaign.requireConsent ? "; only candidates with a consent basis" : ""),
            agent: detail.agent.map {
                Agent(version: $0.version, agentID: $0.retellAgentID, updated: format($0.updatedAt, zone), prompt: $0.basePrompt,
                      versionURL: "\(base)/agent/versions/\($0.version)")
            },
            agentState: open ? agentState(freshness) : nil,
            agentButton: detail.agent == nil ? "Create agent" : "Update agent",
            canWrite: changes, canRunCalls: runs,
            canEdit: changes,
            canArchive: open && !batchRunning && principal.may(.archive, campaign: campaign.owner),
            preview: "\(preview.eligible) can be called now, \(preview.outsideHours) later today or on the next calling day"
                + (skipped.isEmpty ? "" : "; skipped: " + skipped.joined(separator: ", "))
                + (preview.firstDialAt.map { "; first dial \(format($0, zone))" } ?? "")
                + "; about \(preview.estimatedMinutes) minutes and $\(String(format: "%.2f", Double(preview.estimatedCostCents) / 100)) for one attempt each"
                + callbacks(preview, zone),
            message: message,
            imported: imported,
            batches: batches.map { batch in
                let state = batch.status
                let progress = BatchProgress(batch)
                return Batch(
                    id: batch.id, status: batch.status.wording, statusReason: batch.statusReason,
                    progress: progress.text, finished: progress.finished, total: progress.total,
                    created: format(batch.createdAt, zone), canPause: runs && state == .inProgress,
                    canResume: runs && state == .paused, canCancel: runs && !state.isOver)
            },
            hasBatches: !batches.isEmpty,
            filters: filters(counts: counts, current: filter, base: base),
            candidates: candidates.items.map { row in
                Candidate(
                    name: row.fullName, url: "/candidates/\(row.id)", phone: ErasedPerson.display(row.phone, masked: !principal.role.canWrite),
                    status: StoredWords.candidateStatus(row.status), outcome: row.outcome.map(StoredWords.outcome),
                    attempts: row.attempts)
            },
            hasCandidates: !candidates.items.isEmpty,
            nextPageURL: candidates.nextCursor.map { "\(base)?\(filter.map { "status=\($0)&" } ?? "")after=\($0)" })
    }

    /// "All" and one filter per candidate status, in words, each with its count. `counts` is
    /// `outcomeCounts`: unfinished candidates by status, finished ones by outcome.
    static func filters(counts: [String: Int], current: String?, base: String) -> [Filter] {
        let notDone = Set(CandidateStatus.notDone.map(\.rawValue))
        var byStatus: [String: Int] = [:]
        for (key, count) in counts {
            let status = notDone.contains(key) ? key : CandidateStatus.completed.rawValue
            byStatus[status, default: 0] += count
        }
        let all = Filter(label: "All", code: "all", count: byStatus.values.reduce(0, +), url: base, current: current == nil)
        return [all] + CandidateStatus.allCases.map { status in
            Filter(label: status.wording.text, code: status.rawValue, count: byStatus[status.rawValue] ?? 0,
                   url: "\(base)?status=\(status.rawValue)", current: status.rawValue == current)
        }
    }

    static func agentState(_ freshness: AgentFreshness) -> AgentState? {
        guard let tag = freshness.wording else { return nil }
        guard case .outOfDate(let version, _) = freshness, let why = freshness.sentence else { return AgentState(tag: tag, explanation: nil) }
        return AgentState(tag: tag, explanation: "\(why) It will be brought up to date (version \(version + 1)) before the next calls.")
    }

    static func describe(_ rule: Knockout) -> String {
        var parts: [String] = []
        if let equals = rule.equals { parts.append("must be \(equals ? "yes" : "no")") }
        if let min = rule.min { parts.append("at least \(min.formatted())") }
        if let max = rule.max { parts.append("at most \(max.formatted())") }
        if let set = rule.in { parts.append("one of \(set.joined(separator: ", "))") }
        return parts.joined(separator: ", ")
    }

    /// The dry run's callbacks clause: how many asked to be called back and the earliest time.
    static func callbacks(_ preview: CampaignPreview, _ zone: TimeZone) -> String {
        guard preview.callbacksWaiting > 0, let next = preview.nextCallbackAt else { return "" }
        let count = preview.callbacksWaiting == 1 ? "1 callback" : "\(preview.callbacksWaiting) callbacks"
        return "; \(count) asked for, the first \(format(next, zone))"
    }

    /// `2026-11-18 11:00 CST`: a time where the campaign calls.
    static func format(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        // Linux's Foundation knows few names ("GMT-8" for Los Angeles): the zone's own name then.
        let abbreviation = zone.abbreviation(for: date).flatMap { $0.hasPrefix("GMT") && zone.identifier != "GMT" ? nil : $0 } ?? zone.identifier
        return String(format: "%04d-%02d-%02d %02d:%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0) + abbreviation
    }
}
