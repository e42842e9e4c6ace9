import Foundation
import Testing
@testable import Shortlist

/// Runs `body` and returns the `FieldError` it throws, or nil when it succeeds.
private func fieldError<T>(_ body: () throws(FieldError) -> T) -> FieldError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

private func text(_ count: Int, _ letter: Character = "a") -> String {
    String(repeating: letter, count: count)
}

// MARK: - Jobs

@Suite("Job validation")
struct JobValidationTests {
    @Test("A job with every field is kept, trimmed")
    func fullJob() throws {
        let job = try JobSpec(validating: JobInput(
            company: "  Acme Staffing ", title: "\tForklift Operator\n", location: " Austin, TX ",
            salaryRange: " $20-$24/h ", employmentType: " full-time ", description: "  Nights.  "))
        #expect(job.company == "Acme Staffing")
        #expect(job.title == "Forklift Operator")
        #expect(job.location == "Austin, TX")
        #expect(job.salaryRange == "$20-$24/h")
        #expect(job.employmentType == "full-time")
        #expect(job.description == "Nights.")
    }

    @Test("Optional fields left out or blank become empty")
    func optionalFieldsDefaultToEmpty() throws {
        let job = try JobSpec(validating: JobInput(company: "Acme", title: "Picker", location: "   ", description: ""))
        #expect(job.location == "")
        #expect(job.salaryRange == "")
        #expect(job.employmentType == "")
        #expect(job.description == "")
    }

    @Test("A missing or blank company or title is required, named by its field",
          arguments: [
              (JobInput(title: "Picker"), "company"),
              (JobInput(company: "   ", title: "Picker"), "company"),
              (JobInput(company: "Acme"), "title"),
              (JobInput(company: "Acme", title: "\n"), "title"),
              (JobInput(), "company"),
          ])
    func requiredFields(input: JobInput, field: String) {
        #expect(fieldError { () throws(FieldError) in try JobSpec(validating: input) } == FieldError(field, "is required"))
    }

    @Test("Each field has a length limit, counted after trimming",
          arguments: [
              ("company", 200), ("title", 200), ("location", 200), ("salary_range", 200),
              ("employment_type", 100), ("description", 20_000),
          ])
    func lengthLimits(field: String, limit: Int) throws {
        func input(_ value: String) -> JobInput {
            var input = JobInput(company: "Acme", title: "Picker")
            switch field {
            case "company": input.company = value
            case "title": input.title = value
            case "location": input.location = value
            case "salary_range": input.salaryRange = value
            case "employment_type": input.employmentType = value
            default: input.description = value
            }
            return input
        }
        _ = try JobSpec(validating: input("  " + text(limit) + "  "))
        #expect(fieldError { () throws(FieldError) in try JobSpec(validating: input(text(limit + 1))) }
            == FieldError(field, "must be at most \(limit) characters"))
    }

    @Test("Length counts characters, not bytes")
    func lengthCountsCharacters() throws {
        let job = try JobSpec(validating: JobInput(company: text(200, "é"), title: text(200, "👩‍💻")))
        #expect(job.company.count == 200)
    }
}

// MARK: - Targets

@Suite("Target validation")
struct TargetValidationTests {
    private func target(_ input: TargetInput) throws(FieldError) -> TargetSpec {
        try TargetSpec(validating: input, field: "targets[0]")
    }

    private func error(_ input: TargetInput) -> FieldError? {
        fieldError { () throws(FieldError) in try target(input) }
    }

    private func boolean(_ key: String) -> TargetInput {
        TargetInput(key: key, name: "Has a forklift licence", goalType: "boolean")
    }

