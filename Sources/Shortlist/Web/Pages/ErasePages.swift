import Foundation
import Hummingbird

/// `GET /candidates/{id}/erase` (the confirmation: what goes, what stays, type ERASE) and
/// `POST /candidates/{id}/erase` (erase, then back to the candidate page, which says the person
/// was erased). `{id}` is the campaign candidate the page was opened from; the whole person is
/// erased, in every campaign. Admins only; works without JavaScript.
struct ErasePages: Sendable {
    let database: AppDatabase
    let eraser: CandidateEraser
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome

    static let confirmWord = "ERASE"

    struct EraseConfirmPage: PageModel {
        var title: String
        var chrome: Chrome?
        var name: String
        var candidateURL: String
        var actionURL: String
        var campaigns: String
        var error: String?
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard ErasePermission.mayErase(signedIn.principal) else { return PageResponse.forbidden() }
        let id = try context.parameters.require("id")
        guard let history = try await database.candidateHistory(campaignCandidateID: id) else { return PageResponse.notFound() }
        guard history.erasedAt == nil else { return .redirect(to: "/candidates/\(id)", type: .normal) }
        return try await page(signedIn, history: history, error: nil, status: .ok)
    }

    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let form = try await FormBody.read(request)
        guard ErasePermission.mayErase(signedIn.principal) else { return PageResponse.forbidden() }
        let id = try context.parameters.require("id")
        guard let history = try await database.candidateHistory(campaignCandidateID: id) else { return PageResponse.notFound() }
        guard (form["confirm"] ?? "").trimmingCharacters(in: .whitespaces) == Self.confirmWord else {
            return try await page(signedIn, history: history, error: "Type \(Self.confirmWord) in capitals to confirm.",
                                  status: .unprocessableContent)
        }
        do {
            try await eraser.erase(candidateID: history.row.candidateID, by: signedIn.principal)
        } catch StoreError.conflict(let message) {
            return try await page(signedIn, history: history, error: "Not erased: \(message).", status: .conflict)
        }
        return .redirect(to: "/candidates/\(id)", type: .normal)
    }

    private func page(_ signedIn: SignedInUser, history: CandidateHistory, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let id = history.row.id
        let campaigns = try await database.campaignCount(ofCandidate: history.row.candidateID)
        let model = EraseConfirmPage(
            title: "Erase \(history.row.fullName)", chrome: chrome(signedIn), name: history.row.fullName,
            candidateURL: "/candidates/\(id)", actionURL: "/candidates/\(id)/erase",
            campaigns: campaigns == 1 ? "the one campaign they are in" : "all \(campaigns) campaigns they are in",
            error: error)
        return renderer.html("erase", model, status: status)
    }
}
