import Foundation
import Hummingbird

/// `GET /campaigns/{id}/shortlist`: the campaign's answered candidates with the targets' answers as
/// columns, qualified first, sortable by each column header, filtered by decision; and
/// `POST /campaigns/{id}/shortlist/{ccid}/decision`: one click sets a decision (or the note), then
/// back to the same sort and filter.
struct ShortlistPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let decisions: ShortlistDecisions
    static let pageSize = 50

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        guard let detail = try await database.campaign(id: id) else { return PageResponse.notFound() }
        let state: ShortlistPageState
        do {
            state = try ShortlistPageState(query: request.uri.queryParameters, targets: detail.targets)
        } catch let error as FieldError {
            return PageResponse.text("\(error.field) \(error.message)", status: .unprocessableContent)
        }
        let page: Page<ShortlistRow>
        do {
            page = try await database.shortlist(
                campaignID: id, filter: state.filter, order: state.order, after: state.after, limit: Self.pageSize)
        } catch is InvalidCursor {
            return PageResponse.text("That page of the shortlist does not exist: open the shortlist again.", status: .badRequest)
        }
        let model = ShortlistPageModel.build(
            detail: detail, page: page, counts: try await database.shortlistCounts(campaignID: id), state: state,
            principal: signedIn.principal, chrome: chrome(signedIn))
        return renderer.html("shortlist", model)
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        let candidateID = try context.parameters.require("ccid")
        let form = try await FormBody.read(request)
        // `decision=none` clears it; a form without the field leaves it as it is (the note's form).
        let code: String?? = form["decision"].map { $0 == "none" || $0.isEmpty ? nil : $0 }
        do {
            let change = try DecisionChange(decisionCode: code, note: form["decision_note"].map { .some($0) })
            _ = try await decisions.decide(campaignCandidateID: candidateID, change, by: signedIn.principal, inCampaign: id)
        } catch let error as FieldError {
            return PageResponse.text("\(error.message.prefix(1).uppercased())\(error.message.dropFirst()) (\(error.field)).", status: .unprocessableContent)
        } catch let error as APIError {
            return PageResponse.refusal(error)
        } catch let error as StoreError {
            return PageResponse.text(error.description, status: .conflict)
        }
        let back = ShortlistPageState.safeQuery(form["back"] ?? "")
        return .redirect(to: "/campaigns/\(id)/shortlist\(back)#cc-\(candidateID)", type: .normal)
    }
}

/// The page's filter, order and page, read from its query; the same as a query string to come back to.
struct ShortlistPageState {
    var filter: ShortlistFilter
    var order: ShortlistOrder
    var sorted: Bool
    var after: String?

    init(query: Parameters, targets: [TargetSpec]) throws(FieldError) {
        filter = try ShortlistFilter(parsing: query.get("decision").map { String($0) })
        let sort = query.get("sort").map { String($0) }
        order = try ShortlistOrder(sort: sort, dir: query.get("dir").map { String($0) }, targets: targets)
        sorted = !(sort ?? "").isEmpty
        after = query.get("after").flatMap { $0.isEmpty ? nil : String($0) }
    }

    /// `?decision=…&sort=…&dir=…` for links; `page` adds the page's cursor.
    func query(filter: ShortlistFilter? = nil, order: ShortlistOrder? = nil, after: String? = nil) -> String {
        let filter = filter ?? self.filter
        var parts: [String] = []
        if let code = filter.code { parts.append("decision=\(code)") }
        if let order { parts.append("sort=\(order.column.code)&dir=\(order.descending ? "desc" : "asc")") }
        else if sorted { parts.append("sort=\(self.order.column.code)&dir=\(self.order.descending ? "desc" : "asc")") }
        if let after { parts.append("after=\(after)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// A query string a form sent back, kept only as far as it is the page's own: known keys and
    /// values of letters, digits, `_` and `.` (so a redirect never leaves the page or splits a header).
    static func safeQuery(_ raw: String) -> String {
        let text = raw.hasPrefix("?") ? String(raw.dropFirst()) : raw
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.")
        let kept = text.split(separator: "&").prefix(8).filter { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, ["decision", "sort", "dir", "after"].contains(String(parts[0])) else { return false }
            return parts[1].count <= 80 && parts[1].allSatisfy { allowed.contains($0) }
        }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
    }
}
