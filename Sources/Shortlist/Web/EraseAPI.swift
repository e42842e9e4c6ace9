import Foundation
import Hummingbird

/// `DELETE /api/v1/candidates/{id}` (erase the person, DESIGN §8) and
/// `GET /api/v1/candidates/{id}/export` (everything kept about them). Admin only.
struct EraseAPI: Sendable {
    let database: AppDatabase
    let eraser: CandidateEraser

    /// 204 once erased (again 204 for a person erased before); 409 while they are on a call.
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard ErasePermission.mayErase(principal) else { throw APIError.forbidden(ErasePermission.eraseRefusal) }
        try await eraser.erase(candidateID: try context.parameters.require("id"), by: principal)
        return Response(status: .noContent)
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard ErasePermission.mayExport(principal) else { throw APIError.forbidden(ErasePermission.exportRefusal) }
        let id = try context.parameters.require("id")
        guard let records = try await database.subjectAccess(candidateID: id) else {
            throw APIError.notFound("candidate \(id) not found")
        }
        return .json(SubjectAccessPresenter.document(records))
    }
}
