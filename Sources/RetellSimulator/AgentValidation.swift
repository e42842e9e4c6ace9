import Foundation

/// Checks LLM and agent bodies the way Retell does for the fields Shortlist sends. Unknown LLM and
/// agent fields are kept and echoed (Retell has many more than the simulator models).
enum AgentValidation {
    static let webhookEventNames: Set<String> = [
        "call_started", "call_ended", "call_analyzed", "transcript_updated",
        "transfer_started", "transfer_bridged", "transfer_cancelled", "transfer_ended",
    ]
    static let analysisTypes: Set<String> = ["string", "enum", "boolean", "number", "system-presets"]

    /// A request body that must be a JSON object.
    static func object(_ body: JSONValue?) throws -> JSONValue {
        guard let body, body.objectFields != nil else { throw SimulatorError.invalidFormat }
        return body
    }

    static func validateLLM(_ fields: JSONValue) throws {
        for key in ["general_prompt", "begin_message", "model", "s2s_model", "starting_state"] {
            try optionalString(fields, key)
        }
        if let speaker = fields["start_speaker"], speaker != .null,
           !["agent", "user"].contains(speaker.stringValue ?? "") {
            throw SimulatorError.badRequest("start_speaker must be \"agent\" or \"user\".")
        }
        if let defaults = fields["default_dynamic_variables"], defaults != .null {
            try stringMap(defaults, name: "default_dynamic_variables")
        }
        for key in ["general_tools", "states", "knowledge_base_ids"] {
            if let value = fields[key], value != .null, value.arrayValue == nil {
                throw SimulatorError.badRequest("\(key) must be an array.")
            }
        }
    }

    /// Validates a whole agent (after a create, or after merging an update); `llmExists` says
    /// whether a Retell LLM id is known.
    static func validateAgent(_ fields: JSONValue, llmExists: (String) -> Bool) throws {
        guard let engine = fields["response_engine"], engine != .null else {
            throw SimulatorError.badRequest("response_engine is required.")
        }
        guard engine.objectFields != nil else { throw SimulatorError.badRequest("response_engine must be an object.") }
        guard engine["type"]?.stringValue == "retell-llm" else {
            throw SimulatorError.badRequest("response_engine.type must be \"retell-llm\" (the only engine the simulator runs).")
        }
        guard let llmID = engine["llm_id"]?.stringValue, !llmID.isEmpty else {
            throw SimulatorError.badRequest("response_engine.llm_id is required.")
        }
        guard llmExists(llmID) else { throw SimulatorError.badRequest("response_engine.llm_id \(llmID) does not exist.") }
        guard let voice = fields["voice_id"], voice != .null else { throw SimulatorError.badRequest("voice_id is required.") }
        guard let voiceID = voice.stringValue, !voiceID.isEmpty else {
            throw SimulatorError.badRequest("voice_id must be a non-empty string.")
        }
        try optionalString(fields, "agent_name")
        try integer(fields, "max_call_duration_ms", in: 60_000...7_200_000)
        try integer(fields, "end_call_after_silence_ms", in: 10_000...Int64.max)
        try integer(fields, "ring_duration_ms", in: 5_000...300_000)
        try webhookURL(fields["webhook_url"])
        if let signed = fields["opt_in_signed_url"], signed != .null, signed.boolValue == nil {
            throw SimulatorError.badRequest("opt_in_signed_url must be a boolean.")
        }
        if let events = fields["webhook_events"], events != .null {
            guard let names = events.arrayValue?.map(\.stringValue), names.allSatisfy({ $0.map(webhookEventNames.contains) ?? false }) else {
                throw SimulatorError.badRequest("webhook_events must be a list of: \(webhookEventNames.sorted().joined(separator: ", ")).")
            }
        }
        if let voicemail = fields["voicemail_option"], voicemail != .null, voicemail.objectFields == nil {
            throw SimulatorError.badRequest("voicemail_option must be an object.")
        }
        if let analysis = fields["post_call_analysis_data"], analysis != .null {
            try analysisData(analysis)
        }
    }

    static func analysisData(_ value: JSONValue) throws {
        guard let items = value.arrayValue else { throw SimulatorError.badRequest("post_call_analysis_data must be an array.") }
        var names = Set<String>()
        for (index, item) in items.enumerated() {
            let at = "post_call_analysis_data[\(index)]"
            guard let type = item["type"]?.stringValue, analysisTypes.contains(type) else {
                throw SimulatorError.badRequest("\(at).type must be one of \(analysisTypes.sorted().joined(separator: ", ")).")
            }
            guard let name = item["name"]?.stringValue, !name.isEmpty else {
                throw SimulatorError.badRequest("\(at).name is required.")
            }
            guard names.insert(name).inserted else { throw SimulatorError.badRequest("\(at).name \(name) is used twice.") }
            if let description = item["description"], description != .null, description.stringValue == nil {
                throw SimulatorError.badRequest("\(at).description must be a string.")
            }
            if type == "enum" {
                guard let choices = item["choices"]?.arrayValue, !choices.isEmpty, choices.allSatisfy({ $0.stringValue != nil }) else {
                    throw SimulatorError.badRequest("\(at).choices must be a non-empty list of strings for an enum.")
                }
            }
            if type == "system-presets", !["call_summary", "call_successful", "user_sentiment"].contains(name) {
                throw SimulatorError.badRequest("\(at).name must be call_summary, call_successful or user_sentiment for system-presets.")
            }
        }
    }

    /// A map whose values must all be strings (dynamic variables, SIP headers).
    static func stringMap(_ value: JSONValue, name: String) throws {
        guard let fields = value.objectFields else { throw SimulatorError.badRequest("\(name) must be an object.") }
        for field in fields where field.value.stringValue == nil {
            throw SimulatorError.badRequest(
                "\(name).\(field.key) must be a string, got \(field.value.typeName). All values must be strings.")
        }
    }

    static func optionalString(_ fields: JSONValue, _ key: String) throws {
        if let value = fields[key], value != .null, value.stringValue == nil {
            throw SimulatorError.badRequest("\(key) must be a string.")
        }
    }

    private static func integer(_ fields: JSONValue, _ key: String, in range: ClosedRange<Int64>) throws {
        guard let value = fields[key], value != .null else { return }
        guard let number = value.int64Value else { throw SimulatorError.badRequest("\(key) must be an integer.") }
        guard range.contains(number) else {
            let upper = range.upperBound == .max ? "" : " and at most \(range.upperBound)"
            throw SimulatorError.badRequest("\(key) must be at least \(range.lowerBound)\(upper), got \(number).")
        }
    }

    private static func webhookURL(_ value: JSONValue?) throws {
        guard let value, value != .null else { return }
        guard let text = value.stringValue, let url = URL(string: text),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else { throw SimulatorError.badRequest("webhook_url must be an http or https URL.") }
    }
}
