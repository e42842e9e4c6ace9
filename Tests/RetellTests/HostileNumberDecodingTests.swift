import Foundation
import Retell
import Testing

/// Numbers at and beyond the edges of `Int`/`Int64` in a webhook's call never trap: a whole-number
/// field that does not fit is nil, a value kept as JSON keeps the number, and it reads as text.
@Suite("Wire decoding: hostile numbers")
struct HostileNumberDecodingTests {
    static func call(_ fields: String) throws -> Call {
        let body = #"{"event":"call_ended","call":{"call_id":"call_1","agent_id":"agent_1","call_status":"ended",\#(fields)}}"#
        return try JSONDecoder().decode(WebhookPayload.self, from: Data(body.utf8)).call
    }

    @Test("Whole-number fields beyond Int64, negative zero, fractions and numeric strings decode without trapping", arguments: [
        ("1e19", nil), ("9223372036854775808", nil), ("-1e308", nil), ("1e308", nil), ("\"NaN\"", nil), ("\"Infinity\"", nil),
        ("-0", 0), ("95000.4", 95_000), ("\"95000\"", 95_000), ("9223372036854774784", 9_223_372_036_854_774_784),
    ] as [(String, Int64?)])
    func wholeNumbers(literal: String, expected: Int64?) throws {
        let call = try Self.call(#""duration_ms":\#(literal),"start_timestamp":\#(literal),"agent_version":\#(literal)"#)
        #expect(call.durationMS == expected)
        #expect(call.startTimestamp == expected)
        #expect(call.agentVersion == expected.flatMap { Int(exactly: $0) })
    }

    @Test("A custom analysis value of 1e19 stays a number and reads as the text 1e+19")
    func hugeCustomValue() throws {
        let call = try Self.call(#""call_analysis":{"custom_analysis_data":{"salary":1e19,"count":42000,"cost":-0}},"call_cost":{"combined_cost":1e19}"#)
        let custom = try #require(call.callAnalysis?.customAnalysisData)
        #expect(custom["salary"] == .number(1e19))
        #expect(custom["salary"]?.stringValue == "1e+19")
        #expect(custom["salary"]?.intValue == nil)
        #expect(custom["count"]?.stringValue == "42000")
        #expect(custom["cost"]?.stringValue == "0")
        #expect(call.callCost?.combinedCost == 1e19)
    }
}
