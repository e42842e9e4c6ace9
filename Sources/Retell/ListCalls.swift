import Foundation

/// Body of `POST /v3/list-calls` (API.md §3). Filters are ANDed; Retell answers 400 to unknown keys,
/// so only what is set is sent.
public struct ListCallsRequest: Codable, Sendable, Equatable {
    public var filterCriteria: ListCallsFilter?
    /// 1…1000; Retell's default is 50.
    public var limit: Int?
    /// The `pagination_key` of the previous page (the last `call_id` it held).
    public var paginationKey: String?
    /// `ascending` or `descending` (Retell's default).
    public var sortOrder: String?

    public init(
        filterCriteria: ListCallsFilter? = nil,
        limit: Int? = nil,
        paginationKey: String? = nil,
        sortOrder: String? = nil
    ) {
        self.filterCriteria = filterCriteria
        self.limit = limit
        self.paginationKey = paginationKey
        self.sortOrder = sortOrder
    }

    enum CodingKeys: String, CodingKey {
        case filterCriteria = "filter_criteria"
        case limit
        case paginationKey = "pagination_key"
        case sortOrder = "sort_order"
    }
}

/// `filter_criteria`: the filters Shortlist needs.
public struct ListCallsFilter: Codable, Sendable, Equatable {
    /// Calls of any of these agents.
    public var agent: [AgentFilter]?
    public var callStatus: EnumFilter?
    public var startTimestamp: RangeFilter?
    /// Every one must match, e.g. `.init(key: "shortlist_call_id", equals: id)`.
    public var metadata: [MetadataFilter]?

    public init(
        agent: [AgentFilter]? = nil,
        callStatus: EnumFilter? = nil,
        startTimestamp: RangeFilter? = nil,
        metadata: [MetadataFilter]? = nil
    ) {
        self.agent = agent
        self.callStatus = callStatus
        self.startTimestamp = startTimestamp
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case agent
        case callStatus = "call_status"
        case startTimestamp = "start_timestamp"
        case metadata
    }
}

/// `{agent_id, version?: [numbers]}`.
public struct AgentFilter: Codable, Sendable, Equatable {
    public var agentID: String
    public var version: [Int]?

    public init(agentID: String, version: [Int]? = nil) {
        self.agentID = agentID
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case version
    }
}

/// `{op: "bt", type: "range", value: [lo, hi]}`, in milliseconds since the epoch, both ends included.
public struct RangeFilter: Codable, Sendable, Equatable {
    public var op: String
    public var type: String
    public var value: [Int64]

    public init(op: String = "bt", type: String = "range", value: [Int64]) {
        self.op = op
        self.type = type
        self.value = value
    }

    /// From `lower` to `upper` milliseconds.
    public static func between(_ lower: Int64, _ upper: Int64) -> RangeFilter {
        RangeFilter(value: [lower, upper])
    }
}

/// `{key, op: "eq", type: "string", value}`: one metadata field.
public struct MetadataFilter: Codable, Sendable, Equatable {
    public var key: String
    public var op: String
    public var type: String
    public var value: String

    public init(key: String, op: String = "eq", type: String = "string", value: String) {
        self.key = key
        self.op = op
        self.type = type
        self.value = value
    }

    /// `metadata[key] == value`.
    public init(key: String, equals value: String) {
        self.init(key: key, value: value)
    }
}

/// `{op: "in", type: "enum", value: [...]}`, e.g. for `call_status`.
public struct EnumFilter: Codable, Sendable, Equatable {
    public var op: String
    public var type: String
    public var value: [String]

    public init(op: String = "in", type: String = "enum", value: [String]) {
        self.op = op
        self.type = type
        self.value = value
    }
}

/// `{items, has_more, pagination_key}`. List items carry no transcript: use `getCall` for that.
public struct CallList: Codable, Sendable, Equatable {
    public var items: [Call]
    public var hasMore: Bool
    /// Pass back as `ListCallsRequest.paginationKey` for the next page.
    public var paginationKey: String?

    public init(items: [Call], hasMore: Bool = false, paginationKey: String? = nil) {
        self.items = items
        self.hasMore = hasMore
        self.paginationKey = paginationKey
    }

    enum CodingKeys: String, CodingKey {
        case items
        case hasMore = "has_more"
        case paginationKey = "pagination_key"
    }

    /// Also reads the bare array that the older `POST /v2/list-calls` answered.
    public init(from decoder: any Decoder) throws {
        if let bare = try? decoder.singleValueContainer().decode([Lenient<Call>].self) {
            self.init(items: bare.compactMap(\.value))
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let items = c.lenientArray(Call.self, .items) else {
            throw DecodingError.keyNotFound(CodingKeys.items, .init(codingPath: c.codingPath, debugDescription: "Missing \"items\""))
        }
        self.init(items: items, hasMore: c.lenientBool(.hasMore) ?? false,
                  paginationKey: c.lenientString(.paginationKey))
    }
}
