import Foundation
@testable import RetellSimulator
import Testing

@Suite("Retell simulator outcomes and fakes")
struct SimulatorOutcomeTests {
    /// Creates `count` calls on a fresh simulator seeded with `seed`; returns their outcomes.
    private func outcomes(seed: UInt64, count: Int, weights: OutcomeWeights) async throws -> [SimulatedOutcome] {
        try await SimHarness.with(speedup: 0.01, seed: seed, concurrencyLimit: 1_000, outcomes: weights) { sim in
            let agentID = try await sim.makeAgent()
            for _ in 0..<count { try #require(try await sim.call(agentID).status == 201) }
            return await sim.simulator.calls.map(\.outcome)
        }
    }

    @Test("Over 200 calls the seeded outcome mix is close to the weights and identical across runs with the same seed")
    func seededMix() async throws {
        let weights = OutcomeWeights(answered: 0.5, voicemail: 0.2, noAnswer: 0.1, busy: 0.1, invalidNumber: 0.05, optOut: 0.05)
        let first = try await outcomes(seed: 42, count: 200, weights: weights)
        let second = try await outcomes(seed: 42, count: 200, weights: weights)
        #expect(first.count == 200)
        #expect(first == second)
        let expected: [SimulatedOutcome: Double] = [
            .answered: 0.5, .voicemail: 0.2, .noAnswer: 0.1, .busy: 0.1, .invalidNumber: 0.05, .optOut: 0.05,
        ]
        for (outcome, weight) in expected {
            let share = Double(first.count { $0 == outcome }) / 200
            #expect(abs(share - weight) <= 0.08, "\(outcome): \(share) vs \(weight)")
        }
        let other = try await outcomes(seed: 43, count: 200, weights: weights)
        #expect(other != first)
    }

    @Test("A scripted outcome leaves the seeded draw of the following calls unchanged")
    func scriptsDoNotShiftTheSequence() {
        let inputs = { (sequence: UInt64, forced: SimulatedOutcome?) in
            PlanInputs(seed: 9, sequence: sequence, weights: OutcomeWeights(), forcedOutcome: forced, analysisFields: [],
                       maxCallDurationMS: 900_000, generalPrompt: nil, beginMessage: nil, dynamicVariables: [:], createdMS: 0)
        }
        #expect(CallPlanner.plan(inputs(0, .busy)).outcome == .busy)
        #expect(CallPlanner.plan(inputs(1, nil)).outcome == CallPlanner.plan(inputs(1, nil)).outcome)
        #expect(CallPlanner.plan(inputs(1, nil)).talkSeconds == CallPlanner.plan(inputs(1, nil)).talkSeconds)
    }

    @Test("Boolean analysis values come both as JSON booleans and as strings across calls")
    func booleanMix() {
        let fields: [JSONValue] = (0..<4).map { .object(["type": .string("boolean"), "name": .string("flag_\($0)")]) }
        var kinds = Set<String>()
        for sequence in 0..<30 as Range<UInt64> {
            var random = SeededRandom(seed: 5, stream: sequence)
            let (analysis, _) = AnalysisFaker.analysis(outcome: .answered, fields: fields, createdMS: 0, random: &random)
            for field in analysis["custom_analysis_data"]?.objectFields ?? [] {
                switch field.value {
                case .bool: kinds.insert("bool")
                case .string(let text): if ["true", "false"].contains(text) { kinds.insert("string") }
                default: kinds.insert("other")
                }
            }
        }
        #expect(kinds == ["bool", "string"])
    }

    @Test("A call longer than the agent's max duration ends with max_duration_reached")
    func maxDuration() {
        let plan = CallPlanner.plan(PlanInputs(
            seed: 1, sequence: 0, weights: OutcomeWeights(), forcedOutcome: .answered, analysisFields: [],
            maxCallDurationMS: 60_000, generalPrompt: nil, beginMessage: nil, dynamicVariables: [:], createdMS: 0))
        #expect(plan.talkSeconds <= 60)
        if plan.talkSeconds == 60 { #expect(plan.disconnectionReason == "max_duration_reached") }
    }

    @Test("Questions come from the general prompt's lines ending in a question mark, with variables filled in")
    func promptQuestions() {
        let prompt = """
        You are Alex, calling for {{company}}.
        Ask these questions in order:
        1. What is your expected salary?
        - When can you start?
          3) Do you hold a valid driver licence?
        Keep it short.
        """
        let questions = TranscriptFaker.questions(in: prompt)
        #expect(questions == ["What is your expected salary?", "When can you start?", "Do you hold a valid driver licence?"])
        #expect(TranscriptFaker.fill("Hi {{ first_name }} at {{company}} {{unknown}}", ["first_name": "Ana", "company": "Acme"])
            == "Hi Ana at Acme {{unknown}}")
    }

    @Test("Without questions in the prompt, the fake call asks whether the candidate knows anyone at the company and answers as know_referee says")
    func refereeQuestion() throws {
        let fields: [JSONValue] = [.object(["type": .string("boolean"), "name": .string("know_referee")])]
        var seen = Set<Bool>()
        for sequence in 0..<20 as Range<UInt64> {
            var random = SeededRandom(seed: 3, stream: sequence)
            let (analysis, hints) = AnalysisFaker.analysis(outcome: .answered, fields: fields, createdMS: 0, random: &random)
            let value = analysis["custom_analysis_data"]?.objectFields?.first { $0.key == "know_referee" }?.value
            let knows = value == .bool(true) || value == .string("true")
            #expect(knows == hints.knowsSomeoneThere)
            seen.insert(knows)
            let turns = TranscriptFaker.transcript(
                outcome: .answered, talkSeconds: 60, generalPrompt: nil, beginMessage: nil,
                variables: ["first_name": "Ana", "company": "Acme"], hints: hints, random: &random)
            let asked = try #require(turns.firstIndex { $0.content == "Do you know anyone who works at Acme?" })
            #expect(turns[asked + 1].role == "user")
            #expect(turns[asked + 1].content == (knows ? "Yes, a former colleague of mine works there." : "No, I don't know anyone there."))
        }
        #expect(seen == [true, false])
    }

    @Test("JSON is written compactly with raw UTF-8, unescaped slashes, integers kept and key order preserved")
    func jsonWriting() throws {
        let parsed = try #require(JSONValue.parse(Data(#"{"b":1,"a":[true,null,2.5,"x/y"]}"#.utf8)))
        #expect(String(decoding: parsed.bytes, as: UTF8.self) == #"{"a":[true,null,2.5,"x/y"],"b":1}"#)
        let built: JSONValue = .object(["z": .string("Olá \"José\"\n"), "a": .double(42000), "m": nil])
        #expect(String(decoding: built.bytes, as: UTF8.self) == #"{"z":"Olá \"José\"\n","a":42000}"#)
        #expect(JSONValue.parse(Data("{oops".utf8)) == nil)
    }

    @Test("The recording is a 1 s, 8 kHz, 16-bit mono PCM WAV")
    func wavHeader() {
        let wav = Wav.tone(seconds: 1)
        #expect(wav.count == 44 + 16_000)
        #expect(Array(wav[0..<4]) == Array("RIFF".utf8))
        #expect(Array(wav[8..<16]) == Array("WAVEfmt ".utf8))
        let le32 = { (offset: Int) in wav[offset..<offset + 4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } }
        #expect(le32(4) == 36 + 16_000)
        #expect(le32(24) == 8_000)
        #expect(le32(40) == 16_000)
        #expect(wav[22] == 1 && wav[34] == 16)
    }
}
