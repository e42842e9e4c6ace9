import Foundation

/// `POST /v3/list-calls`: filter, order, page. Calls are ordered by creation (newest first by
/// default) so pages stay stable while calls change state; `pagination_key` is the last call id
/// of the previous page and is exclusive. A call that has not started yet is matched by
/// `start_timestamp` filters on its creation time.
enum CallListing {
    static func page(_ query: ListCallsQuery, calls: [StoredCall], renderer: CallObjectRenderer) throws -> JSONValue {
        var ordered = query.ascending ? calls : calls.reversed()
        if let key = query.paginationKey {
            guard let index = ordered.firstIndex(where: { $0.id == key }) else {
                throw SimulatorError.badRequest("pagination_key \(key) does not match a call.")
            }
            ordered.removeSubrange(...index)
        }
        let matching = ordered.compactMap { call -> JSONValue? in
            let item = renderer.render(call, .listItem)
            let probe = item["start_timestamp"] == nil ? item.setting("start_timestamp", .int(call.createdMS)) : item
            return query.matches(probe) ? item : nil
        }
        let remaining = matching.dropFirst(query.skip)
        let page = Array(remaining.prefix(query.limit))
        let hasMore = remaining.count > query.limit
        var fields: [JSONValue.Field] = [
            .init(key: "items", value: .array(page)),
            .init(key: "has_more", value: .bool(hasMore)),
            .init(key: "pagination_key", value: hasMore ? (page.last?["call_id"] ?? .null) : .null),
        ]
        if query.includeTotal { fields.append(.init(key: "total", value: .int(Int64(matching.count)))) }
        return .object(fields)
    }
}
