import Hummingbird
import HTTPTypes

/// Runs first: sets `remoteIP` and `isHTTPS` from a trusted proxy's `X-Forwarded-For` and
/// `X-Forwarded-Proto` (from any other peer both are ignored), and marks every cookie `Secure`
/// when the client came over https.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    let trusted: TrustedProxies

    init(trustedProxies: [String]) {
        trusted = TrustedProxies(trustedProxies)
    }

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let resolved = ClientAddress.resolve(
            peer: context.remoteIP, forwardedFor: request.headers[values: Self.forwardedFor],
            forwardedProto: request.headers[values: Self.forwardedProto], trusted: trusted)
        context.remoteIP = resolved.ip
        context.isHTTPS = resolved.isHTTPS
        var response = try await next(request, context)
        if resolved.isHTTPS { Self.markCookiesSecure(&response.headers) }
        return response
    }

    /// Adds `Secure` to every `Set-Cookie` that lacks it.
    static func markCookiesSecure(_ headers: inout HTTPFields) {
        for index in headers.indices where headers[index].name == .setCookie {
            let attributes = headers[index].value.split(separator: ";").dropFirst()
            if !attributes.contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "secure" }) {
                headers[index].value += "; Secure"
            }
        }
    }
}
