import Foundation
import Hummingbird

/// `POST /api/v1/campaigns/{id}/candidates` (JSON array or CSV; the campaign's owner or an admin)
/// and the candidate list.
struct CandidatesAPI: Sendable {
    let database: AppDatabase
    let defaultCountry: String

    static let statuses = CandidateStatus.allCases.map(\.rawValue)

    @Sendable func importRows(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        try await CampaignAccess(database: database).require(.importCandidates, campaignID: id, by: principal)
        let format: String
        switch RequestBody.mediaType(request) {
        case "text/csv": format = "csv"
        case "application/json": format = "json"
        default: throw APIError.unsupportedMediaType("send candidates as text/csv or as a JSON array (application/json)")
        }
        let body = try await RequestBody.bytes(request, limit: CandidateImport.maxBytes)
        let country = defaultCountry
        let plan = try await Offload.run { try CandidateUpload.plan(Data(body.readableBytesView), format: format, country: country) }
        let result = try await database.importCandidates(plan.drafts, into: id, by: principal, format: format)
        let duplicates = (plan.duplicates + result.alreadyInCampaign).sorted { $0.row < $1.row }
        return .json(.object([
            ("imported", .int(result.imported)),
            ("duplicates", .int(duplicates.count)),
            ("rejected", .array(plan.rejected.map(APIPresenter.issue))),
            ("duplicate_rows", .array(duplicates.map(APIPresenter.issue))),
        ]))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let status = request.uri.queryParameters.get("status").flatMap { $0.isEmpty ? nil : String($0) }
        if let status, !Self.statuses.contains(status) {
            throw APIError.badRequest("status must be one of \(Self.statuses.joined(separator: ", "))", field: "status")
        }
        let page = try await database.campaignCandidates(campaignID: id, status: status, after: paging.cursor, limit: paging.limit)
        let items = page.items.map { APIPresenter.campaignCandidate($0, for: principal) }
        return .json(APIPresenter.list(items, nextCursor: page.nextCursor))
    }
}
