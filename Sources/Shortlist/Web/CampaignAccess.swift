import Hummingbird

extension CampaignRecord {
    /// Who owns this campaign, for `CampaignPermission`.
    var owner: CampaignOwner { CampaignOwner(userID: ownerUserID, tokenID: ownerTokenID) }
}

/// The check every door runs before changing or running a campaign: the API's controllers and the
/// admin page's handlers both call `require`, so the rule (`CampaignPermission`) is applied the
/// same way whichever door a request came in by.
struct CampaignAccess: Sendable {
    let database: AppDatabase

    /// The campaign, when `principal` may do `action` to it. Throws 404 when there is no such
    /// campaign and 403 with `CampaignPermission.refusal` when the principal may not.
    @discardableResult
    func require(_ action: CampaignAction, campaignID: String, by principal: Principal) async throws -> CampaignDetail {
        guard let detail = try await database.campaign(id: campaignID) else {
            throw APIError.notFound("campaign \(campaignID) not found")
        }
        guard principal.may(action, campaign: detail.campaign.owner) else {
            throw APIError.forbidden(CampaignPermission.refusal)
        }
        return detail
    }

    /// The same check for a page: nil when allowed, else the 404 or 403 page to answer with.
    func refusalPage(_ action: CampaignAction, campaignID: String, by principal: Principal) async throws -> Response? {
        do {
            try await require(action, campaignID: campaignID, by: principal)
            return nil
        } catch let error as APIError {
            return PageResponse.refusal(error)
        }
    }
}
