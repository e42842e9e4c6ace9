import Foundation
import Hummingbird

/// An error answered the way Retell answers: a status and `{"status":"error","message":"…"}`.
struct SimulatorError: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var message: String
    /// Seconds for a `retry-after` header (429 only).
    var retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 400 naming what is wrong with the request.
    static func badRequest(_ message: String) -> SimulatorError { SimulatorError(.badRequest, message) }

    static let unauthorized = SimulatorError(.unauthorized, "API key is missing or invalid.")
    static let unknownAsset = SimulatorError(.unprocessableContent, "Cannot find requested asset under given api key.")
    static let notFound = SimulatorError(.notFound, "The requested resource was not found.")
    static let invalidFormat = SimulatorError(.badRequest, "Invalid request format, please check API reference.")
    static let serverError = SimulatorError(.internalServerError, "An unexpected server error occurred.")

    /// 403: a signed file address that is forged or has expired.
    static func forbidden(_ message: String) -> SimulatorError { SimulatorError(.forbidden, message) }

    static func rateLimited(retryAfterSeconds: Int) -> SimulatorError {
        SimulatorError(.tooManyRequests, "Account rate limited, please throttle your requests.", retryAfterSeconds: retryAfterSeconds)
    }

    /// The HTTP response for this error.
    var response: Response {
        var response = JSONResponse.make(status, .object(["status": .string("error"), "message": .string(message)]))
        if let retryAfterSeconds {
            response.headers[.retryAfter] = String(retryAfterSeconds)
        }
        return response
    }
}

/// Builds JSON responses from `JSONValue`s.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }
}

/// Turns every thrown error into Retell's error body: `SimulatorError` as it is, Hummingbird's
/// own errors (unknown route, body too large) with their status, anything else as a 500.
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SimulatorError {
            return error.response
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: return SimulatorError.notFound.response
            case .contentTooLarge: return SimulatorError(.contentTooLarge, "Request body is too large.").response
            default: return SimulatorError(error.status, error.body ?? "Request failed.").response
            }
        } catch {
            context.logger.error("simulator handler failed", metadata: ["error": "\(error)"])
            return SimulatorError.serverError.response
        }
    }
}

/// Requires `Authorization: Bearer <apiKey>` on every request except the public files
/// (recordings and logs), which Retell serves from storage URLs without the API key.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let apiKey: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/recordings/") || path.hasPrefix("/logs/") {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], Self.token(header) == apiKey, !apiKey.isEmpty else {
            throw SimulatorError.unauthorized
        }
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), or nil.
    static func token(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
