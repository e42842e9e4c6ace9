import Hummingbird

/// `POST /api/v1/jobs`, `GET /api/v1/jobs`, `GET /api/v1/jobs/{id}`.
struct JobsAPI: Sendable {
    let database: AppDatabase
    let maxBodyBytes: Int

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await RequestBody.json(JobInput.self, from: request, limit: maxBodyBytes)
        let job = try await database.createJob(try JobSpec(validating: input), by: context.requirePrincipal())
        return .json(APIPresenter.job(job), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let job = try await database.job(id: id) else { throw APIError.notFound("job \(id) not found") }
        return .json(APIPresenter.job(job))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let paging = try Paging(request)
        let page = try await database.jobs(after: paging.cursor, limit: paging.limit)
        return .json(APIPresenter.list(page.items.map(APIPresenter.job), nextCursor: page.nextCursor))
    }
}

/// `?cursor=&limit=` of every list; limit 1…500, default 100.
struct Paging {
    var cursor: String?
    var limit: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : String($0) }
        if let text = query.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else {
                throw APIError.badRequest("limit must be a whole number from 1 to 500", field: "limit")
            }
            limit = value
        } else {
            limit = 100
        }
    }
}
