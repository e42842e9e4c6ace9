import Foundation

/// A validated `POST /v3/list-calls` body: typed filters (all ANDed), limit, paging and order.
/// Unknown keys anywhere are a 400, as at Retell.
struct ListCallsQuery: Sendable {
    static let topKeys: Set<String> = ["filter_criteria", "limit", "pagination_key", "skip", "sort_order", "include_total"]
    static let stringFilterKeys: Set<String> = ["to_number", "from_number", "call_id", "batch_call_id", "agent_name"]
    static let numberFilterKeys: Set<String> = ["start_timestamp", "end_timestamp", "duration_ms"]
    static let enumFilterKeys: Set<String> = ["call_status", "disconnection_reason", "direction", "call_type"]

    typealias Predicate = @Sendable (JSONValue) -> Bool

    var predicates: [Predicate] = []
    var limit = 50
    var paginationKey: String?
    var skip = 0
    var ascending = false
    var includeTotal = false

    init(body: JSONValue?) throws {
        let body = try body.map(AgentValidation.object) ?? .object([])
        try Self.onlyKeys(body, Self.topKeys, at: "")
        if let value = body["limit"], value != .null {
            guard let number = value.int64Value, (1...1000).contains(number) else {
                throw SimulatorError.badRequest("limit must be an integer from 1 to 1000.")
            }
            limit = Int(number)
        }
        if let value = body["skip"], value != .null {
            guard let number = value.int64Value, number >= 0 else { throw SimulatorError.badRequest("skip must be a non-negative integer.") }
            skip = Int(number)
        }
        if let value = body["pagination_key"], value != .null {
            guard let key = value.stringValue else { throw SimulatorError.badRequest("pagination_key must be a string.") }
            paginationKey = key
        }
        if let value = body["sort_order"], value != .null {
            guard let order = value.stringValue, ["ascending", "descending"].contains(order) else {
                throw SimulatorError.badRequest("sort_order must be \"ascending\" or \"descending\".")
            }
            ascending = order == "ascending"
        }
        if let value = body["include_total"], value != .null {
            guard let flag = value.boolValue else { throw SimulatorError.badRequest("include_total must be a boolean.") }
            includeTotal = flag
        }
        if let criteria = body["filter_criteria"], criteria != .null {
            guard let fields = criteria.objectFields else { throw SimulatorError.badRequest("filter_criteria must be an object.") }
            for field in fields { predicates.append(try Self.predicate(field.key, field.value)) }
        }
    }

    func matches(_ call: JSONValue) -> Bool { predicates.allSatisfy { $0(call) } }

    private static func predicate(_ key: String, _ filter: JSONValue) throws -> Predicate {
        let at = "filter_criteria.\(key)"
        switch key {
        case "agent":
            guard let items = filter.arrayValue else { throw SimulatorError.badRequest("\(at) must be a list of {agent_id, version?}.") }
            let agents: [(String, Set<Int64>?)] = try items.map { item in
                try onlyKeys(item, ["agent_id", "version"], at: at)
                guard let id = item["agent_id"]?.stringValue else { throw SimulatorError.badRequest("\(at)[].agent_id is required.") }
                let versions = try item["version"].map { value -> Set<Int64> in
                    guard let list = value.arrayValue?.compactMap(\.int64Value) else {
                        throw SimulatorError.badRequest("\(at)[].version must be a list of numbers.")
                    }
                    return Set(list)
                }
                return (id, versions)
            }
            return { call in
                agents.contains { id, versions in
                    call["agent_id"]?.stringValue == id && (versions?.contains(call["agent_version"]?.int64Value ?? -1) ?? true)
                }
            }
        case "metadata":
            guard let items = filter.arrayValue else { throw SimulatorError.badRequest("\(at) must be a list of filters with a key.") }
            let tests: [(String, Predicate)] = try items.map { item in
                guard let name = item["key"]?.stringValue else { throw SimulatorError.badRequest("\(at)[].key is required.") }
                return (name, try typed(item.removing(["key"]), at: "\(at)[\(name)]"))
            }
            return { call in tests.allSatisfy { name, test in call["metadata"]?[name].map(test) ?? false } }
        default:
            guard stringFilterKeys.contains(key) || numberFilterKeys.contains(key) || enumFilterKeys.contains(key) else {
                throw SimulatorError.badRequest("Unknown field \"\(key)\" in filter_criteria.")
            }
            let test = try typed(filter, at: at)
            return { call in call[key].map(test) ?? false }
        }
    }

    /// `{op, type, value}`: string (eq ne sw ew co), number (eq ne gt ge lt le), range (bt) or
    /// enum (in); a predicate on the field's value.
    private static func typed(_ filter: JSONValue, at: String) throws -> Predicate {
        try onlyKeys(filter, ["op", "type", "value"], at: at)
        guard let op = filter["op"]?.stringValue, let type = filter["type"]?.stringValue, let value = filter["value"] else {
            throw SimulatorError.badRequest("\(at) needs op, type and value.")
        }
        switch (type, op) {
        case ("string", _):
            guard let wanted = value.stringValue, ["eq", "ne", "sw", "ew", "co"].contains(op) else {
                throw SimulatorError.badRequest("\(at): a string filter takes op eq, ne, sw, ew or co and a string value.")
            }
            return { field in
                let text = field.stringValue ?? field.int64Value.map(String.init) ?? ""
                switch op {
                case "eq": return text == wanted
                case "ne": return text != wanted
                case "sw": return text.hasPrefix(wanted)
                case "ew": return text.hasSuffix(wanted)
                default: return text.contains(wanted)
                }
            }
        case ("number", _):
            guard let wanted = value.doubleValue, ["eq", "ne", "gt", "ge", "lt", "le"].contains(op) else {
                throw SimulatorError.badRequest("\(at): a number filter takes op eq, ne, gt, ge, lt or le and a number value.")
            }
            return { field in
                guard let number = field.doubleValue else { return false }
                switch op {
                case "eq": return number == wanted
                case "ne": return number != wanted
                case "gt": return number > wanted
                case "ge": return number >= wanted
                case "lt": return number < wanted
                default: return number <= wanted
                }
            }
        case ("range", "bt"):
            guard let bounds = value.arrayValue?.compactMap(\.doubleValue), bounds.count == 2 else {
                throw SimulatorError.badRequest("\(at): a range filter takes value [low, high].")
            }
            return { field in field.doubleValue.map { $0 >= bounds[0] && $0 <= bounds[1] } ?? false }
        case ("enum", "in"):
            guard let choices = value.arrayValue?.compactMap(\.stringValue) else {
                throw SimulatorError.badRequest("\(at): an enum filter takes a list of strings.")
            }
            return { field in field.stringValue.map(choices.contains) ?? false }
        default:
            throw SimulatorError.badRequest("\(at): unsupported filter type \"\(type)\" with op \"\(op)\".")
        }
    }

    private static func onlyKeys(_ object: JSONValue, _ allowed: Set<String>, at: String) throws {
        guard let fields = object.objectFields else { throw SimulatorError.badRequest("\(at.isEmpty ? "body" : at) must be an object.") }
        for field in fields where !allowed.contains(field.key) {
            throw SimulatorError.badRequest("Unknown field \"\(field.key)\"\(at.isEmpty ? "" : " in \(at)").")
        }
    }
}
