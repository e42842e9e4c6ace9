import Foundation

/// An agent as Retell returns it (create, get, update): what a create or update sets (`settings`,
/// an `AgentRequest`) plus what Retell keeps itself. On the wire it is one flat object;
/// `agent.voiceID` reads `agent.settings.voiceID`.
@dynamicMemberLookup
public struct Agent: Codable, Sendable, Equatable {
    public var agentID: String
    public var version: Int?
    public var isPublished: Bool?
    /// Milliseconds since the epoch.
    public var lastModificationTimestamp: Int64?
    public var settings: AgentRequest

    public init(
        agentID: String,
        version: Int? = nil,
        isPublished: Bool? = nil,
        lastModificationTimestamp: Int64? = nil,
        settings: AgentRequest = AgentRequest()
    ) {
        self.agentID = agentID
        self.version = version
        self.isPublished = isPublished
        self.lastModificationTimestamp = lastModificationTimestamp
        self.settings = settings
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<AgentRequest, Value>) -> Value {
        get { settings[keyPath: field] }
        set { settings[keyPath: field] = newValue }
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case version
        case isPublished = "is_published"
        case lastModificationTimestamp = "last_modification_timestamp"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try c.requiredString(.agentID)
        version = c.lenientInt(.version)
        isPublished = c.lenientBool(.isPublished)
        lastModificationTimestamp = c.lenientInt64(.lastModificationTimestamp)
        settings = try AgentRequest(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agentID, forKey: .agentID)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(isPublished, forKey: .isPublished)
        try c.encodeIfPresent(lastModificationTimestamp, forKey: .lastModificationTimestamp)
        try settings.encode(to: encoder)
    }

    /// The same agent with every field `request` sets applied, as an update does at Retell.
    public func applying(_ request: AgentRequest) -> Agent {
        var copy = self
        copy.settings = settings.updated(by: request)
        return copy
    }
}