    @Test("A valid target keeps its fields, trimmed")
    func validTarget() throws {
        let spec = try target(TargetInput(
            key: "years_experience", name: "  Years of experience ", description: " How many years? ",
            goalType: "number", knockout: Knockout(min: 2)))
        #expect(spec == TargetSpec(
            key: "years_experience", name: "Years of experience", description: "How many years?",
            goalType: .number, knockout: Knockout(min: 2)))
    }

    @Test("A snake_case key is accepted",
          arguments: ["a", "licence", "years_experience", "has_car_2", "a1_b2_c3", "x9", String(repeating: "k", count: 64)])
    func goodKeys(key: String) throws {
        #expect(try target(boolean(key)).key == key)
    }

    @Test("A key that is not snake_case, or longer than 64 characters, is refused",
          arguments: ["YearsExp", "years-exp", "1years", "_years", "years_", "years__exp", "years exp",
                      "jahre_ä", "Years", "a_B", String(repeating: "k", count: 65)])
    func badKeys(key: String) {
        let error = self.error(boolean(key))
        #expect(error?.field == "targets[0].key")
        #expect(error?.message.contains("snake_case") == true)
    }

    @Test("A key with a trailing line break is refused, so it cannot slip past the reserved names",
          arguments: ["licence\n", "interested\n", "licence\r\n"])
    func keyWithTrailingLineBreak(key: String) {
        #expect(self.error(boolean(key))?.field == "targets[0].key")
    }

    @Test("A missing or empty key is required", arguments: [nil, ""] as [String?])
    func missingKey(key: String?) {
        #expect(error(TargetInput(key: key, name: "N", goalType: "text")) == FieldError("targets[0].key", "is required"))
    }

    @Test("A standard analysis field's name cannot be a target key", arguments: TargetSpec.reservedKeys.sorted())
    func reservedKeys(key: String) {
        let error = self.error(boolean(key))
        #expect(error?.field == "targets[0].key")
        #expect(error?.message.contains("standard analysis field") == true)
    }

    @Test("The field prefix names the target's place in the list")
    func fieldPrefix() {
        let error = fieldError { () throws(FieldError) in
            try TargetSpec(validating: boolean("interested"), field: "targets[7]")
        }
        #expect(error?.field == "targets[7].key")
    }

    @Test("The name is required and limited to 200 characters; the description to 2000")
    func nameAndDescription() throws {
        #expect(error(TargetInput(key: "k", goalType: "text")) == FieldError("targets[0].name", "is required"))
        #expect(error(TargetInput(key: "k", name: "  ", goalType: "text")) == FieldError("targets[0].name", "is required"))
        #expect(error(TargetInput(key: "k", name: text(201), goalType: "text"))?.field == "targets[0].name")
        #expect(error(TargetInput(key: "k", name: "N", description: text(2_001), goalType: "text"))?.field
            == "targets[0].description")
        #expect(try target(TargetInput(key: "k", name: "N", description: text(2_000), goalType: "text")).description.count == 2_000)
        #expect(try target(TargetInput(key: "k", name: "N", goalType: "text")).description == "")
    }

    @Test("A missing goal type is required")
    func missingGoalType() {
        #expect(error(TargetInput(key: "k", name: "N")) == FieldError("targets[0].goal_type", "is required"))
    }

    @Test("An unknown goal type is refused, listing the known ones", arguments: ["bool", "Boolean", "", "integer"])
    func unknownGoalType(type: String) {
        let error = self.error(TargetInput(key: "k", name: "N", goalType: type))
        #expect(error?.field == "targets[0].goal_type")
        #expect(error?.message.contains("boolean, text, number, choice") == true)
    }

    @Test("Every goal type is accepted", arguments: GoalType.allCases)
    func everyGoalType(type: GoalType) throws {
        let choices = type == .choice ? ["A", "B"] : nil
        let spec = try target(TargetInput(key: "k", name: "N", goalType: type.rawValue, choices: choices))
        #expect(spec.goalType == type)
        #expect(spec.choices == choices)
    }

    @Test("A choice target needs at least one choice", arguments: [nil, []] as [[String]?])
    func choicesRequired(choices: [String]?) {
        #expect(error(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: choices))?.field
            == "targets[0].choices")
    }

    @Test("Only a choice target may have choices", arguments: ["boolean", "text", "number"])
    func choicesRefusedForOtherTypes(type: String) {
        #expect(error(TargetInput(key: "k", name: "N", goalType: type, choices: ["A"]))
            == FieldError("targets[0].choices", "only a choice target has choices"))
        #expect(error(TargetInput(key: "k", name: "N", goalType: type, choices: []))?.field == "targets[0].choices")
    }

    @Test("Choices are trimmed; a blank or repeated choice is named by its index")
    func choiceRules() throws {
        let spec = try target(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: [" Days ", "Nights"]))
        #expect(spec.choices == ["Days", "Nights"])
        #expect(error(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["Days", "  "]))
            == FieldError("targets[0].choices[1]", "is required"))
        #expect(error(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["Days", "Nights", "days"]))?.field
            == "targets[0].choices[2]")
        #expect(error(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["Days", " Days"]))?.field
            == "targets[0].choices[1]")
        #expect(error(TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["Days", text(201)]))?.field
            == "targets[0].choices[1]")
    }

    @Test("A choice target has at most 50 choices")
    func choiceCount() throws {
        let fifty = (1...50).map { "Choice \($0)" }
        #expect(try target(TargetInput(key: "k", name: "N", goalType: "choice", choices: fifty)).choices?.count == 50)
        #expect(error(TargetInput(key: "k", name: "N", goalType: "choice", choices: fifty + ["Choice 51"]))?.field
            == "targets[0].choices")
    }

    struct KnockoutCase: Sendable, CustomTestStringConvertible {
        let type: String
        let rule: Knockout
        /// nil: the rule is accepted.
        let field: String?
        let note: String
        var testDescription: String { "\(type): \(note)" }
    }

    @Test("A knock-out rule must fit its target's type",
          arguments: [
              KnockoutCase(type: "boolean", rule: Knockout(equals: true), field: nil, note: "equals true"),
              KnockoutCase(type: "boolean", rule: Knockout(equals: false), field: nil, note: "equals false"),
              KnockoutCase(type: "boolean", rule: Knockout(), field: "targets[0].knockout", note: "empty"),
              KnockoutCase(type: "boolean", rule: Knockout(equals: true, min: 1), field: "targets[0].knockout", note: "equals and min"),
              KnockoutCase(type: "boolean", rule: Knockout(max: 1), field: "targets[0].knockout", note: "max"),
              KnockoutCase(type: "boolean", rule: Knockout(in: ["yes"]), field: "targets[0].knockout", note: "in"),
              KnockoutCase(type: "number", rule: Knockout(min: 2), field: nil, note: "min only"),
              KnockoutCase(type: "number", rule: Knockout(max: 40), field: nil, note: "max only"),
              KnockoutCase(type: "number", rule: Knockout(min: 2, max: 40), field: nil, note: "min and max"),
              KnockoutCase(type: "number", rule: Knockout(min: 5, max: 5), field: nil, note: "min equals max"),
              KnockoutCase(type: "number", rule: Knockout(min: -3.5, max: 0), field: nil, note: "negative min"),
              KnockoutCase(type: "number", rule: Knockout(min: 41, max: 40), field: "targets[0].knockout.min", note: "min above max"),
              KnockoutCase(type: "number", rule: Knockout(), field: "targets[0].knockout", note: "empty"),
              KnockoutCase(type: "number", rule: Knockout(equals: true), field: "targets[0].knockout", note: "equals"),
              KnockoutCase(type: "number", rule: Knockout(min: 1, in: ["1"]), field: "targets[0].knockout", note: "min and in"),
              KnockoutCase(type: "number", rule: Knockout(min: .infinity), field: "targets[0].knockout", note: "infinite min"),
              KnockoutCase(type: "number", rule: Knockout(max: .nan), field: "targets[0].knockout", note: "NaN max"),
              KnockoutCase(type: "choice", rule: Knockout(in: ["Days"]), field: nil, note: "in one choice"),
              KnockoutCase(type: "choice", rule: Knockout(in: ["Days", "Nights"]), field: nil, note: "in every choice"),
              KnockoutCase(type: "choice", rule: Knockout(in: ["Weekends"]), field: "targets[0].knockout.in", note: "in an unknown choice"),
              KnockoutCase(type: "choice", rule: Knockout(in: ["Days", "Weekends"]), field: "targets[0].knockout.in", note: "in a known and an unknown choice"),
              KnockoutCase(type: "choice", rule: Knockout(in: []), field: "targets[0].knockout", note: "in nothing"),
              KnockoutCase(type: "choice", rule: Knockout(), field: "targets[0].knockout", note: "empty"),
              KnockoutCase(type: "choice", rule: Knockout(equals: true, in: ["Days"]), field: "targets[0].knockout", note: "equals and in"),
              KnockoutCase(type: "choice", rule: Knockout(min: 1, in: ["Days"]), field: "targets[0].knockout", note: "min and in"),
              KnockoutCase(type: "text", rule: Knockout(), field: "targets[0].knockout", note: "empty"),
              KnockoutCase(type: "text", rule: Knockout(equals: true), field: "targets[0].knockout", note: "equals"),
          ])
    func knockoutRules(_ test: KnockoutCase) {
        let choices = test.type == "choice" ? ["Days", "Nights"] : nil
        let input = TargetInput(key: "k", name: "N", goalType: test.type, choices: choices, knockout: test.rule)
        let result = Result { () throws(FieldError) in try target(input) }
        switch (result, test.field) {
        case (.success(let spec), nil):
            #expect(spec.knockout == test.rule)
        case (.failure(let error), let field?):
            #expect(error.field == field)
        case (.success, let field?):
            Issue.record("accepted; expected an error on \(field)")
        case (.failure(let error), nil):
            Issue.record("refused: \(error)")
        }
    }

    @Test("A target without a knock-out rule has none")
    func noKnockout() throws {
        #expect(try target(boolean("licence")).knockout == nil)
    }
}

