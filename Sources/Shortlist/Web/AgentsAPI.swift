import Hummingbird
import Retell

/// `POST /api/v1/campaigns/{id}/agent` (create, or update and bump the version; the campaign's owner
/// or an admin) and `GET` (read).
struct AgentsAPI: Sendable {
    let agents: CampaignAgents
    let database: AppDatabase

    @Sendable func createOrUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        try await CampaignAccess(database: database).require(.manageAgent, campaignID: id, by: principal)
        do {
            let outcome = try await agents.createOrUpdate(campaignID: id, by: principal)
            return .json(APIPresenter.agent(outcome.agent, changed: outcome.changed))
        } catch let error as AgentError {
            throw error.apiError
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await database.campaign(id: id) != nil else { throw APIError.notFound("campaign \(id) not found") }
        guard let agent = try await database.agent(campaignID: id) else {
            throw APIError.notFound("campaign \(id) has no agent yet; POST to this URL creates it")
        }
        return .json(APIPresenter.agent(agent, changed: nil))
    }
}
