import Foundation

/// The recruiter's decision on a shortlist row, whichever door it came in by (the API's PATCH, the
/// page's one-click forms): the permission check, the store's write with its audit row, then the
/// `campaign_candidate.updated` event after the commit.
struct ShortlistDecisions: Sendable {
    let database: AppDatabase
    let events: EventHub

    /// 404 for no such candidate, 403 for a principal who may not change the campaign, 409 when the
    /// campaign is archived or the candidate has not answered yet.
    /// - Parameter inCampaign: the campaign the request named (a page's address), if any.
    func decide(
        campaignCandidateID id: String, _ change: DecisionChange, by principal: Principal, inCampaign: String? = nil
    ) async throws -> (result: DecisionResult, campaign: CampaignDetail) {
        guard let campaignID = try await database.campaignID(ofCampaignCandidate: id),
              inCampaign == nil || inCampaign == campaignID
        else {
            throw APIError.notFound("campaign candidate \(id) not found")
        }
        let campaign = try await CampaignAccess(database: database).require(.decide, campaignID: campaignID, by: principal)
        let result = try await database.decide(campaignCandidateID: id, change, by: principal)
        LiveEvents.publishDecision(result.candidate, to: events)
        return (result, campaign)
    }
}

extension LiveEvents {
    /// A decision changed: the candidate's usual fields plus the decision (never the note, which
    /// may be personal; the page re-reads the row from the server).
    static func publishDecision(_ candidate: CampaignCandidateRecord, to hub: EventHub) {
        hub.publish(LiveEvent(name: "campaign_candidate.updated", data: text(.object(candidateFields(candidate) + [
            ("decision", .string(candidate.decision?.rawValue)), ("decided_at", .time(candidate.decidedAt)),
        ]))))
    }
}
