import Foundation
import Hummingbird

/// `GET /dnc`, `POST /dnc` (add), `POST /dnc/remove`: the do-not-call list. Everyone signed in
/// reads (viewers see masked numbers); recruiters and admins add and remove.
struct DNCPages: Sendable {
    let database: AppDatabase
    let sessions: AdminSessions
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let defaultCountry: String

    struct Page: PageModel {
        var title = "Do-not-call list"
        var chrome: Chrome?
        var canWrite: Bool
        var phone: String
        var reason: String
        var error: String?
        var entries: [Entry]
        var hasEntries: Bool

        struct Entry { var phone: String; var value: String; var reason: String; var source: String; var added: String }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return .redirect(to: "/login", type: .normal) }
        return try await page(signedIn, phone: "", reason: "", error: nil, status: .ok)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return .redirect(to: "/login", type: .normal) }
        let form = try await FormBody.read(request)
        guard AdminSessions.tokensMatch(form["_csrf"], signedIn.csrfToken), signedIn.principal.role.canWrite else {
            return JobPages.forbidden()
        }
        let raw = form["phone"] ?? "", reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespaces)
        switch PhoneNumber.normalize(raw, defaultCountry: defaultCountry) {
        case .failure(let error):
            return try await page(signedIn, phone: raw, reason: reason, error: error.reason, status: .unprocessableContent)
        case .success(let number):
            guard reason.count <= 500 else {
                return try await page(signedIn, phone: raw, reason: reason, error: "the reason must be at most 500 characters", status: .unprocessableContent)
            }
            _ = try await database.addDNC(phone: number.e164, reason: reason, source: .manual, by: signedIn.principal)
            return .redirect(to: "/dnc", type: .normal)
        }
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return .redirect(to: "/login", type: .normal) }
        let form = try await FormBody.read(request)
        guard AdminSessions.tokensMatch(form["_csrf"], signedIn.csrfToken), signedIn.principal.role.canWrite else {
            return JobPages.forbidden()
        }
        _ = try await database.removeDNC(phone: form["phone"] ?? "", by: signedIn.principal)
        return .redirect(to: "/dnc", type: .normal)
    }

    private func page(
        _ signedIn: SignedInUser, phone: String, reason: String, error: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let writer = signedIn.principal.role.canWrite
        let entries = try await database.dncList(after: nil, limit: 500).items.map { entry in
            Page.Entry(
                phone: writer ? entry.phone : PhoneNumber.mask(entry.phone), value: entry.phone, reason: entry.reason,
                source: entry.source, added: entry.createdAt.formatted(.iso8601))
        }
        return renderer.html("dnc", Page(
            chrome: chrome(signedIn), canWrite: writer, phone: phone, reason: reason, error: error, entries: entries,
            hasEntries: !entries.isEmpty), status: status)
    }
}
