import Foundation
import Retell
import Testing

@Suite("Wire decoding")
struct WireDecodingTests {
    static func payload(_ file: String) throws -> WebhookPayload {
        let body = try Data(contentsOf: RetellFixtures.examples.appendingPathComponent(file))
        return try JSONDecoder().decode(WebhookPayload.self, from: body)
    }

    @Test("call_started decodes with metadata kept as it came")
    func callStarted() throws {
        let payload = try Self.payload("call_started.json")
        #expect(payload.event == "call_started")
        let call = payload.call
        #expect(call.callID == "call_7d2e4b9a1c6f8e3d5b0a2c4e6f")
        #expect(call.agentID == "agent_3f9c1d2e8b7a4c5d6e0f1a2b3c")
        #expect(call.agentVersion == 3)
        #expect(call.callType == "phone_call")
        #expect(call.direction == "outbound")
        #expect(call.fromNumber == "+14155550123")
        #expect(call.toNumber == "+12065550187")
        #expect(call.status == .ongoing)
        #expect(call.startTimestamp == 1_773_158_405_412)
        #expect(call.metadata == ["candidate_id": "cand_01J9ZK4Q7M", "requisition_id": "REQ-2291",
                                  "campaign": "warehouse-nights-2026-03", "attempt": 1])
        #expect(call.retellLLMDynamicVariables?["candidate_first_name"] == "Maria")
        #expect(call.endTimestamp == nil)
        #expect(call.transcript == nil)
        #expect(call.callAnalysis == nil)
    }

    @Test("call_ended decodes the transcript, timings and cost, and no analysis")
    func callEnded() throws {
        let call = try Self.payload("call_ended.json").call
        #expect(call.status == .ended)
        #expect(call.endTimestamp == 1_773_158_475_357)
        #expect(call.durationMS == 69_945)
        #expect(call.disconnectionReason == "agent_hangup")
        #expect(call.transcript?.hasPrefix("Agent: Hi, is this Maria?\nUser: Yes, this is Maria.") == true)
        let turns = try #require(call.transcriptObject)
        #expect(turns.first == TranscriptTurn(role: "agent", content: "Hi, is this Maria?", words: [
            TranscriptWord(word: "Hi,", start: 0.62, end: 0.905), TranscriptWord(word: "is", start: 0.945, end: 1.195),
            TranscriptWord(word: "this", start: 1.235, end: 1.555), TranscriptWord(word: "Maria?", start: 1.595, end: 1.985),
        ]))
        #expect(turns.contains { $0.role == "user" && $0.content == "Around forty-two thousand a year." })
        #expect(call.recordingURL == "https://retellai.s3.us-west-2.amazonaws.com/call_7d2e4b9a1c6f8e3d5b0a2c4e6f/recording.wav")
        #expect(call.publicLogURL == "https://retellai.s3.us-west-2.amazonaws.com/call_7d2e4b9a1c6f8e3d5b0a2c4e6f/public_log.txt")
        let cost = try #require(call.callCost)
        #expect(cost.combinedCost == 10.39)
        #expect(cost.totalDurationSeconds == 70)
        #expect(cost.productCosts?.map(\.product) == ["elevenlabs_tts", "gpt_4_1_mini", "retell_telephony"])
        #expect(call.callAnalysis == nil)
    }

    @Test("call_analyzed keeps custom analysis values of mixed types as they came")
    func callAnalyzed() throws {
        let payload = try Self.payload("call_analyzed.json")
        #expect(payload.event == "call_analyzed")
        let analysis = try #require(payload.call.callAnalysis)
        #expect(analysis.inVoicemail == false)
        #expect(analysis.userSentiment == "Positive")
        #expect(analysis.callSuccessful == true)
        #expect(analysis.callSummary?.contains("Daniel Okafor") == true)
        #expect(analysis.customAnalysisData == [
            "available_to_work": true, "interested": true, "knows_referee": true,
            "expected_salary": 42_000, "earliest_start_date": "2026-03-23",
        ])
        #expect(analysis.customAnalysisData?["expected_salary"]?.numberValue == 42_000)
        #expect(analysis.customAnalysisData?["interested"]?.boolValue == true)
        #expect(payload.call.callCost?.combinedCost == 10.39)
    }

    @Test("A payload survives encoding and decoding unchanged")
    func roundTrip() throws {
        let payload = try Self.payload("call_analyzed.json")
        let again = try JSONDecoder().decode(WebhookPayload.self, from: JSONEncoder().encode(payload))
        #expect(again == payload)
    }

    @Test("Unknown fields are ignored and missing optional fields are nil")
    func unknownAndMissing() throws {
        let body = #"""
            {"event":"call_ended","extra":{"x":1},
             "call":{"call_id":"c","agent_id":"a","call_status":"brand_new_status","latency":{"e2e":{"p50":1}},
                     "future_field":[1,2,3],"call_analysis":{"sentiment_details":{}}}}
            """#
        let payload = try JSONDecoder().decode(WebhookPayload.self, from: Data(body.utf8))
        #expect(payload.call.callStatus == "brand_new_status")
        #expect(payload.call.status == nil)
        #expect(payload.call.agentVersion == nil)
        #expect(payload.call.metadata == nil)
        #expect(payload.call.callAnalysis == CallAnalysis())
    }

    @Test("Numbers are read where whole numbers are expected, and odd types become nil")
    func tolerantNumbers() throws {
        let body = #"""
            {"call_id":"c","agent_id":"a","call_status":"ended","duration_ms":12345.0,"agent_version":"3",
             "start_timestamp":1773158405412.0,"end_timestamp":"soon","transcript_object":[{"role":"agent"},{"content":"no role"}],
             "call_analysis":{"in_voicemail":"false","call_successful":1,"custom_analysis_data":{"n":null}},
             "call_cost":"free","retell_llm_dynamic_variables":{"a":"x","b":2}}
            """#
        let call = try JSONDecoder().decode(Call.self, from: Data(body.utf8))
        #expect(call.durationMS == 12_345)
        #expect(call.agentVersion == 3)
        #expect(call.startTimestamp == 1_773_158_405_412)
        #expect(call.endTimestamp == nil)
        #expect(call.transcriptObject == [TranscriptTurn(role: "agent", content: "")])
        #expect(call.callAnalysis?.inVoicemail == false)
        #expect(call.callAnalysis?.callSuccessful == true)
        #expect(call.callAnalysis?.customAnalysisData == ["n": .null])
        #expect(call.callCost == nil)
        #expect(call.retellLLMDynamicVariables == ["a": "x", "b": "2"])
    }

    @Test("A call without call_id does not decode")
    func requiredFields() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Call.self, from: Data(#"{"agent_id":"a","call_status":"ended"}"#.utf8))
        }
    }

    @Test("event_type is read when event is missing")
    func eventTypeFallback() throws {
        let body = #"{"event_type":"call_analyzed","call":{"call_id":"c","agent_id":"a","call_status":"ended"}}"#
        let payload = try JSONDecoder().decode(WebhookPayload.self, from: Data(body.utf8))
        #expect(payload.event == "call_analyzed")
        #expect(String(decoding: try JSONEncoder().encode(payload), as: UTF8.self).contains(#""event":"call_analyzed""#))
    }

    @Test("A bare array from the older list-calls decodes as one page")
    func bareCallList() throws {
        let list = try JSONDecoder().decode(CallList.self, from: Data(#"[{"call_id":"c","agent_id":"a","call_status":"ended"}]"#.utf8))
        #expect(list.items.map(\.callID) == ["c"])
        #expect(!list.hasMore)
    }

    @Test("Requests encode only the fields that are set")
    func sparseRequests() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let call = CreatePhoneCallRequest(fromNumber: "+1", toNumber: "+2")
        #expect(String(decoding: try encoder.encode(call), as: UTF8.self) == #"{"from_number":"+1","to_number":"+2"}"#)
        #expect(String(decoding: try encoder.encode(AgentRequest()), as: UTF8.self) == "{}")
        #expect(String(decoding: try encoder.encode(RetellLLMRequest(startSpeaker: nil)), as: UTF8.self) == "{}")
        #expect(String(decoding: try encoder.encode(ListCallsRequest()), as: UTF8.self) == "{}")
    }

    @Test("Analysis field types use Retell's names")
    func analysisFieldTypes() {
        #expect(AnalysisFieldType.allCases.map(\.rawValue) == ["string", "enum", "boolean", "number", "system-presets"])
        #expect(CallStatus.allCases.map(\.rawValue) == ["registered", "not_connected", "ongoing", "ended", "error"])
    }
}

@Suite("RetellJSON")
struct RetellJSONTests {
    @Test("Booleans are read from true, \"true\" and \"yes\", and their opposites")
    func bools() {
        let yes: [RetellJSON] = [true, "true", "yes", "YES ", "y", "1", 1]
        let no: [RetellJSON] = [false, "false", "No", "n", "0", 0]
        #expect(yes.allSatisfy { $0.boolValue == true })
        #expect(no.allSatisfy { $0.boolValue == false })
        #expect(([nil, "maybe", 2, [], [:]] as [RetellJSON]).allSatisfy { $0.boolValue == nil })
    }

    @Test("Numbers are read from 42000 and \"42000\", not from words")
    func numbers() {
        #expect(RetellJSON.number(42_000).numberValue == 42_000)
        #expect(RetellJSON.string("42000").numberValue == 42_000)
        #expect(RetellJSON.string(" 42,000 ").numberValue == 42_000)
        #expect(RetellJSON.string("0.8").numberValue == 0.8)
        #expect(RetellJSON.string("forty-two").numberValue == nil)
        #expect(RetellJSON.string("").numberValue == nil)
        #expect(RetellJSON.bool(true).numberValue == nil)
        #expect(RetellJSON.string("41999.6").intValue == 42_000)
    }

    @Test("Strings are read from text, numbers and booleans")
    func strings() {
        #expect(RetellJSON.string("2026-03-23").stringValue == "2026-03-23")
        #expect(RetellJSON.number(42_000).stringValue == "42000")
        #expect(RetellJSON.number(0.5).stringValue == "0.5")
        #expect(RetellJSON.bool(false).stringValue == "false")
        #expect(RetellJSON.null.stringValue == nil)
        #expect(RetellJSON.object(["a": 1])["a"] == 1)
    }

    @Test("Every JSON type decodes and encodes as it came")
    func roundTrip() throws {
        let text = #"{"a":true,"b":1,"c":1.5,"d":"x","e":null,"f":[1,"2",false],"g":{"h":0}}"#
        let value = try JSONDecoder().decode(RetellJSON.self, from: Data(text.utf8))
        #expect(value == ["a": true, "b": 1, "c": 1.5, "d": "x", "e": nil, "f": [1, "2", false], "g": ["h": 0]])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == text)
    }
}
