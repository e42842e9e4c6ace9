import Foundation
import Hummingbird

/// `POST /api/v1/campaigns/{id}/candidates` (JSON array or CSV; the campaign's owner or an admin)
/// and the candidate list.
struct CandidatesAPI: Sendable {
    let database: AppDatabase
    let defaultCountry: String

    static let statuses = ["pending", "queued", "calling", "completed"]

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
        let plan = try await Offload.run { try Self.plan(Data(body.readableBytesView), format: format, country: country) }
        let result = try await database.importCandidates(plan.drafts, into: id, by: principal, format: format)
        let duplicates = (plan.duplicates + result.alreadyInCampaign).sorted { $0.row < $1.row }
        return .json(.object([
            ("imported", .int(result.imported)),
            ("duplicates", .int(duplicates.count)),
            ("rejected", .array(plan.rejected.map(APIPresenter.issue))),
            ("duplicate_rows", .array(duplicates.map(APIPresenter.issue))),
        ]))
    }

    /// Parses and validates an upload (CPU work, run off the request executor).
    static func plan(_ data: Data, format: String, country: String) throws -> ImportPlan {
        if format == "csv" {
            let records: [CSVRecord]
            do {
                records = try CSVParser.parse(data, maxRecords: CandidateImport.maxRows + 1)  // + the header
            } catch .tooManyRecords {
                throw APIError.tooLarge("more than \(CandidateImport.maxRows) rows; an import takes at most \(CandidateImport.maxRows)")
            } catch {
                throw APIError.invalid(FieldError("body", error.message))
            }
            try checkRowCount(records.count - 1)
            return try CandidateImport.plan(csv: records, defaultCountry: country)
        }
        let rows = try RequestBody.decode([CandidateJSONRow].self, from: data)
        try checkRowCount(rows.count)
        var valid: [(row: Int, fields: CandidateFields)] = []
        var rejected: [ImportIssue] = []
        for (index, row) in rows.enumerated() {
            if let problem = row.problem {
                rejected.append(ImportIssue(row: index + 1, field: problem.field, reason: problem.message))
            } else {
                valid.append((index + 1, row.fields))
            }
        }
        var plan = CandidateImport.plan(valid, defaultCountry: country)
        if !rejected.isEmpty { plan.rejected = (plan.rejected + rejected).sorted { $0.row < $1.row } }
        return plan
    }

    private static func checkRowCount(_ count: Int) throws {
        guard count <= CandidateImport.maxRows else {
            throw APIError.tooLarge("\(count) rows; an import takes at most \(CandidateImport.maxRows)")
        }
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

/// Runs CPU-heavy work on a Dispatch queue so request threads stay free.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
