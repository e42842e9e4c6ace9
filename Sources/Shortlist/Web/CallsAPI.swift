import Hummingbird

/// `GET /api/v1/calls/{id}` (with analysis) and `GET /api/v1/campaigns/{id}/calls?status=&cursor=`.
struct CallsAPI: Sendable {
    let database: AppDatabase

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        guard let detail = try await database.call(id: id) else { throw APIError.notFound("call \(id) not found") }
        let recording = try await database.recordings(callIDs: [id])[id]
        return .json(APIPresenter.call(detail.call, analysis: detail.analysis, withAnalysis: true, for: principal, recording: recording))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let status = request.uri.queryParameters.get("status").flatMap { $0.isEmpty ? nil : String($0) }
        if let status, CallStatus(rawValue: status) == nil {
            let known = CallStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("status must be one of \(known)", field: "status")
        }
        let page = try await database.calls(campaignID: id, status: status, after: paging.cursor, limit: paging.limit)
        let items = page.items.map { APIPresenter.call($0, analysis: nil, withAnalysis: false, for: principal) }
        return .json(APIPresenter.list(items, nextCursor: page.nextCursor))
    }
}
