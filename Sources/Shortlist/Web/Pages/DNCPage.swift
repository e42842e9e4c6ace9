import Foundation
import Hummingbird

/// `GET /dnc`, `POST /dnc` (add), `POST /dnc/remove`, `POST /dnc/import` (a file): the
/// do-not-call list. Everyone signed in reads (viewers see masked numbers); recruiters and admins
/// add, import and remove.
struct DNCPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let defaultCountry: String

    struct DNCPageModel: PageModel {
        var title = "Do-not-call list"
        var chrome: Chrome?
        var canWrite: Bool
        var phone: String
        var reason: String
        var error: String?
        var importMessage: String?
        var importProblems: [Problem]
        var hasImportProblems: Bool
        var entries: [Entry]
        var hasEntries: Bool
        /// How many erased people's numbers are kept only as a hash, in words; nil when none.
        var erasedNumbers: String? = nil

        struct Problem { var row: Int; var reason: String }
        struct Entry { var phone: String; var value: String; var reason: String; var source: Wording; var added: String }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await page(signedIn, phone: "", reason: "", error: nil, status: .ok)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let form = try await FormBody.read(request)
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
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

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        // A larger body was refused by the route group (413, in words) before it got here.
        let form = try await MultipartForm.read(request, limit: DNCImport.maxBytes + 64 * 1024)
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        guard let file = form.files["file"], !file.data.isEmpty else {
            return try await page(signedIn, importMessage: "Choose a file to import.", status: .unprocessableContent)
        }
        let country = defaultCountry
        let plan: DNCImport.Plan
        do {
            plan = try await Offload.run { () throws -> DNCImport.Plan in
                let records: [CSVRecord]
                do { records = try CSVParser.parse(file.data, maxRecords: DNCImport.maxRows + 1) } catch let error as CSVError { throw FieldError("file", error.message) }
                return try DNCImport.plan(records, defaultCountry: country)
            }
        } catch let error as FieldError {
            return try await page(signedIn, importMessage: "\(file.filename): \(error.message)", status: .unprocessableContent)
        }
        let added = try await database.importDNC(plan.entries, filename: file.filename, by: signedIn.principal)
        let already = plan.entries.count - added
        let message = "Added \(added) number\(added == 1 ? "" : "s") from \(file.filename); "
            + "\(already + plan.repeats) already listed or repeated; \(plan.rejected.count) row\(plan.rejected.count == 1 ? "" : "s") rejected."
        return try await page(
            signedIn, importMessage: message,
            importProblems: plan.rejected.prefix(100).map { DNCPageModel.Problem(row: $0.row, reason: $0.reason) }, status: .ok)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let form = try await FormBody.read(request)
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        _ = try await database.removeDNC(phone: form["phone"] ?? "", by: signedIn.principal)
        return .redirect(to: "/dnc", type: .normal)
    }

    private func page(
        _ signedIn: SignedInUser, phone: String = "", reason: String = "", error: String? = nil, importMessage: String? = nil,
        importProblems: [DNCPageModel.Problem] = [], status: HTTPResponse.Status
    ) async throws -> Response {
        let writer = signedIn.principal.role.canWrite
        let entries = try await database.dncList(after: nil, limit: 500).items.map { entry in
            DNCPageModel.Entry(
                phone: writer ? entry.phone : PhoneNumber.mask(entry.phone), value: entry.phone, reason: entry.reason,
                source: entry.source.wording, added: Timestamp.iso8601(entry.createdAt))
        }
        return renderer.html("dnc", DNCPageModel(
            chrome: chrome(signedIn), canWrite: writer, phone: phone, reason: reason, error: error,
            importMessage: importMessage, importProblems: importProblems, hasImportProblems: !importProblems.isEmpty, entries: entries,
            hasEntries: !entries.isEmpty, erasedNumbers: ErasedPerson.hashedNumbersWords(try await database.hashedDNCCount())),
            status: status)
    }
}