// MARK: - Campaigns

private let weekdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]

private func defaultCalling() -> CallingSettings {
    CallingSettings(
        timezone: "America/New_York", window: try! CallingWindow(parsing: "09:00-18:00"), days: weekdays,
        maxAttempts: 3, retryAfterMinutes: 120)
}

private func defaults(fromNumber: String = "+14155550100", country: String = "US") -> CampaignDefaults {
    CampaignDefaults(fromNumber: fromNumber, defaultCountry: country, calling: defaultCalling())
}

private func time(_ text: String) -> LocalTime { LocalTime(parsing: text)! }

@Suite("Campaign validation: create")
struct CampaignCreateTests {
    private func create(_ input: CampaignInput, _ defaults: CampaignDefaults = defaults()) throws(FieldError) -> CampaignSpec {
        try CampaignSpec(validating: input, defaults: defaults)
    }

    private func error(_ input: CampaignInput, _ defaults: CampaignDefaults = defaults()) -> FieldError? {
        fieldError { () throws(FieldError) in try create(input, defaults) }
    }

    @Test("A campaign with only a name and a job takes everything else from the defaults")
    func minimalCampaign() throws {
        let spec = try create(CampaignInput(name: "  Night pickers ", jobID: "job_1"))
        #expect(spec == CampaignSpec(
            name: "Night pickers", jobID: "job_1", fromNumber: "+14155550100", questions: [], targets: [],
            calling: defaultCalling()))
    }

    @Test("A full campaign keeps its questions, targets and calling settings")
    func fullCampaign() throws {
        let spec = try create(CampaignInput(
            name: "Pickers", jobID: "job_1", fromNumber: "(212) 555-0100",
            questions: [" Can you work nights? ", "Do you have boots?"],
            targets: [
                TargetInput(key: "licence", name: "Licence", goalType: "boolean", knockout: Knockout(equals: false)),
                TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["Days", "Nights"]),
            ],
            calling: CallingInput(timezone: "America/Chicago", windowStart: "08:00", days: ["sat", "sun"], concurrency: 4)))
        #expect(spec.fromNumber == "+12125550100")
        #expect(spec.questions == ["Can you work nights?", "Do you have boots?"])
        #expect(spec.targets.map(\.key) == ["licence", "shift"])
        #expect(spec.calling == CallingSettings(
            timezone: "America/Chicago", window: try CallingWindow(start: time("08:00"), end: time("18:00")),
            days: [.sat, .sun], maxAttempts: 3, retryAfterMinutes: 120, concurrency: 4))
    }

    @Test("A name is required and at most 200 characters", arguments: [nil, "", "   "] as [String?])
    func nameRequired(name: String?) {
        #expect(error(CampaignInput(name: name, jobID: "job_1")) == FieldError("name", "is required"))
    }

    @Test("A name over 200 characters is refused")
    func nameTooLong() throws {
        #expect(error(CampaignInput(name: text(201), jobID: "job_1"))?.field == "name")
        #expect(try create(CampaignInput(name: text(200), jobID: "job_1")).name.count == 200)
    }

    @Test("A job id is required", arguments: [nil, ""] as [String?])
    func jobRequired(jobID: String?) {
        #expect(error(CampaignInput(name: "Pickers", jobID: jobID)) == FieldError("job_id", "is required"))
    }

    @Test("The caller number falls back to the configured one, in E.164")
    func fromNumberFallsBack() throws {
        let spec = try create(CampaignInput(name: "P", jobID: "j"), defaults(fromNumber: "415 555 0100"))
        #expect(spec.fromNumber == "+14155550100")
    }

    @Test("A caller number given with the campaign wins over the configured one")
    func fromNumberGiven() throws {
        let spec = try create(CampaignInput(name: "P", jobID: "j", fromNumber: "+1 212 555 0100"))
        #expect(spec.fromNumber == "+12125550100")
    }

    @Test("A caller number is read with the default country")
    func fromNumberUsesCountry() throws {
        let spec = try create(CampaignInput(name: "P", jobID: "j", fromNumber: "020 7946 0958"), defaults(country: "GB"))
        #expect(spec.fromNumber == "+442079460958")
    }

    @Test("Without a caller number anywhere, from_number is required")
    func fromNumberMissingEverywhere() {
        let error = self.error(CampaignInput(name: "P", jobID: "j"), defaults(fromNumber: ""))
        #expect(error?.field == "from_number")
        #expect(error?.message.hasPrefix("is required") == true)
    }

    @Test("An empty caller number with the campaign does not fall back to the configured one")
    func emptyFromNumberGiven() {
        #expect(error(CampaignInput(name: "P", jobID: "j", fromNumber: ""))?.field == "from_number")
    }

    @Test("An invalid caller number is refused as from_number",
          arguments: [
              (CampaignInput(name: "P", jobID: "j", fromNumber: "12345"), defaults()),
              (CampaignInput(name: "P", jobID: "j", fromNumber: "call me"), defaults()),
              (CampaignInput(name: "P", jobID: "j", fromNumber: "+1 212 555 0100 ext 4"), defaults()),
              (CampaignInput(name: "P", jobID: "j"), defaults(fromNumber: "555-0100")),
          ])
    func invalidFromNumber(input: CampaignInput, defaults: CampaignDefaults) {
        #expect(error(input, defaults)?.field == "from_number")
    }

    @Test("Two targets with one key are refused at the second")
    func duplicateTargetKeys() {
        let error = self.error(CampaignInput(name: "P", jobID: "j", targets: [
            TargetInput(key: "licence", name: "Licence", goalType: "boolean"),
            TargetInput(key: "licence", name: "Licence again", goalType: "text"),
        ]))
        #expect(error?.field == "targets[1].key")
        #expect(error?.message.contains("\"licence\"") == true)
    }

    @Test("A bad target is named by its index in the list")
    func badTargetIndex() {
        let error = self.error(CampaignInput(name: "P", jobID: "j", targets: [
            TargetInput(key: "licence", name: "Licence", goalType: "boolean"),
            TargetInput(key: "shift", name: "Shift", goalType: "choice"),
            TargetInput(key: "interested", name: "Interested", goalType: "boolean"),
        ]))
        #expect(error?.field == "targets[1].choices")
    }

    @Test("A reserved target key names targets[0].key")
    func reservedKeyInCampaign() {
        let error = self.error(CampaignInput(name: "P", jobID: "j", targets: [
            TargetInput(key: "interested", name: "Interested", goalType: "boolean"),
        ]))
        #expect(error?.field == "targets[0].key")
    }

    @Test("A campaign has at most 50 questions")
    func questionCount() throws {
        let fifty = (1...50).map { "Question \($0)?" }
        #expect(try create(CampaignInput(name: "P", jobID: "j", questions: fifty)).questions.count == 50)
        #expect(error(CampaignInput(name: "P", jobID: "j", questions: fifty + ["One more?"]))
            == FieldError("questions", "at most 50 questions"))
    }

    @Test("A blank or overlong question is named by its index")
    func questionRules() {
        #expect(error(CampaignInput(name: "P", jobID: "j", questions: ["Q1?", "Q2?", "  "]))
            == FieldError("questions[2]", "is required"))
        #expect(error(CampaignInput(name: "P", jobID: "j", questions: [text(1_001)]))?.field == "questions[0]")
    }

    @Test("A campaign has at most 50 targets")
    func targetCount() throws {
        let targets = (1...51).map { TargetInput(key: "t\($0)", name: "T\($0)", goalType: "text") }
        #expect(try create(CampaignInput(name: "P", jobID: "j", targets: Array(targets.prefix(50)))).targets.count == 50)
        #expect(error(CampaignInput(name: "P", jobID: "j", targets: targets)) == FieldError("targets", "at most 50 targets"))
    }

    @Test("Bad calling settings on create are named under calling")
    func badCallingOnCreate() {
        #expect(error(CampaignInput(name: "P", jobID: "j", calling: CallingInput(windowEnd: "08:00")))?.field
            == "calling.window_end")
        #expect(error(CampaignInput(name: "P", jobID: "j", calling: CallingInput(timezone: "Mars/Base")))?.field
            == "calling.timezone")
    }
}

