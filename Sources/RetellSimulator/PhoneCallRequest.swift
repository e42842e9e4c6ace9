import Foundation

/// A validated `POST /v2/create-phone-call` body.
struct PhoneCallRequest: Sendable {
    static let allowedKeys: Set<String> = [
        "from_number", "to_number", "override_agent_id", "override_agent_version", "agent_override",
        "retell_llm_dynamic_variables", "metadata", "custom_sip_headers", "idempotency_key",
        "honor_internal_dnc", "ignore_e164_validation",
    ]

    var fromNumber: String
    var toNumber: String
    var agentID: String
    var agentOverride: JSONValue?
    var dynamicVariables: JSONValue?
    var metadata: JSONValue?
    var customSIPHeaders: JSONValue?
    var idempotencyKey: String?

    /// Retell's E.164 shape: `+`, a non-zero digit, then 7 to 14 digits.
    static func isE164(_ number: String) -> Bool {
        let digits = number.utf8.dropFirst()
        return number.hasPrefix("+") && (8...15).contains(digits.count)
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && digits.first != UInt8(ascii: "0")
    }

    init(body: JSONValue?) throws {
        let body = try AgentValidation.object(body)
        for field in body.objectFields ?? [] where !Self.allowedKeys.contains(field.key) {
            throw SimulatorError.badRequest("Unknown field \"\(field.key)\" in request body.")
        }
        let skipE164 = body["ignore_e164_validation"]?.boolValue ?? false
        fromNumber = try Self.number(body, "from_number", checkE164: !skipE164)
        toNumber = try Self.number(body, "to_number", checkE164: !skipE164)
        guard let agent = body["override_agent_id"], agent != .null else {
            throw SimulatorError.badRequest(
                "override_agent_id is required: the simulator has no phone numbers with a bound outbound agent.")
        }
        guard let agentID = agent.stringValue, !agentID.isEmpty else {
            throw SimulatorError.badRequest("override_agent_id must be a non-empty string.")
        }
        self.agentID = agentID
        if let version = body["override_agent_version"], version != .null, version.int64Value == nil, version.stringValue == nil {
            throw SimulatorError.badRequest("override_agent_version must be an integer or a string.")
        }
        agentOverride = try Self.optionalObject(body, "agent_override")
        if let override = agentOverride?["agent"], override != .null {
            guard override.objectFields != nil else { throw SimulatorError.badRequest("agent_override.agent must be an object.") }
            if let analysis = override["post_call_analysis_data"], analysis != .null { try AgentValidation.analysisData(analysis) }
        }
        dynamicVariables = try Self.optionalObject(body, "retell_llm_dynamic_variables")
        if let dynamicVariables { try AgentValidation.stringMap(dynamicVariables, name: "retell_llm_dynamic_variables") }
        metadata = try Self.optionalObject(body, "metadata")
        customSIPHeaders = try Self.optionalObject(body, "custom_sip_headers")
        if let customSIPHeaders { try AgentValidation.stringMap(customSIPHeaders, name: "custom_sip_headers") }
        if let key = body["idempotency_key"], key != .null {
            guard let text = key.stringValue, !text.isEmpty else {
                throw SimulatorError.badRequest("idempotency_key must be a non-empty string.")
            }
            idempotencyKey = text
        }
        for flag in ["honor_internal_dnc", "ignore_e164_validation"] {
            if let value = body[flag], value != .null, value.boolValue == nil {
                throw SimulatorError.badRequest("\(flag) must be a boolean.")
            }
        }
    }

    /// The dynamic variables as a dictionary (all values are strings once validated).
    var variables: [String: String] {
        var result: [String: String] = [:]
        for field in dynamicVariables?.objectFields ?? [] { result[field.key] = field.value.stringValue }
        return result
    }

    private static func number(_ body: JSONValue, _ key: String, checkE164: Bool) throws -> String {
        guard let value = body[key], value != .null else { throw SimulatorError.badRequest("\(key) is required.") }
        guard let text = value.stringValue else { throw SimulatorError.badRequest("\(key) must be a string.") }
        if checkE164, !isE164(text) {
            throw SimulatorError.badRequest("\(key) \"\(text)\" is not a valid E.164 phone number (e.g. +14155550123).")
        }
        return text
    }

    private static func optionalObject(_ body: JSONValue, _ key: String) throws -> JSONValue? {
        guard let value = body[key], value != .null else { return nil }
        guard value.objectFields != nil else { throw SimulatorError.badRequest("\(key) must be an object.") }
        return value
    }
}
