import Foundation
import Hummingbird

/// `POST /api/v1/campaigns/{id}/batches`, `GET /api/v1/campaigns/{id}/batches`,
/// `GET /api/v1/batches/{id}` and `POST /api/v1/batches/{id}/pause|resume|cancel`.
/// Starting, pausing, resuming and cancelling calls is for the campaign's owner or an admin
/// (`CampaignPermission`).
struct BatchesAPI: Sendable {
    let database: AppDatabase
    let maxBodyBytes: Int
    let control: BatchControl

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        let body = try await RequestBody.bytes(request, limit: maxBodyBytes)
        var input = BatchInput()
        if body.readableBytes > 0 {
            guard RequestBody.mediaType(request) == "application/json" else {
                throw APIError.unsupportedMediaType("send the body as application/json")
            }
            input = try RequestBody.decode(BatchInput.self, from: Data(body.readableBytesView))
        }
        try await CampaignAccess(database: database).require(.runCalls, campaignID: id, by: principal)
        let batch = try await control.start(campaignID: id, candidateIDs: input.candidateIDs, by: principal)
        return .json(APIPresenter.batch(batch), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await database.campaign(id: id) != nil else { throw APIError.notFound("campaign \(id) not found") }
        let batches = try await database.batches(campaignID: id)
        return .json(APIPresenter.list(batches.map(APIPresenter.batch), nextCursor: nil))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let batch = try await database.batch(id: id) else { throw APIError.notFound("batch \(id) not found") }
        return .json(APIPresenter.batch(batch))
    }

    @Sendable func pause(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await change(.pause, request, context)
    }

    @Sendable func resume(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await change(.resume, request, context)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await change(.cancel, request, context)
    }

    private func change(_ action: BatchAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        guard let current = try await database.batch(id: id) else { throw APIError.notFound("batch \(id) not found") }
        try await CampaignAccess(database: database).require(.runCalls, campaignID: current.campaignID, by: principal)
        let batch = try await control.change(batchID: id, action, by: principal)
        return .json(APIPresenter.batch(batch))
    }
}
