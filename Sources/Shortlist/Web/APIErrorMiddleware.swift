import Foundation
import Hummingbird
import Logging
import NIOCore

/// Turns whatever a handler threw into the JSON error shape (plain text outside the API): validation → 422 with the field,
/// a missing row → 404, a clash with current state → 409, a body too large → 413, anything
/// unexpected → 500 (logged, never shown).
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.map(error)
            if apiError.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            guard Self.speaksJSON(request.uri.path) else {
                // A browser on an admin page (or a URL typed by hand) gets words, not JSON.
                return Response(
                    status: apiError.status, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: apiError.status == .notFound ? "Not found." : apiError.message)))
            }
            return try apiError.response(from: request, context: context)
        }
    }

    /// The API, the webhook receiver and the service routes answer errors as JSON; pages do not.
    static func speaksJSON(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path.hasPrefix("/webhooks/") || path == "/healthz" || path == "/metrics"
    }

    static func map(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as FieldError:
            return .invalid(error)
        case let error as AgentNotUpdated:
            return error.apiError
        case let error as StoreError:
            switch error {
            case .notFound(let entity, let id): return .notFound("\(entity) \(id) not found")
            case .conflict(let message): return APIError(.conflict, code: "conflict", message: message)
            case .duplicate(let field, let message): return APIError(.conflict, code: "duplicate", message: message, field: field)
            case .newerSchema: return APIError(.internalServerError, code: "internal", message: "internal error")
            case .noAgent(let id): return APIError(.conflict, code: "conflict", message: "campaign has no Retell agent yet: POST /api/v1/campaigns/\(id)/agent first")
            }
        case is InvalidCursor:
            return .badRequest("cursor is not valid; start again without one", field: "cursor")
        case is PacedBody.TooSlow:
            var slow = APIError(.requestTimeout, code: "too_slow", message: "the request body arrived too slowly")
            slow.headers[.connection] = "close"
            return slow
        case is BoundedWorkQueue.Full:
            var busy = APIError(.serviceUnavailable, code: "busy", message: "too many passwords are being checked; try again in a few seconds")
            busy.headers[.retryAfter] = "5"
            return busy
        case is NIOTooManyBytesError:
            return .tooLarge("request body is too large")
        case let error as HTTPError:
            return APIError(error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal", message: "internal error")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .contentTooLarge: "too_large"
        default: status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        }
    }
}
