import Foundation
import Hummingbird

/// `GET|POST /api/v1/dnc`, `DELETE /api/v1/dnc/{phone}`.
struct DNCAPI: Sendable {
    let database: AppDatabase
    let defaultCountry: String
    let maxBodyBytes: Int

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let page = try await database.dncList(after: paging.cursor, limit: paging.limit)
        let items = page.items.map { APIPresenter.dnc($0, for: principal) }
        // Erased people's entries (DESIGN §8): on the first page, without a number.
        let hashed = paging.cursor == nil ? try await database.hashedDNCEntries(limit: 1_000) : []
        return .json(.object([
            ("items", .array(items)), ("next_cursor", .string(page.nextCursor)),
            ("hashed_entries", .array(hashed.map(APIPresenter.hashedDNC))),
        ]))
    }

    /// 201 with the new entry, or 200 with the entry that was already there.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let input = try await RequestBody.json(DNCInput.self, from: request, limit: maxBodyBytes)
        let phone = try normalized(input.phone, field: "phone")
        let reason = try Check.optionalText(input.reason, field: "reason", max: 500) ?? ""
        let (entry, created) = try await database.addDNC(phone: phone, reason: reason, source: .manual, by: principal)
        return .json(APIPresenter.dnc(entry, for: principal), status: created ? .created : .ok)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("phone")
        let phone = try normalized(raw.removingPercentEncoding ?? raw, field: "phone")
        guard try await database.removeDNC(phone: phone, by: context.requirePrincipal()) else {
            throw APIError.notFound("\(PhoneNumber.mask(phone)) is not on the do-not-call list")
        }
        return Response(status: .noContent)
    }

    private func normalized(_ raw: String?, field: String) throws -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { throw FieldError(field, "is required") }
        switch PhoneNumber.normalize(raw, defaultCountry: defaultCountry) {
        case .success(let number): return number.e164
        case .failure(let error): throw FieldError(field, error.reason)
        }
    }
}
