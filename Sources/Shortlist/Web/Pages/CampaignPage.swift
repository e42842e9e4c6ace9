import Foundation
import Hummingbird

/// `GET /campaigns/{id}`: the campaign's job, script, targets and calling settings, its agent with
/// the prompt, the dry run, batches with their controls, and its candidates (status filter, pages).
/// Forms on it: create/update the agent, import candidates, start calling, pause/resume/cancel a
/// batch, archive the campaign; each for the campaign's owner or an admin only (`CampaignPermission`, via `CampaignAccess`).
struct CampaignPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let agents: CampaignAgents
    let clock: any WallClock
    let batches: BatchControl
    let defaultCountry: String
    static let pageSize = 50

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        let status = request.uri.queryParameters.get("status").flatMap { $0.isEmpty ? nil : String($0) }
        let cursor = request.uri.queryParameters.get("after").map { String($0) }
        return try await page(signedIn, id: id, status: status, cursor: cursor, message: nil, status: .ok)
    }

    /// Create or update the agent, then back to the page (with Retell's message if it failed).
    @Sendable func agent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await act(request, context, campaignID: id, .manageAgent) { signedIn in
            do {
                _ = try await agents.createOrUpdate(campaignID: id, by: signedIn.principal)
                return nil
            } catch let error as AgentError {
                return error.apiError.message
            }
        }
    }

    /// `POST /campaigns/{id}/candidates`: a CSV file from the page's upload form, imported as the
    /// API imports it; the page then shows what was imported and each row it could not take.
    @Sendable func importCandidates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        // A larger body was refused by the route group (413, in words) before it got here.
        let form = try await MultipartForm.read(request, limit: CandidateImport.maxBytes + 64 * 1024)
        if let refusal = try await CampaignAccess(database: database).refusalPage(.importCandidates, campaignID: id, by: signedIn.principal) {
            return refusal
        }
        guard let file = form.files["file"], !file.data.isEmpty else {
            return try await page(signedIn, id: id, status: nil, cursor: nil,
                message: "Choose a CSV file to upload.", status: .unprocessableContent)
        }
        let country = defaultCountry
        do {
            let plan = try await Offload.run { try CandidateUpload.plan(file.data, format: "csv", country: country) }
            let result = try await database.importCandidates(plan.drafts, into: id, by: signedIn.principal, format: "csv")
            let summary = CampaignPageModel.ImportSummary(
                imported: result.imported, duplicates: plan.duplicates + result.alreadyInCampaign, rejected: plan.rejected)
            return try await page(signedIn, id: id, status: nil, cursor: nil, message: nil, status: .ok, imported: summary)
        } catch let error as APIError {
            return try await page(signedIn, id: id, status: nil, cursor: nil,
                message: "\(file.filename): \(error.message)", status: error.status)
        } catch let error as StoreError {
            return try await page(signedIn, id: id, status: nil, cursor: nil, message: error.description, status: .conflict)
        }
    }

    @Sendable func startBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await act(request, context, campaignID: id, .runCalls) { signedIn in
            do {
                _ = try await batches.start(campaignID: id, candidateIDs: nil, by: signedIn.principal)
                return nil
            } catch let error as AgentNotUpdated {
                return error.apiError.message
            } catch let error as FieldError {
                return error.message
            } catch let error as StoreError {
                return error.description
            }
        }
    }

    /// `POST /campaigns/{id}/archive`: archives the campaign (read-only from then on), or shows why not.
    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await act(request, context, campaignID: id, .archive) { signedIn in
            do {
                _ = try await database.archiveCampaign(id: id, by: signedIn.principal)
                return nil
            } catch let error as StoreError {
                return error.description
            }
        }
    }

    @Sendable func changeBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let batchID = try context.parameters.require("id")
        guard let action = BatchAction(rawValue: try context.parameters.require("action")),
              let batch = try await database.batch(id: batchID)
        else { return PageResponse.notFound() }
        return try await act(request, context, campaignID: batch.campaignID, .runCalls) { signedIn in
            do {
                _ = try await batches.change(batchID: batchID, action, by: signedIn.principal)
                return nil
            } catch let error as AgentNotUpdated {
                return error.apiError.message
            } catch let error as StoreError {
                return error.description
            }
        }
    }

    /// Checks that the signed-in user may do `action` to the campaign (the route group checked the
    /// session and the CSRF token), runs `work`, then redirects to the campaign page, or shows it
    /// with the failure message.
    private func act(
        _ request: Request, _ context: AppRequestContext, campaignID: String, _ action: CampaignAction,
        _ work: (SignedInUser) async throws -> String?
    ) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        if let refusal = try await CampaignAccess(database: database).refusalPage(action, campaignID: campaignID, by: signedIn.principal) {
            return refusal
        }
        if let failure = try await work(signedIn) {
            return try await page(signedIn, id: campaignID, status: nil, cursor: nil, message: failure, status: .unprocessableContent)
        }
        return .redirect(to: "/campaigns/\(campaignID)", type: .normal)
    }

    private func page(
        _ signedIn: SignedInUser, id: String, status filter: String?, cursor: String?, message: String?, status: HTTPResponse.Status,
        imported: CampaignPageModel.ImportSummary? = nil
    ) async throws -> Response {
        guard let detail = try await database.campaign(id: id) else { return PageResponse.notFound() }
        guard let job = try await database.job(id: detail.campaign.jobID) else { return PageResponse.notFound() }
        let candidates = try await database.campaignCandidates(
            campaignID: id, status: filter, after: cursor, limit: Self.pageSize)
        let model = CampaignPageModel.build(
            detail: detail, job: job, preview: try await database.preview(campaignID: id, now: clock.now()),
            batches: try await database.batches(campaignID: id), candidates: candidates, filter: filter,
            counts: try await database.outcomeCounts(campaignID: id), signedIn: signedIn, chrome: chrome(signedIn),
            message: message, imported: imported, freshness: try await agents.freshness(of: detail))
        return renderer.html("campaign", model, status: status)
    }
}
