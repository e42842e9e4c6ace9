import Foundation
import Hummingbird

/// The per-request context: Hummingbird's core plus who is asking (set by `TokenAuthMiddleware`).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The peer's IP address (for sign-in throttling).
    public var remoteIP: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The authenticated principal; a route behind the token middleware always has one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized("missing bearer token") }
        return principal
    }
}
