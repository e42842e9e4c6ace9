import Foundation

/// What an agent is given that can go out of date: the prompt (its hash), the analysis fields, the
/// voice, and the questions and job facts it was built from (kept to say *why* it is out of date).
struct AgentSnapshot: Sendable, Equatable {
    var promptSHA256: String
    /// Canonical JSON array of `AnalysisFieldSpec`.
    var analysisFields: String
    /// Nil: not recorded (versions kept before v5 stored voices).
    var voiceID: String?
    /// Canonical JSON array of the questions.
    var questions: String
    /// Canonical JSON object of the job facts (`AgentPlan.jobContext`).
    var jobContext: String
}

/// What about the campaign changed since its agent's newest version.
public enum AgentChange: String, Sendable, CaseIterable, Equatable {
    case job, questions, targets, voice
    /// The prompt differs but none of the above explains it (the way Shortlist writes prompts
    /// changed in an upgrade, or a job detail older versions did not record).
    case wording

    var words: String {
        switch self {
        case .job: "the job"
        case .questions: "the questions"
        case .targets: "the targets"
        case .voice: "the voice"
        case .wording: "the way Shortlist words the prompt"
        }
    }
}

/// Whether a campaign's agent still matches what the campaign would send Retell now. Worked out
/// each time from the campaign (never a stored flag), so no edit can forget to set it.
public enum AgentFreshness: Sendable, Equatable {
    case noAgent
    case upToDate(version: Int)
    case outOfDate(version: Int, changes: [AgentChange])

    /// Why calls pause when an edit leaves the agent out of date while a batch runs.
    public static let pauseReason = "paused: the agent is out of date; resume to update it and go on"

    public var isOutOfDate: Bool {
        if case .outOfDate = self { return true }
        return false
    }

    /// `now` is what the campaign would send; `stored` is its agent's newest version. The prompt,
    /// the analysis fields, the voice and the job facts (which also reach Retell as the agent's
    /// default variables and voicemail text) decide; a stored voice of nil (a version kept before
    /// voices were) counts as the voice in use now.
    static func assess(now: AgentSnapshot, stored: AgentSnapshot?, version: Int) -> AgentFreshness {
        guard let stored else { return .noAgent }
        var changes: [AgentChange] = []
        if jobChanged(from: stored.jobContext, to: now.jobContext) { changes.append(.job) }
        if stored.questions != now.questions { changes.append(.questions) }
        if targetFields(stored.analysisFields) != targetFields(now.analysisFields) { changes.append(.targets) }
        if let voice = stored.voiceID, voice != now.voiceID { changes.append(.voice) }
        let contentChanged = stored.promptSHA256 != now.promptSHA256 || stored.analysisFields != now.analysisFields
        if contentChanged && changes.allSatisfy({ $0 == .voice }) { changes.append(.wording) }
        return changes.isEmpty ? .upToDate(version: version) : .outOfDate(version: version, changes: changes)
    }

    /// A job fact the stored version recorded differs now (facts it did not record cannot be compared).
    private static func jobChanged(from stored: String, to now: String) -> Bool {
        let decode = { (json: String) in (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:] }
        let (old, new) = (decode(stored), decode(now))
        return old.contains { new[$0.key] != $0.value }
    }

    /// The analysis fields that come from the campaign's targets (all but Shortlist's own).
    private static func targetFields(_ json: String) -> [AnalysisFieldSpec] {
        let fields = (try? JSONDecoder().decode([AnalysisFieldSpec].self, from: Data(json.utf8))) ?? []
        return fields.filter { !ownFieldNames.contains($0.name) }
    }

    private static let ownFieldNames = Set((PromptBuilder.standardFields(JobSpec(
        company: "", title: "", location: "", salaryRange: "", employmentType: "", description: "")) + PromptBuilder.closingFields).map(\.name))

    /// Why, in plain words: "The job and the targets changed since version 3."; nil unless out of date.
    public var sentence: String? {
        guard case .outOfDate(let version, let changes) = self else { return nil }
        let parts = changes.map(\.words)
        let list = parts.count <= 1 ? parts.joined()
            : parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
        return list.prefix(1).uppercased() + list.dropFirst() + " changed since version \(version)."
    }

    /// The state as a tag: "Up to date" or "Out of date" (nil without an agent).
    public var wording: Wording? {
        switch self {
        case .noAgent: nil
        case .upToDate: Wording("Up to date", .good, code: "up_to_date")
        case .outOfDate: Wording("Out of date", .warn, code: "out_of_date")
        }
    }
}
