import Foundation

/// Body of `POST /v2/create-phone-call` (API.md §3). Shortlist never pins `override_agent_version`.
public struct CreatePhoneCallRequest: Codable, Sendable, Equatable {
    /// E.164; a number bought in or imported to Retell.
    public var fromNumber: String
    /// E.164.
    public var toNumber: String
    /// A one-off agent for this call; the number's outbound agent otherwise.
    public var overrideAgentID: String?
    /// Stored by Retell and echoed on the call object and in webhooks.
    public var metadata: [String: RetellJSON]?
    /// Per-call `{{variables}}`; every value must be a string.
    public var retellLLMDynamicVariables: [String: String]?
    /// Retell creates one call per key within an hour; the only thing that makes a retry safe.
    public var idempotencyKey: String?

    public init(
        fromNumber: String,
        toNumber: String,
        overrideAgentID: String? = nil,
        metadata: [String: RetellJSON]? = nil,
        retellLLMDynamicVariables: [String: String]? = nil,
        idempotencyKey: String? = nil
    ) {
        self.fromNumber = fromNumber
        self.toNumber = toNumber
        self.overrideAgentID = overrideAgentID
        self.metadata = metadata
        self.retellLLMDynamicVariables = retellLLMDynamicVariables
        self.idempotencyKey = idempotencyKey
    }

    enum CodingKeys: String, CodingKey {
        case fromNumber = "from_number"
        case toNumber = "to_number"
        case overrideAgentID = "override_agent_id"
        case metadata
        case retellLLMDynamicVariables = "retell_llm_dynamic_variables"
        case idempotencyKey = "idempotency_key"
    }
}
