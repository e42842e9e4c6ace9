import Hummingbird

/// `POST/GET /api/v1/campaigns`, `GET/PATCH /api/v1/campaigns/{id}`. Recruiters and admins create
/// campaigns; only the owner or an admin changes one (`CampaignPermission`).
struct CampaignsAPI: Sendable {
    let database: AppDatabase
    let defaults: CampaignDefaults
    let maxBodyBytes: Int
    /// Works out the agent's freshness and pauses calls an edit left on an out-of-date agent.
    let control: BatchControl

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await RequestBody.json(CampaignInput.self, from: request, limit: maxBodyBytes)
        let spec = try CampaignSpec(validating: input, defaults: defaults)
        let detail = try await database.createCampaign(spec, by: context.requirePrincipal())
        return .json(APIPresenter.campaign(detail), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let detail = try await database.campaign(id: id) else { throw APIError.notFound("campaign \(id) not found") }
        return .json(APIPresenter.campaign(detail, freshness: try await control.agents.freshness(of: detail)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let paging = try Paging(request)
        let page = try await database.campaigns(after: paging.cursor, limit: paging.limit)
        return .json(APIPresenter.list(page.items.map { APIPresenter.campaign($0) }, nextCursor: page.nextCursor))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        try await CampaignAccess(database: database).require(.edit, campaignID: id, by: principal)
        let input = try await RequestBody.json(CampaignInput.self, from: request, limit: maxBodyBytes)
        let country = defaults.defaultCountry
        let detail = try await database.updateCampaign(id: id, by: principal) { current in
            try current.applying(input, defaultCountry: country)
        }
        try await control.pauseIfAgentStale(campaignID: id, by: principal)
        return .json(APIPresenter.campaign(detail, freshness: try await control.agents.freshness(of: detail)))
    }

    /// `POST /api/v1/campaigns/{id}/archive`: read-only from then on; 409 while a batch runs.
    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        try await CampaignAccess(database: database).require(.archive, campaignID: id, by: principal)
        return .json(APIPresenter.campaign(try await database.archiveCampaign(id: id, by: principal)))
    }
}
