import Foundation

extension InMemoryRetellClient {
    /// How long Retell remembers an idempotency key.
    static let idempotencyWindowMS: Int64 = 3_600_000

    public func createPhoneCall(_ request: CreatePhoneCallRequest) throws -> Call {
        try handle(.createPhoneCall(request)) { () throws(RetellError) in
            let stamp = now()
            if let key = request.idempotencyKey, !key.isEmpty, let seen = idempotencyKeys[key],
               stamp - seen.at <= Self.idempotencyWindowMS, let call = calls[seen.callID] {
                return call
            }
            let agentID = request.overrideAgentID ?? outboundAgentID
            // The twin stamps the creation time so that time-range filters find fresh calls.
            let call = Call(
                callID: makeID("call"), agentID: agentID, agentVersion: agents[agentID]?.version ?? 0,
                agentName: agents[agentID]?.agentName, fromNumber: request.fromNumber, toNumber: request.toNumber,
                callStatus: CallStatus.registered.rawValue, metadata: request.metadata,
                retellLLMDynamicVariables: request.retellLLMDynamicVariables, startTimestamp: stamp)
            setCall(call)
            createdCalls.append(request)
            if let key = request.idempotencyKey, !key.isEmpty {
                idempotencyKeys[key] = (call.callID, stamp)
            }
            return call
        }
    }

    /// Forgets the call; an unknown (or already deleted) id is Retell's 422.
    public func deleteCall(id: String) throws {
        try handle(.deleteCall(id: id)) { () throws(RetellError) in
            guard calls.removeValue(forKey: id) != nil else { throw Self.unknownID }
            callOrder.removeAll { $0 == id }
            deletedCalls.append(id)
        }
    }

    public func getCall(id: String) throws -> Call {
        try handle(.getCall(id: id)) { () throws(RetellError) in
            guard let call = calls[id] else { throw Self.unknownID }
            return call
        }
    }

    /// Filters by agent (and version), call status, start-time range and metadata; sorts by start
    /// time (descending unless `ascending`); pages by the last `call_id`. Items carry no transcript.
    public func listCalls(_ request: ListCallsRequest) throws -> CallList {
        try handle(.listCalls(request)) { () throws(RetellError) in
            let limit = request.limit ?? 50
            guard (1...1000).contains(limit) else { throw Self.badRequest }
            let order = Dictionary(uniqueKeysWithValues: callOrder.enumerated().map { ($1, $0) })
            let ascending = request.sortOrder == "ascending"
            var matching = allCalls.filter { Self.matches($0, request.filterCriteria) }
            matching.sort { a, b in
                let ka = (a.startTimestamp ?? 0, order[a.callID] ?? 0)
                let kb = (b.startTimestamp ?? 0, order[b.callID] ?? 0)
                return ascending ? ka < kb : ka > kb
            }
            if let key = request.paginationKey {
                guard let index = matching.firstIndex(where: { $0.callID == key }) else { throw Self.badRequest }
                matching.removeFirst(index + 1)
            }
            let page = matching.prefix(limit).map { call in
                var item = call
                item.transcript = nil
                item.transcriptObject = nil
                return item
            }
            let hasMore = matching.count > limit
            return CallList(items: page, hasMore: hasMore, paginationKey: hasMore ? page.last?.callID : nil)
        }
    }

    static func matches(_ call: Call, _ filter: ListCallsFilter?) -> Bool {
        guard let filter else { return true }
        if let agents = filter.agent, !agents.contains(where: { matches(call, $0) }) { return false }
        if let statuses = filter.callStatus, !statuses.value.contains(call.callStatus) { return false }
        if let range = filter.startTimestamp {
            guard let start = call.startTimestamp, range.value.count == 2,
                  range.value[0] <= start, start <= range.value[1] else { return false }
        }
        for condition in filter.metadata ?? [] {
            guard matches(call.metadata?[condition.key]?.stringValue, condition) else { return false }
        }
        return true
    }

    static func matches(_ call: Call, _ agent: AgentFilter) -> Bool {
        guard call.agentID == agent.agentID else { return false }
        guard let versions = agent.version else { return true }
        return call.agentVersion.map(versions.contains) ?? false
    }

    /// String filters: `eq`, `ne`, `sw` (starts with), `ew` (ends with), `co` (contains).
    static func matches(_ value: String?, _ condition: MetadataFilter) -> Bool {
        guard let value else { return condition.op == "ne" }
        switch condition.op {
        case "eq": return value == condition.value
        case "ne": return value != condition.value
        case "sw": return value.hasPrefix(condition.value)
        case "ew": return value.hasSuffix(condition.value)
        case "co": return value.contains(condition.value)
        default: return false
        }
    }
}
