/// One field Retell's post-call analysis fills in, as Shortlist defines it.
public struct AnalysisFieldSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case boolean, string, number, `enum` }

    public var name: String
    public var kind: Kind
    public var description: String
    public var choices: [String]?

    public init(name: String, kind: Kind, description: String, choices: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.description = description
        self.choices = choices
    }
}

/// What the prompt builder needs: the job, the script, the facts to gather and the call policy.
public struct PromptInput: Sendable, Equatable {
    public var job: JobSpec
    public var questions: [String]
    public var targets: [TargetSpec]
    /// Calls end after this many minutes (the agent is told to wrap up before).
    public var maxCallMinutes: Int

    public init(job: JobSpec, questions: [String], targets: [TargetSpec], maxCallMinutes: Int) {
        self.job = job
        self.questions = questions
        self.targets = targets
        self.maxCallMinutes = maxCallMinutes
    }
}

/// The agent's configuration as text and fields: the same input always gives byte-identical output.
/// Per-candidate facts are `{{dynamic variables}}` filled in per call; none are baked in here.
public struct AgentPrompt: Sendable, Equatable {
    public var generalPrompt: String
    public var beginMessage: String
    /// The variables the prompt and begin message use, in a fixed order; every value is a string.
    public var dynamicVariables: [String]
    /// Fallbacks for job-level variables, so a call without them still reads well.
    public var defaultDynamicVariables: [String: String]
    public var analysisFields: [AnalysisFieldSpec]
}

/// Builds the screening agent's prompt, begin message and post-call analysis fields (the seed plan's
/// `buildDynamicPrompt` / `buildAnalysisQuestions`, with stable ordering and every target asked).
public enum PromptBuilder {
    /// Per-call variables, all strings: who is called and for which job.
    /// `today` is the candidate's own date when the call is placed ("Monday 7 December 2026"), so the
    /// agent can turn "tomorrow at 3" into a date.
    public static let dynamicVariables = ["candidate_name", "first_name", "job_title", "company", "location", "today"]

    /// The analysis fields Shortlist always asks for, before the campaign's own targets.
    public static func standardFields(_ job: JobSpec) -> [AnalysisFieldSpec] {
        [
            .init(name: "available_to_work", kind: .boolean,
                  description: "True if the candidate confirmed they are available to take up this job; false if they said they are not."),
            .init(name: "interested", kind: .boolean,
                  description: "True if the candidate said they are interested in this job; false if they declined it."),
            .init(name: "know_referee", kind: .boolean,
                  description: "True if the candidate said they know anyone who works at \(job.company); "
                      + "false if they said they know no one there."),
        ]
    }

    /// The summary fields after the targets.
    public static let closingFields: [AnalysisFieldSpec] = [
        .init(name: "sentiment_score", kind: .number,
              description: "How positive the candidate was about the job, from 0 (very negative) to 1 (very positive)."),
        .init(name: "key_points", kind: .string,
              description: "The main facts the candidate gave, one per line."),
        .init(name: "objections", kind: .string,
              description: "Concerns or objections the candidate raised about the job, one per line; empty if none."),
        .init(name: "next_steps", kind: .string,
              description: "What was agreed to happen next (for example a better time to call back), one per line."),
        .init(name: "opted_out", kind: .boolean,
              description: "True if the candidate asked not to be called again."),
        .init(name: "callback_at", kind: .string,
              description: "The date and local time the candidate asked to be called back, as YYYY-MM-DD HH:MM "
                  + "(24-hour clock, the candidate's own time); empty when they did not ask."),
    ]

    public static func build(_ input: PromptInput) -> AgentPrompt {
        AgentPrompt(
            generalPrompt: generalPrompt(input),
            beginMessage: beginMessage,
            dynamicVariables: dynamicVariables,
            defaultDynamicVariables: [
                "candidate_name": "there", "first_name": "there", "job_title": input.job.title,
                "company": input.job.company, "location": input.job.location, "today": "not known (ask the candidate for the date)",
            ],
            analysisFields: standardFields(input.job) + input.targets.map(field(for:)) + closingFields)
    }

    /// Who is calling, for which company and role, that it is an automated assistant, that the call
    /// is recorded, and how to opt out (DESIGN §5a).
    public static let beginMessage = """
        Hello, may I speak with {{first_name}}? This is an automated assistant calling on behalf of \
        {{company}} about the {{job_title}} position you applied for. This call is recorded. If you \
        would rather not be called again, just say so at any time. Do you have a few minutes?
        """

    static func field(for target: TargetSpec) -> AnalysisFieldSpec {
        let description = target.description.isEmpty ? target.name : "\(target.name): \(target.description)"
        switch target.goalType {
        case .boolean: return .init(name: target.key, kind: .boolean, description: description + " (true or false)")
        case .number: return .init(name: target.key, kind: .number, description: description + " (a number)")
        case .text: return .init(name: target.key, kind: .string, description: description)
        case .choice:
            return .init(name: target.key, kind: .enum, description: description, choices: target.choices ?? [])
        }
    }
}
