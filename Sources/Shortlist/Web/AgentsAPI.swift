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
            throw Self.apiError(error)
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

    /// Retell's failures in words a recruiter can act on; the key itself never appears.
    static func apiError(_ error: AgentError) -> APIError {
        switch error {
        case .retellNotConfigured:
            return APIError(.serviceUnavailable, code: "retell_not_configured",
                            message: "no Retell API key is configured: set [retell] api_key (or SHORTLIST_RETELL_API_KEY) and restart")
        case .busy:
            return APIError(.conflict, code: "busy", message: "this campaign's agent is being created or updated; try again shortly")
        case .retell(let failure):
            let message: String
            if failure.isAuthFailure {
                message = "Retell rejected the API key (401): check [retell] api_key. Retell said: \(failure.message)"
            } else if failure.isBillingFailure {
                message = "Retell stopped billing for this account (402): add a payment method in Retell. Retell said: \(failure.message)"
            } else {
                message = "Retell answered an error, nothing was changed: \(failure.message)"
            }
            return APIError(.badGateway, code: "retell_error", message: message)
        }
    }
}
