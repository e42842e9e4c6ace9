import Foundation

/// What the campaign form holds, as text, between requests: read from a posted form or from a
/// saved campaign, edited by the form's add/remove/move buttons, and turned into the same
/// `CampaignInput` the JSON API validates. Input names are the API's field paths
/// (`targets[1].knockout.min`, `calling.window_start`), so a `FieldError` lands beside its input.
struct CampaignForm: Sendable, Equatable {
    var name = ""
    var jobID = ""
    var fromNumber = ""
    var questions: [String] = []
    var targets: [TargetRow] = []
    var timezone = ""
    var windowStart = ""
    var windowEnd = ""
    var days: Set<Weekday> = []
    var maxAttempts = ""
    var retryAfterMinutes = ""
    var concurrency = ""
    var requireConsent = false

    struct TargetRow: Sendable, Equatable {
        var key = ""
        var name = ""
        var description = ""
        var goalType = GoalType.boolean.rawValue
        /// Comma-separated.
        var choices = ""
        /// "", "true" or "false".
        var knockoutEquals = ""
        var knockoutMin = ""
        var knockoutMax = ""
        /// Comma-separated: the choices that pass.
        var knockoutIn = ""
    }

    /// A change the form's buttons ask for instead of saving.
    enum Edit: Equatable {
        case addQuestion, removeQuestion(Int), moveQuestionUp(Int), moveQuestionDown(Int)
        case addTarget, removeTarget(Int), moveTargetUp(Int), moveTargetDown(Int)

        /// `add_question`, `remove_target.2`, `up_question.0`, …; nil for `save` or anything unknown.
        init?(_ op: String) {
            let parts = op.split(separator: ".", maxSplits: 1)
            let index = parts.count == 2 ? Int(parts[1]) : nil
            switch (parts.first.map(String.init), index) {
            case ("add_question", nil): self = .addQuestion
            case ("add_target", nil): self = .addTarget
            case ("remove_question", let i?): self = .removeQuestion(i)
            case ("up_question", let i?): self = .moveQuestionUp(i)
            case ("down_question", let i?): self = .moveQuestionDown(i)
            case ("remove_target", let i?): self = .removeTarget(i)
            case ("up_target", let i?): self = .moveTargetUp(i)
            case ("down_target", let i?): self = .moveTargetDown(i)
            default: return nil
            }
        }
    }

    static let maxRows = 50
}

extension CampaignForm {
    /// The form as posted. Rows are read in index order until the first missing one.
    init(_ form: FormBody) {
        name = form["name"] ?? ""
        jobID = form["job_id"] ?? ""
        fromNumber = form["from_number"] ?? ""
        var index = 0
        while index < Self.maxRows + 1, let text = form["questions[\(index)]"] {
            questions.append(text)
            index += 1
        }
        index = 0
        while index < Self.maxRows + 1, let key = form["targets[\(index)].key"] {
            let field = { (name: String) in form["targets[\(index)].\(name)"] ?? "" }
            targets.append(TargetRow(
                key: key, name: field("name"), description: field("description"), goalType: field("goal_type"),
                choices: field("choices"), knockoutEquals: field("knockout.equals"), knockoutMin: field("knockout.min"),
                knockoutMax: field("knockout.max"), knockoutIn: field("knockout.in")))
            index += 1
        }
        timezone = form["calling.timezone"] ?? ""
        windowStart = form["calling.window_start"] ?? ""
        windowEnd = form["calling.window_end"] ?? ""
        days = Set(Weekday.allCases.filter { form["calling.days.\($0.rawValue)"] != nil })
        maxAttempts = form["calling.max_attempts"] ?? ""
        retryAfterMinutes = form["calling.retry_after_minutes"] ?? ""
        concurrency = form["calling.concurrency"] ?? ""
        requireConsent = form["require_consent"] != nil
    }

    /// A saved campaign (or a new one's defaults) as the form shows it.
    init(_ spec: CampaignSpec) {
        name = spec.name
        jobID = spec.jobID
        fromNumber = spec.fromNumber
        questions = spec.questions
        targets = spec.targets.map { target in
            TargetRow(
                key: target.key, name: target.name, description: target.description, goalType: target.goalType.rawValue,
                choices: (target.choices ?? []).joined(separator: ", "),
                knockoutEquals: target.knockout?.equals.map { $0 ? "true" : "false" } ?? "",
                knockoutMin: target.knockout?.min.map(Self.number) ?? "",
                knockoutMax: target.knockout?.max.map(Self.number) ?? "",
                knockoutIn: (target.knockout?.in ?? []).joined(separator: ", "))
        }
        timezone = spec.calling.timezone
        windowStart = spec.calling.window.start.description
        windowEnd = spec.calling.window.end.description
        days = Set(spec.calling.days)
        maxAttempts = String(spec.calling.maxAttempts)
        retryAfterMinutes = String(spec.calling.retryAfterMinutes)
        concurrency = spec.calling.concurrency.map(String.init) ?? ""
        requireConsent = spec.requireConsent
    }

