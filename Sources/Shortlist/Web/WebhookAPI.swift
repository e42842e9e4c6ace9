import Foundation
import HTTPTypes
import Hummingbird
import Retell

/// `POST /webhooks/retell` and `POST /webhooks/retell/inbound`: no cookie, no token — the
/// signature is the auth, checked the same way for both (one receiver, one limit on unsigned
/// deliveries per address). The body limit is 1 MiB (413 beyond).
struct WebhookAPI: Sendable {
    static let maxBodyBytes = 1_048_576
    let receiver: WebhookReceiver
    let inboundCalls: InboundCalls

    /// Call events: answers 204 fast.
    @Sendable func retell(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestBody.bytes(request, limit: Self.maxBodyBytes)
        let signature = request.headers[HTTPField.Name(WebhookSignature.headerName)!]
        let reply = await receiver.receive(body: Data(body.readableBytesView), signature: signature, source: context.remoteIP)
        try Self.refuse(reply)
        return Response(status: .noContent)
    }

    /// `call_inbound` for a campaign number: 200 `{"call_inbound":{…}}`, with the campaign's agent
    /// for a candidate calling back, empty (the number's default agent) for anyone else.
    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let buffer = try await RequestBody.bytes(request, limit: Self.maxBodyBytes)
        let body = Data(buffer.readableBytesView)
        let signature = request.headers[HTTPField.Name(WebhookSignature.headerName)!]
        if let refused = await receiver.refuseUnsigned(body: body, signature: signature, source: context.remoteIP) {
            try Self.refuse(refused)
        }
        switch await inboundCalls.answer(body: body) {
        case .answer(let answer):
            return .json(.object([("call_inbound", answer.map(Self.render) ?? .object([]))]))
        case .malformed(let reason):
            throw APIError.badRequest(reason)
        case .invalid(let field):
            throw APIError.invalid(field)
        case .unavailable:
            throw APIError(.serviceUnavailable, code: "unavailable", message: "could not look the caller up; retry")
        }
    }

    /// Throws the HTTP answer for a delivery that was not accepted; returns for an accepted one.
    private static func refuse(_ reply: WebhookReceiver.Reply) throws {
        switch reply {
        case .accepted:
            return
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

    /// Retell's shape: `override_agent_id`, `dynamic_variables` (strings), `metadata`; keys sorted.
    private static func render(_ answer: InboundAnswer) -> JSONValue {
        .object([
            ("override_agent_id", .string(answer.agentID)),
            ("dynamic_variables", .object(answer.dynamicVariables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("metadata", .object(answer.metadata.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })),
        ])
    }

    private static func json(_ value: RetellJSON) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): Int(exactly: number).map(JSONValue.int) ?? .double(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(json))
        case .object(let fields): .object(fields.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }
}
