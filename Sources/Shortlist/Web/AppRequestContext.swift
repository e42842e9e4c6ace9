import Foundation
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core plus who is asking (set by `TokenAuthMiddleware`
/// for the API, by `PageAuthMiddleware` for the admin pages).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The admin page's signed-in user (set by `PageAuthMiddleware`).
    public var signedIn: SignedInUser?
    /// The client's IP address (sign-in throttling, sessions, the audit log): the peer's, or
    /// from a trusted proxy's `X-Forwarded-For` (set by `ClientAddressMiddleware`, which runs first).
    public var remoteIP: String
    /// Whether the client reached us over https (a trusted proxy's `X-Forwarded-Proto`).
    public var isHTTPS: Bool
    /// The connection, for closing it on a client that sends its body too slowly (`BodyPaceMiddleware`).
    let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        signedIn = nil
        remoteIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
        isHTTPS = false
        channel = source.channel
    }

    /// The authenticated principal; a route behind the token middleware always has one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized("missing bearer token") }
        return principal
    }

    /// The signed-in user; a page behind `PageAuthMiddleware` always has one.
    func requireSignedIn() throws -> SignedInUser {
        guard let signedIn else { throw APIError.unauthorized("sign in first") }
        return signedIn
    }
}
