import Foundation
import Hummingbird
import NIOCore

/// The admin pages' route group: a request without a valid session cookie is sent to `/login`;
/// otherwise the signed-in user goes into the context (`context.signedIn`, `context.principal`).
/// Every POST must carry the session's CSRF token in its form's `_csrf` field (urlencoded or
/// multipart), else 403. The body is read once here, up to the largest form a page takes (larger:
/// 413), and handed on already collected; each handler still reads it with its own limit.
struct PageAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: AdminSessions

    /// The largest urlencoded form a page takes (the campaign form).
    static let formLimit = 256 * 1024
    /// The largest upload a page takes (a candidate or do-not-call CSV, with the form around it).
    static let uploadLimit = max(CandidateImport.maxBytes, DNCImport.maxBytes) + 64 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return .redirect(to: "/login", type: .normal) }
        var context = context
        context.signedIn = signedIn
        context.principal = signedIn.principal
        context.logger[metadataKey: "actor"] = "\(signedIn.principal.label)"
        guard request.method == .post else { return try await next(request, context) }

        let isUpload = RequestBody.mediaType(request) == "multipart/form-data"
        let limit = isUpload ? Self.uploadLimit : Self.formLimit
        // A body larger than any page takes is refused here: its token cannot be checked, and not
        // every handler reads the body.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return Self.tooLarge(isUpload)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return Self.tooLarge(isUpload)
        }
        let submitted = isUpload ? try Self.uploadToken(request, body) : FormBody.parse(body)["_csrf"]
        guard AdminSessions.tokensMatch(submitted, signedIn.csrfToken) else { return PageResponse.forbidden() }
        return try await next(request, context)
    }

    static func tooLarge(_ isUpload: Bool) -> Response {
        PageResponse.text(
            isUpload ? "The file is larger than \(uploadLimit / 1_048_576) MB: split it and upload the parts."
                : "The form is larger than \(formLimit / 1024) KB: shorten it and send it again.",
            status: .contentTooLarge)
    }

    /// The `_csrf` field of a multipart form; a body that is not one is refused as the upload
    /// handlers refuse it (415 without a boundary, 400 when it does not parse).
    private static func uploadToken(_ request: Request, _ body: ByteBuffer) throws -> String? {
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) else {
            throw APIError.unsupportedMediaType("send the form as multipart/form-data with a boundary")
        }
        do {
            return try MultipartForm.parse(Array(body.readableBytesView), boundary: boundary)["_csrf"]
        } catch {
            throw APIError.badRequest("the form's body is not valid multipart/form-data: \(error.message)", field: "body")
        }
    }
}
