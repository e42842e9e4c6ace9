import Foundation

/// Signed Retell deliveries whose every field may be hostile: the analysis (built-in and custom,
/// including the campaign's targets), cost, duration, timestamps, metadata and the event itself.
enum WebhookCases {
    static let events = ["call_started", "call_ended", "call_analyzed"]
    static let statuses = ["registered", "ongoing", "ended", "error", "not_connected"]
    /// `custom_analysis_data` keys the mapping reads, and the seeded campaign's target keys.
    static let customKeys = [
        "available_to_work", "interested", "know_referee", "opted_out", "sentiment_score", "key_points",
        "objections", "next_steps", "has_license", "expected_salary", "shift", "notes", "callback_at",
    ]
    /// `callback_at` answers near the forms the callback rule reads (JSON text): out-of-range fields,
    /// offsets, DST gaps, NUL, over-long and non-ASCII digits.
    static let callbackAnswers = [
        #""2026-11-19 15:00""#, #""2026-11-19T15:00:00-05:00""#, #""2026-11-18 11:00""#, #""9999-12-31 23:59""#,
        #""2026-02-29 10:00""#, #""2027-03-14 02:30""#, #""2026-11-19 15:00+99:99""#, #""2026-11-19T15:00:00.""#,
        #""2026-11-19\u000015:00""#, #""\u0662\u0660\u0662\u0666-11-19 15:00""#, #""0000-00-00 00:00""#,
        "\"" + String(repeating: "2026-11-19 15:00 ", count: 8) + "\"", #""-9223372036854775808""#, "2e308", "[]",
    ]

    /// A delivery body (signed by the harness).
    static func body(_ input: inout HostileInput, targets: FuzzTargets) -> (label: String, body: [UInt8]) {
        input.validJSON = input.chance(0.75)
        let call = input.pick(targets.calls)
        var fields: [(String, [UInt8])] = [
            ("call_id", input.maybeJSON("\"\(call.retellID)\"", hostility: 0.1)),
            ("agent_id", input.maybeJSON("\"agent_fuzz\"", hostility: 0.2)),
            ("agent_version", input.maybeJSON("1")),
            ("call_status", input.maybeJSON("\"\(input.pick(statuses))\"", hostility: 0.2)),
            ("metadata", input.maybeJSON("{\"shortlist_call_id\":\"\(call.id)\"}", hostility: 0.15)),
            ("start_timestamp", input.maybeJSON("1795000000000")),
            ("end_timestamp", input.maybeJSON("1795000095000")),
            ("duration_ms", input.maybeJSON("95000")),
            ("disconnection_reason", input.maybeJSON("\"user_hangup\"")),
            ("transcript", input.maybeJSON("\"Agent: Hello\\nUser: Hi\"")),
            ("recording_url", input.maybeJSON("\"https://r.example/rec.wav\"", hostility: 0.2)),
            ("call_cost", input.chance(0.5) ? object([("combined_cost", input.jsonValue())]) : input.maybeJSON("{\"combined_cost\":31.6}")),
        ]
        var varied = "call"
        if input.chance(0.85) {
            var custom: [(String, [UInt8])] = []
            for key in customKeys where input.chance(0.6) {
                let value = key == "callback_at" && input.chance(0.5) ? input.pick(callbackAnswers) : plausible(key)
                custom.append((key, input.chance(0.6) ? input.jsonValue() : Array(value.utf8)))
            }
            if input.chance(0.2) { custom.append((String(decoding: input.text().prefix(64), as: UTF8.self), input.jsonValue())) }
            varied = "analysis " + custom.map(\.0).joined(separator: ",")
            fields.append(("call_analysis", object([
                ("call_summary", input.maybeJSON("\"Keen.\"")),
                ("user_sentiment", input.maybeJSON("\"Positive\"")),
                ("call_successful", input.maybeJSON("true")),
                ("in_voicemail", input.maybeJSON("false")),
                ("custom_analysis_data", input.chance(0.9) ? object(custom) : input.jsonValue()),
            ])))
        }
        let event = input.maybeJSON("\"\(input.pick(events))\"", hostility: 0.1)
        let body = object([("event", event), ("call", input.chance(0.95) ? object(fields) : input.jsonValue())])
        return ("signed webhook, \(varied)", body)
    }

    static func plausible(_ key: String) -> String {
        switch key {
        case "sentiment_score": "0.8"
        case "key_points", "objections", "next_steps": "\"- one\\n- two\""
        case "expected_salary": "52000"
        case "shift": "\"day\""
        case "notes": "\"Drives vans\""
        default: "true"
        }
    }

    static func object(_ members: [(String, [UInt8])]) -> [UInt8] {
        let parts = members.map { key($0.0) + Array(":".utf8) + $0.1 }
        return Array("{".utf8) + parts.joined(separator: Array(",".utf8)) + Array("}".utf8)
    }

    /// A member name as a JSON string, every character that must be escaped escaped.
    static func key(_ name: String) -> [UInt8] {
        var out = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return Array((out + "\"").utf8)
    }
}
