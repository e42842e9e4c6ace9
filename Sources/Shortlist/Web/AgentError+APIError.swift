import Retell

/// Why an agent could not be created or updated, for the API (the error body) and the campaign
/// page (its message): one wording for both doors.
extension AgentError {
    /// Retell's failures in words a recruiter can act on; the key itself never appears.
    var apiError: APIError {
        switch self {
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