    /// Applies a button's edit. Out-of-range rows are ignored (a stale form posted twice).
    mutating func apply(_ edit: Edit) {
        switch edit {
        case .addQuestion: if questions.count < Self.maxRows { questions.append("") }
        case .addTarget: if targets.count < Self.maxRows { targets.append(TargetRow()) }
        case .removeQuestion(let i): if questions.indices.contains(i) { questions.remove(at: i) }
        case .removeTarget(let i): if targets.indices.contains(i) { targets.remove(at: i) }
        case .moveQuestionUp(let i): if i > 0, questions.indices.contains(i) { questions.swapAt(i, i - 1) }
        case .moveQuestionDown(let i): if i >= 0, i < questions.count - 1 { questions.swapAt(i, i + 1) }
        case .moveTargetUp(let i): if i > 0, targets.indices.contains(i) { targets.swapAt(i, i - 1) }
        case .moveTargetDown(let i): if i >= 0, i < targets.count - 1 { targets.swapAt(i, i + 1) }
        }
    }

    /// The API's input for this form. Text that must be a number, and knock-out fields that do
    /// not fit the target's type, fail here with the input's name; the rest is `CampaignSpec`'s.
    func input() throws(FieldError) -> CampaignInput {
        var rows: [TargetInput] = []
        for (index, row) in targets.enumerated() {
            rows.append(try row.input(field: "targets[\(index)]"))
        }
        return CampaignInput(
            name: name, jobID: jobID, fromNumber: fromNumber.trimmingCharacters(in: .whitespaces),
            questions: questions, targets: rows,
            calling: CallingInput(
                timezone: timezone.trimmingCharacters(in: .whitespaces), windowStart: windowStart, windowEnd: windowEnd,
                days: Weekday.allCases.filter(days.contains).map(\.rawValue),
                maxAttempts: try Self.whole(maxAttempts, field: "calling.max_attempts"),
                retryAfterMinutes: try Self.whole(retryAfterMinutes, field: "calling.retry_after_minutes"),
                concurrency: try Self.whole(concurrency, field: "calling.concurrency", optional: true)),
            requireConsent: requireConsent)
    }

    /// `12.0` → "12", `2.5` → "2.5".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func whole(_ text: String, field: String, optional: Bool = false) throws(FieldError) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if optional { return nil }
            throw FieldError(field, "is required")
        }
        guard let value = Int(trimmed) else { throw FieldError(field, "\"\(trimmed.prefix(16))\" is not a whole number") }
        return value
    }
}

extension CampaignForm.TargetRow {
    func input(field: String) throws(FieldError) -> TargetInput {
        let type = GoalType(rawValue: goalType)
        let min = knockoutMin.trimmingCharacters(in: .whitespaces)
        let max = knockoutMax.trimmingCharacters(in: .whitespaces)
        let allowed = CampaignForm.list(knockoutIn)
        var rule = Knockout()
        var misplaced: String?
        if !knockoutEquals.isEmpty {
            if type == .boolean { rule.equals = knockoutEquals == "true" } else { misplaced = "a yes/no rule" }
        }
        for (text, name) in [(min, "min"), (max, "max")] where !text.isEmpty {
            guard type == .number else { misplaced = "a minimum or maximum"; continue }
            guard let value = Double(text), value.isFinite else {
                throw FieldError("\(field).knockout.\(name)", "\"\(text.prefix(16))\" is not a number")
            }
            if name == "min" { rule.min = value } else { rule.max = value }
        }
        if !allowed.isEmpty {
            if type == .choice { rule.in = allowed } else { misplaced = "a list of passing choices" }
        }
        if let misplaced, let type {
            throw FieldError("\(field).knockout", "a \(type.rawValue) target cannot have \(misplaced); clear it or change the type")
        }
        let choiceList = CampaignForm.list(choices)
        return TargetInput(
            key: key.trimmingCharacters(in: .whitespaces), name: name, description: description, goalType: goalType,
            choices: choiceList.isEmpty && type != .choice ? nil : choiceList,
            knockout: rule == Knockout() ? nil : rule)
    }
}
