import Hummingbird

/// The plain answers every admin page shares: refused, not found, or a refusal from a check that
/// speaks `APIError` (such as `CampaignAccess`). Words a recruiter can act on, in plain text.
enum PageResponse {
    static func forbidden() -> Response {
        text("You may not do that, or the form expired: reload the page and try again.", status: .forbidden)
    }

    static func notFound() -> Response { text("Not found.", status: .notFound) }

    /// The refusal's words and status (404 says only "Not found.").
    static func refusal(_ error: APIError) -> Response {
        error.status == .notFound ? notFound() : text(error.message, status: error.status)
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