@Suite("Campaign validation: PATCH")
struct CampaignPatchTests {
    private let campaign = CampaignSpec(
        name: "Pickers", jobID: "job_1", fromNumber: "+14155550100", questions: ["Can you work nights?"],
        targets: [TargetSpec(key: "licence", name: "Licence", goalType: .boolean)], calling: defaultCalling())

    private func patch(_ input: CampaignInput, country: String = "US") throws(FieldError) -> CampaignSpec {
        try campaign.applying(input, defaultCountry: country)
    }

    private func error(_ input: CampaignInput) -> FieldError? {
        fieldError { () throws(FieldError) in try patch(input) }
    }

    private func callingError(_ input: CallingInput) -> FieldError? {
        error(CampaignInput(calling: input))
    }

    @Test("An empty PATCH keeps everything")
    func emptyPatch() throws {
        #expect(try patch(CampaignInput()) == campaign)
        #expect(try patch(CampaignInput(calling: CallingInput())) == campaign)
    }

    @Test("A PATCH changes only the fields it sends")
    func partialPatch() throws {
        let next = try patch(CampaignInput(name: " Day pickers ", jobID: "job_2"))
        var expected = campaign
        expected.name = "Day pickers"
        expected.jobID = "job_2"
        #expect(next == expected)
    }

