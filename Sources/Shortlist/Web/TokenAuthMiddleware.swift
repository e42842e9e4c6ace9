import Crypto
import Foundation
import Hummingbird

/// Bearer-token auth for `/api/v1`: a missing, unknown or revoked token, or one whose user is
/// disabled → 401; a token acting as a viewer (its own role, or its user's current one) may only
/// read (GET/HEAD) → 403 otherwise. Sets `context.principal`; which campaigns it may change is
/// `CampaignPermission`'s business, in the controllers.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: AppDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("missing bearer token: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError.unauthorized("Authorization header must be: Bearer <token>")
        }
        guard let principal = try await database.authenticateToken(hash: APIToken.hash(String(parts[1]))) else {
            throw APIError.unauthorized("token is not valid (unknown, revoked, or its user is disabled)")
        }
        if !principal.role.canWrite && ![.get, .head].contains(request.method) {
            throw APIError.forbidden("a \(principal.role.rawValue) token may only read")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "actor"] = "\(principal.label)"
        return try await next(request, context)
    }
}

/// API tokens: 32 random bytes shown once as `slt_<64 hex>`, stored as their SHA-256.
public enum APIToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "slt_" + bytes.hexString
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }
}
