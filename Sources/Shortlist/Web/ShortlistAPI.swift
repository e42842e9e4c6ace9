import Foundation
import Hummingbird

/// `GET /api/v1/campaigns/{id}/shortlist` (answered candidates, qualified first, filtered by
/// decision, sorted by any column) and `PATCH /api/v1/campaign-candidates/{id}` (the decision and note).
struct ShortlistAPI: Sendable {
    let database: AppDatabase
    let decisions: ShortlistDecisions
    let maxBodyBytes: Int

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        guard let detail = try await database.campaign(id: id) else { throw APIError.notFound("campaign \(id) not found") }
        let query = request.uri.queryParameters
        let filter = try ShortlistFilter(parsing: query.get("decision").map { String($0) })
        let order = try ShortlistOrder(
            sort: query.get("sort").map { String($0) }, dir: query.get("dir").map { String($0) }, targets: detail.targets)
        let page = try await database.shortlist(
            campaignID: id, filter: filter, order: order, after: paging.cursor, limit: paging.limit)
        let items = page.items.map { APIPresenter.shortlistRow($0, targets: detail.targets, for: principal) }
        return .json(APIPresenter.list(items, nextCursor: page.nextCursor))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        let input = try await RequestBody.json(DecisionInput.self, from: request, limit: maxBodyBytes)
        let change = try DecisionChange(decisionCode: input.decision, note: input.note)
        let decided = try await decisions.decide(campaignCandidateID: id, change, by: principal)
        return .json(APIPresenter.shortlistRow(decided.result.row, targets: decided.campaign.targets, for: principal))
    }
}

/// `PATCH /api/v1/campaign-candidates/{id}`: `{decision?: code|null, decision_note?: text|null}`;
/// an absent key leaves that value as it is, null clears it.
struct DecisionInput: Decodable {
    var decision: String??
    var note: String??

    enum CodingKeys: String, CodingKey, CaseIterable {
        case decision
        case note = "decision_note"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        decision = try Self.nullable(c, .decision)
        note = try Self.nullable(c, .note)
    }

    /// nil when the key is absent, `.some(nil)` when it is null, else its text.
    private static func nullable(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String?? {
        guard c.contains(key) else { return nil }
        if try c.decodeNil(forKey: key) { return .some(nil) }
        guard let text = try? c.decode(String.self, forKey: key) else { throw FieldError(key.stringValue, "must be a string or null") }
        return .some(text)
    }
}

extension APIPresenter {
    /// One shortlist row: the answers keyed by target, in the campaign's target order.
    static func shortlistRow(_ row: ShortlistRow, targets: [TargetSpec], for principal: Principal) -> JSONValue {
        let answers = AnalysisMapping.answers(customResponses: row.customResponses, targets: targets)
        return .object([
            ("campaign_candidate_id", .string(row.id)), ("candidate_id", .string(row.candidateID)),
            ("full_name", .string(row.fullName)), ("phone", phone(row.phone, for: principal)),
            ("qualified", .bool(row.qualified)),
            ("answers", .object(targets.map { ($0.key, answer(answers[$0.key])) })),
            ("summary", .string(row.summary)), ("sentiment_score", .double(row.sentimentScore)),
            ("callback_at", .time(row.callbackAt)), ("decision", .string(row.decision?.rawValue)),
            ("decision_note", .string(row.decisionNote)), ("decided_by", .string(row.decidedBy)),
            ("decided_at", .time(row.decidedAt)), ("call_id", .string(row.callID)),
        ])
    }

    static func answer(_ value: AnswerValue?) -> JSONValue {
        switch value {
        case .bool(let flag): .bool(flag)
        case .number(let number): .double(number)
        case .text(let text): .string(text)
        case nil: .null
        }
    }
}