    @Test("A PATCH may not blank the name or the job")
    func blankNameOrJob() {
        #expect(error(CampaignInput(name: "  ")) == FieldError("name", "is required"))
        #expect(error(CampaignInput(jobID: "")) == FieldError("job_id", "must not be empty"))
    }

    @Test("A PATCH's caller number is normalized with the given country, and checked")
    func patchFromNumber() throws {
        #expect(try patch(CampaignInput(fromNumber: "020 7946 0958"), country: "GB").fromNumber == "+442079460958")
        #expect(error(CampaignInput(fromNumber: "12"))?.field == "from_number")
        #expect(error(CampaignInput(fromNumber: ""))?.field == "from_number")
    }

    @Test("Questions and targets replace the whole list")
    func listsReplace() throws {
        let next = try patch(CampaignInput(
            questions: ["Do you have boots?", "Can you start Monday?"],
            targets: [TargetInput(key: "boots", name: "Boots", goalType: "boolean")]))
        #expect(next.questions == ["Do you have boots?", "Can you start Monday?"])
        #expect(next.targets.map(\.key) == ["boots"])
        let cleared = try patch(CampaignInput(questions: [], targets: []))
        #expect(cleared.questions == [])
        #expect(cleared.targets == [])
    }

    @Test("Targets in a PATCH are validated like on create")
    func patchTargetsValidated() {
        #expect(error(CampaignInput(targets: [
            TargetInput(key: "boots", name: "Boots", goalType: "boolean"),
            TargetInput(key: "boots", name: "Boots", goalType: "boolean"),
        ]))?.field == "targets[1].key")
        #expect(error(CampaignInput(questions: (0...50).map { "Q\($0)" }))?.field == "questions")
    }

    @Test("Changing only window_start keeps the end and every other calling setting")
    func windowStartOnly() throws {
        let next = try patch(CampaignInput(calling: CallingInput(windowStart: "07:30")))
        var expected = defaultCalling()
        expected.window = try CallingWindow(start: time("07:30"), end: time("18:00"))
        #expect(next.calling == expected)
        #expect(next.name == campaign.name)
        #expect(next.questions == campaign.questions)
    }

    @Test("Changing only window_end keeps the start")
    func windowEndOnly() throws {
        let next = try patch(CampaignInput(calling: CallingInput(windowEnd: "24:00")))
        #expect(next.calling.window.description == "09:00-24:00")
    }

    @Test("A window whose start is not before its end is refused at the field that moved",
          arguments: [
              (CallingInput(windowStart: "18:00"), "calling.window_start"),
              (CallingInput(windowStart: "19:00"), "calling.window_start"),
              (CallingInput(windowEnd: "09:00"), "calling.window_end"),
              (CallingInput(windowEnd: "08:00"), "calling.window_end"),
              (CallingInput(windowStart: "12:00", windowEnd: "11:00"), "calling.window_start"),
              (CallingInput(windowStart: "12:00", windowEnd: "12:00"), "calling.window_start"),
              (CallingInput(windowStart: "24:00"), "calling.window_start"),
          ])
    func reversedWindow(input: CallingInput, field: String) {
        let error = callingError(input)
        #expect(error?.field == field)
        #expect(error?.message.contains("must be before its end") == true)
    }

    @Test("A time that is not HH:MM in 24-hour form is refused",
          arguments: ["9:00", "24:01", "12:60", "0900", "09:00:00", "", "ab:cd", "-1:00", "09:0", " 09:00", "٠٩:٠٠", "+9:00"])
    func badTimes(text: String) {
        #expect(callingError(CallingInput(windowStart: text))?.field == "calling.window_start")
        #expect(callingError(CallingInput(windowEnd: text))?.field == "calling.window_end")
    }

    @Test("An unknown time zone is refused", arguments: ["Mars/Base", "", "america/new_york", "EST+5"])
    func badTimezone(zone: String) {
        #expect(callingError(CallingInput(timezone: zone))?.field == "calling.timezone")
    }

    @Test("A known time zone replaces the old one", arguments: ["Europe/London", "UTC", "Australia/Sydney"])
    func goodTimezone(zone: String) throws {
        #expect(try patch(CampaignInput(calling: CallingInput(timezone: zone))).calling.timezone == zone)
    }

    @Test("Days replace the old ones, in week order")
    func days() throws {
        #expect(try patch(CampaignInput(calling: CallingInput(days: ["sun", "SAT"]))).calling.days == [.sat, .sun])
    }

    @Test("Empty, unknown or repeated days are refused",
          arguments: [[], ["funday"], ["mon", "mon"], ["mon", "Mon"], ["monday"]] as [[String]])
    func badDays(days: [String]) {
        #expect(callingError(CallingInput(days: days))?.field == "calling.days")
    }

    @Test("max_attempts must be 1 to 10", arguments: [(0, false), (1, true), (10, true), (11, false), (-1, false)])
    func maxAttempts(value: Int, ok: Bool) throws {
        if ok {
            #expect(try patch(CampaignInput(calling: CallingInput(maxAttempts: value))).calling.maxAttempts == value)
        } else {
            #expect(callingError(CallingInput(maxAttempts: value)) == FieldError("calling.max_attempts", "must be between 1 and 10"))
        }
    }

    @Test("retry_after_minutes must be 1 to a week", arguments: [(0, false), (1, true), (10_080, true), (10_081, false)])
    func retryAfter(value: Int, ok: Bool) throws {
        if ok {
            #expect(try patch(CampaignInput(calling: CallingInput(retryAfterMinutes: value))).calling.retryAfterMinutes == value)
        } else {
            #expect(callingError(CallingInput(retryAfterMinutes: value))?.field == "calling.retry_after_minutes")
        }
    }

    @Test("A campaign's concurrency must be 1 to 1000", arguments: [(0, false), (1, true), (1_000, true), (1_001, false)])
    func concurrency(value: Int, ok: Bool) throws {
        if ok {
            #expect(try patch(CampaignInput(calling: CallingInput(concurrency: value))).calling.concurrency == value)
        } else {
            #expect(callingError(CallingInput(concurrency: value))?.field == "calling.concurrency")
        }
    }
}

