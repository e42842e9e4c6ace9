import Hummingbird
import HTTPTypes

/// The headers every response carries (DESIGN §6): a Content-Security-Policy that allows no
/// inline script or style and no framing, no MIME sniffing, a same-origin referrer, HSTS when
/// the client came over https, and `Cache-Control: no-store` unless the handler chose its own
/// caching (the stylesheet and script may be cached; pages, the API and the event stream carry
/// personal data or live state). Error responses get them too.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The policy. Recordings play only from Shortlist's own `/recordings/…` (never Retell's
    /// storage), so media is same-origin.
    static func contentSecurityPolicy() -> String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "media-src 'self'",
            "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
        ].joined(separator: "; ")
    }

    let contentSecurityPolicy: String

    init() {
        contentSecurityPolicy = Self.contentSecurityPolicy()
    }

    static let strictTransportSecurity = "max-age=31536000"
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        Self.apply(to: &response.headers, https: context.isHTTPS, policy: contentSecurityPolicy)
        return response
    }

    static func apply(to headers: inout HTTPFields, https: Bool, policy: String) {
        headers[.contentSecurityPolicy] = policy
        headers[.xContentTypeOptions] = "nosniff"
        headers[frameOptions] = "DENY"
        headers[referrerPolicy] = "same-origin"
        if https { headers[.strictTransportSecurity] = strictTransportSecurity }
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}
