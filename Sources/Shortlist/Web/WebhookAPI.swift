import Foundation
import HTTPTypes
import Hummingbird
import Retell

/// `POST /webhooks/retell`: no cookie, no token — the signature is the auth. Answers 204 fast;
/// the body limit is 1 MiB (413 beyond).
struct WebhookAPI: Sendable {
    static let maxBodyBytes = 1_048_576
    let receiver: WebhookReceiver

    @Sendable func retell(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestBody.bytes(request, limit: Self.maxBodyBytes)
        let signature = request.headers[HTTPField.Name(WebhookSignature.headerName)!]
        switch await receiver.receive(body: Data(body.readableBytesView), signature: signature, source: context.remoteIP) {
        case .accepted:
            return Response(status: .noContent)
        case .unauthorized(let failure):
            throw APIError(.unauthorized, code: "invalid_signature", message: "webhook signature \(failure.rawValue)")
        case .throttled:
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many unsigned webhook deliveries; not stored")
            error.headers[.retryAfter] = "60"
            throw error
        case .malformed(let reason):
            throw APIError.badRequest(reason)
        case .unavailable:
            throw APIError(.serviceUnavailable, code: "unavailable", message: "could not store the webhook; retry")
        }
    }
}
