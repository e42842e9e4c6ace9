import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Retell

/// What became of a call someone made to one of the simulator's numbers.
public struct InboundCallResult: Sendable, Equatable {
    /// The call the override agent took; nil when the answer named no agent (Retell would hand
    /// it to the number's default agent, which the simulator does not have) or never came.
    public var callID: String?
    /// The inbound webhook's HTTP status (its last attempt); nil when it could not be reached.
    public var webhookStatus: Int?
    /// The answer's body as received (last attempt).
    public var answer: String
}

/// Places inbound calls the way Retell does (API.md §9): a signed `call_inbound` goes to the
/// number's inbound webhook, retried up to 3 times on failure; a 2xx answer's
/// `override_agent_id`, `dynamic_variables` and `metadata` make the call, which then plays out
/// and sends its webhooks like any other, with `direction: "inbound"`.
struct InboundCallPlacer: Sendable {
    static let maxRetries = 3

    let client: HTTPClient
    let apiKey: String
    let clock: @Sendable () -> Int64
    let state: SimulatorState
    let retryDelaySeconds: Double
    let logger: Logger
    let startPlayback: @Sendable (StoredCall) -> Void

    func place(from fromNumber: String, to toNumber: String) async throws -> InboundCallResult {
        guard PhoneCallRequest.isE164(fromNumber) else { throw SimulatorError.badRequest("from_number must be E.164.") }
        guard PhoneCallRequest.isE164(toNumber) else { throw SimulatorError.badRequest("to_number must be E.164.") }
        guard let url = await state.inboundWebhookURL else {
            throw SimulatorError.badRequest("No inbound webhook URL is configured for the simulator's numbers.")
        }
        let body = JSONValue.object([
            "event": .string("call_inbound"),
            "call_inbound": .object(["from_number": .string(fromNumber), "to_number": .string(toNumber)]),
        ]).bytes
        var result = InboundCallResult(callID: nil, webhookStatus: nil, answer: "")
        for attempt in 1...(Self.maxRetries + 1) {
            if attempt > 1 { try await Task.sleep(for: .seconds(retryDelaySeconds)) }
            result = await ask(url, body: body)
            if let status = result.webhookStatus, (200..<300).contains(status) { break }
        }
        guard let status = result.webhookStatus, (200..<300).contains(status),
              let answer = JSONValue.parse(Array(result.answer.utf8))?["call_inbound"],
              let agentID = answer["override_agent_id"]?.stringValue
        else {
            logger.info("inbound call without an override agent", metadata: ["status": "\(result.webhookStatus ?? 0)"])
            return result
        }
        let variables = answer["dynamic_variables"]
        for field in variables?.objectFields ?? [] where field.value.stringValue == nil {
            throw SimulatorError.badRequest("dynamic_variables.\(field.key) must be a string.")
        }
        let call = try await state.createInboundCall(
            agentID: agentID, fromNumber: fromNumber, toNumber: toNumber, metadata: answer["metadata"],
            dynamicVariables: variables)
        startPlayback(call)
        result.callID = call.id
        return result
    }

    /// One signed POST of `call_inbound`; 10 s timeout, like Retell.
    private func ask(_ url: String, body: [UInt8]) async -> InboundCallResult {
        let request = WebhookSender.signedPost(url, body: body, key: apiKey, timestampMS: clock())
        do {
            let response = try await client.execute(request, timeout: .seconds(WebhookSender.timeoutSeconds))
            let answer = try await response.body.collect(upTo: 64 * 1024)
            return InboundCallResult(callID: nil, webhookStatus: Int(response.status.code), answer: String(buffer: answer))
        } catch {
            logger.info("inbound webhook failed", metadata: ["error": "\(error)"])
            return InboundCallResult(callID: nil, webhookStatus: nil, answer: "")
        }
    }
}
