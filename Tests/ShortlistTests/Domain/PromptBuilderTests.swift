import Foundation
import Testing
@testable import Shortlist

@Suite("Prompt builder")
struct PromptBuilderTests {
    /// The seed plan's test case: two questions and a driver-licence target.
    static let seedCase = PromptInput(
        job: JobSpec(
            company: "Acme Logistics", title: "Forklift Driver", location: "Austin, TX", salaryRange: "$20–24 an hour",
            employmentType: "Full-time", description: "Day and night shifts in our distribution centre."),
        questions: ["What is your expected salary?", "When can you start?"],
        targets: [TargetSpec(key: "has_driver_license", name: "Has valid driver license", goalType: .boolean, knockout: Knockout(equals: true))],
        maxCallMinutes: 15)

    @Test("The seed plan's case: the prompt asks both questions and the analysis fields include the licence target")
    func seedPlanCase() throws {
        let prompt = PromptBuilder.build(Self.seedCase)
        #expect(prompt.generalPrompt.contains("1. What is your expected salary?"))
        #expect(prompt.generalPrompt.contains("2. When can you start?"))
        #expect(prompt.generalPrompt.contains("- Has valid driver license (a yes or no answer)"))
        let licence = try #require(prompt.analysisFields.first { $0.name == "has_driver_license" })
        #expect(licence.kind == .boolean)
        #expect(prompt.analysisFields.map(\.name) == [
            "available_to_work", "interested", "know_referee", "has_driver_license",
            "sentiment_score", "key_points", "objections", "next_steps", "opted_out", "callback_at",
        ])
        try Golden.check(prompt.generalPrompt, against: "prompt-seed-case.txt")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Golden.check(String(decoding: try encoder.encode(prompt.analysisFields), as: UTF8.self) + "\n",
                         against: "analysis-fields-seed-case.json")
    }

    @Test("The third goal asks the seed's question: whether the candidate knows anyone who works at the job's company")
    func refereeGoal() {
        let text = PromptBuilder.build(Self.seedCase).generalPrompt
        #expect(text.contains("3. Ask whether they know anyone who works at Acme Logistics, such as a friend, a relative or a former colleague; a yes or no is enough."))
        #expect(!text.contains("anyone else"))
        #expect(!text.contains("good fit"))
    }

    @Test("The know_referee analysis field describes the same question about the same company")
    func refereeField() throws {
        let field = try #require(PromptBuilder.build(Self.seedCase).analysisFields.first { $0.name == "know_referee" })
        #expect(field.kind == .boolean)
        #expect(field.description == "True if the candidate said they know anyone who works at Acme Logistics; false if they said they know no one there.")
    }

    @Test("Another company changes the question in both the prompt and the field, so the agent gets a new version")
    func refereeFollowsCompany() throws {
        var input = Self.seedCase
        input.job.company = "Northwind Traders"
        let prompt = PromptBuilder.build(input)
        #expect(prompt.generalPrompt.contains("know anyone who works at Northwind Traders,"))
        #expect(!prompt.generalPrompt.contains("Acme Logistics"))
        let field = try #require(prompt.analysisFields.first { $0.name == "know_referee" })
        #expect(field.description.contains("know anyone who works at Northwind Traders;"))
        #expect(prompt != PromptBuilder.build(Self.seedCase))
    }

    @Test("The same input gives byte-identical output")
    func deterministic() {
        #expect(PromptBuilder.build(Self.seedCase) == PromptBuilder.build(Self.seedCase))
    }

    @Test("The begin message names the caller, company and role, says it is automated and recorded, and how to opt out")
    func beginMessage() {
        let message = PromptBuilder.build(Self.seedCase).beginMessage
        for part in ["{{first_name}}", "{{company}}", "{{job_title}}", "automated assistant", "recorded", "not be called again"] {
            #expect(message.contains(part), "missing \(part)")
        }
    }

    @Test("No candidate data is baked in: candidate facts are dynamic variables with string defaults")
    func noCandidateData() {
        let prompt = PromptBuilder.build(Self.seedCase)
        #expect(prompt.generalPrompt.contains("{{candidate_name}}"))
        #expect(prompt.dynamicVariables == ["candidate_name", "first_name", "job_title", "company", "location", "today"])
        #expect(Set(prompt.defaultDynamicVariables.keys) == Set(prompt.dynamicVariables))
        #expect(prompt.defaultDynamicVariables["company"] == "Acme Logistics")
    }

    @Test("Each goal type maps to its analysis type; a choice target carries its choices in order")
    func fieldTypes() {
        var input = Self.seedCase
        input.targets = [
            TargetSpec(key: "salary", name: "Expected salary", goalType: .number),
            TargetSpec(key: "shift", name: "Preferred shift", description: "Which shift suits", goalType: .choice, choices: ["night", "day"]),
            TargetSpec(key: "notes", name: "Other notes", goalType: .text),
        ]
        let fields = PromptBuilder.build(input).analysisFields
        #expect(fields.first { $0.name == "salary" }?.kind == .number)
        #expect(fields.first { $0.name == "shift" }?.kind == .enum)
        #expect(fields.first { $0.name == "shift" }?.choices == ["night", "day"])
        #expect(fields.first { $0.name == "shift" }?.description == "Preferred shift: Which shift suits")
        #expect(fields.first { $0.name == "notes" }?.kind == .string)
        #expect(PromptBuilder.build(input).generalPrompt.contains("- Preferred shift: Which shift suits (one of: night, day)"))
    }

    @Test("The prompt covers voicemail, opt-out and call-me-later, and the time limit")
    func situations() {
        let text = PromptBuilder.build(Self.seedCase).generalPrompt
        #expect(text.contains("Voicemail"))
        #expect(text.contains("not to be called again"))
        #expect(text.contains("called back later"))
        #expect(text.contains("15 minutes"))
    }

    @Test("A campaign without questions or targets still gets a complete prompt")
    func empty() {
        var input = Self.seedCase
        input.questions = []
        input.targets = []
        let prompt = PromptBuilder.build(input)
        #expect(prompt.generalPrompt.contains("No extra questions"))
        #expect(!prompt.generalPrompt.contains("## Information to gather"))
        #expect(prompt.analysisFields.count == 9)
    }

    @Test("A callback asked for is confirmed with weekday, date and time from the candidate's today, and answered as callback_at")
    func callbackAsked() throws {
        let prompt = PromptBuilder.build(Self.seedCase)
        #expect(prompt.generalPrompt.contains("repeating the weekday, the date and the time"))
        #expect(prompt.generalPrompt.contains("{{today}}"))
        let field = try #require(prompt.analysisFields.first { $0.name == "callback_at" })
        #expect(field.kind == .string)
        #expect(field.description.hasPrefix("The date and local time the candidate asked to be called back, as YYYY-MM-DD HH:MM"))
        #expect(field.description.hasSuffix("empty when they did not ask."))
    }
}