// MARK: - Calling hours

@Suite("Calling windows and weekdays")
struct CallingHoursTests {
    @Test("A window like 09:00-18:00 parses to its start and end",
          arguments: [
              ("09:00-18:00", 540, 1_080, "09:00-18:00"),
              ("00:00-24:00", 0, 1_440, "00:00-24:00"),
              (" 08:30 - 17:45 ", 510, 1_065, "08:30-17:45"),
              ("23:59-24:00", 1_439, 1_440, "23:59-24:00"),
          ])
    func goodWindows(text: String, start: Int, end: Int, description: String) throws {
        let window = try CallingWindow(parsing: text)
        #expect(window.start.minutes == start)
        #expect(window.end.minutes == end)
        #expect(window.description == description)
    }

    @Test("A window that is malformed or not forwards is refused",
          arguments: ["", "09:00", "9:00-18:00", "09:00-18", "09:00-18:00-19:00", "18:00-09:00", "09:00-09:00",
                      "09:00–18:00", "09.00-18.00", "24:00-24:00", "09:00-24:01", "nine to five"])
    func badWindows(text: String) {
        #expect(throws: DomainError.self) { try CallingWindow(parsing: text) }
    }

    @Test("A reversed window says which way round it must be")
    func reversedWindowMessage() {
        #expect(throws: DomainError.invalid("window start 18:00 must be before its end 09:00")) {
            try CallingWindow(parsing: "18:00-09:00")
        }
    }

    @Test("A malformed window quotes what was written")
    func malformedWindowMessage() {
        #expect(throws: DomainError.invalid("\"9-5\" is not a window like \"09:00-18:00\"")) {
            try CallingWindow(parsing: "9-5")
        }
    }

    @Test("A list of day names parses in week order, any case",
          arguments: [
              (["mon", "tue", "wed", "thu", "fri"], [Weekday.mon, .tue, .wed, .thu, .fri]),
              (["sun", "sat"], [.sat, .sun]),
              (["FRI", "Mon"], [.mon, .fri]),
              (["wed"], [.wed]),
              (Weekday.allCases.map(\.rawValue).reversed(), Weekday.allCases),
          ])
    func goodDayLists(names: [String], days: [Weekday]) throws {
        #expect(try Weekday.parseList(names).get() == days)
    }

    @Test("An empty list, an unknown day or a repeated day is refused with a reason",
          arguments: [
              ([], "must name at least one day"),
              (["mon", "funday"], "\"funday\" is not a day (use mon, tue, wed, thu, fri, sat, sun)"),
              (["mon", "MON"], "\"MON\" is listed twice"),
              (["monday"], "\"monday\" is not a day (use mon, tue, wed, thu, fri, sat, sun)"),
              ([""], "\"\" is not a day (use mon, tue, wed, thu, fri, sat, sun)"),
          ] as [([String], String)])
    func badDayLists(names: [String], message: String) {
        #expect(Weekday.parseList(names) == .failure(.invalid(message)))
    }
}

