import Foundation
import Logging
import Metrics
import Retell

/// `POST /webhooks/retell/inbound` after the signature (checked by `WebhookReceiver`): a
/// candidate calls the campaign number back (DESIGN §8 "Follow-ups"). The caller is looked up,
/// `InboundRouting` decides, and the answer is the campaign's agent with the candidate's
/// variables and the metadata that names the new inbound call row, so the call's webhooks find
/// it; or no override at all (the number's default agent), with nothing about the caller in it.
public struct InboundCalls: Sendable {
    /// What to answer Retell.
    public enum Reply: Sendable, Equatable {
        /// 200 with `{"call_inbound":{…}}`; nil: no override (the number's default agent).
        case answer(InboundAnswer?)
        /// 400: not JSON.
        case malformed(String)
        /// 422: a field at fault.
        case invalid(FieldError)
        /// 503: the database did not take it; Retell retries, then uses the default agent.
        case unavailable
    }

    let database: AppDatabase
    let logger: Logger
    let onApplied: @Sendable (AppliedCall) -> Void

    public init(database: AppDatabase, logger: Logger, onApplied: @escaping @Sendable (AppliedCall) -> Void = { _ in }) {
        self.database = database
        self.logger = logger
        self.onApplied = onApplied
    }

    /// `body` must already have passed the signature check.
    public func answer(body: Data) async -> Reply {
        let request: InboundCallRequest
        do {
            request = try InboundCallRequest.parse(body)
        } catch {
            count(error.isMalformed ? "malformed" : "invalid")
            switch error {
            case .malformed(let reason): return .malformed(reason)
            case .invalid(let field): return .invalid(field)
            }
        }
        do {
            switch try await database.answerInboundCall(from: request.fromNumber, route: InboundRouting.route) {
            case .declined(let reason):
                count(reason.rawValue)
                logger.info("inbound call declined", metadata: [
                    "from": "\(PhoneNumber.mask(request.fromNumber))", "reason": "\(reason.rawValue)",
                ])
                return .answer(nil)
            case .routed(let routed, let applied):
                count("routed")
                logger.info("inbound call routed", metadata: [
                    "call": "\(routed.call.id)", "from": "\(PhoneNumber.mask(request.fromNumber))",
                    "attempt": "\(routed.call.attempt)",
                ])
                onApplied(applied)
                return .answer(InboundAnswer(
                    agentID: routed.call.retellAgentID,
                    dynamicVariables: CallPayload.dynamicVariables(
                        fullName: routed.fullName, job: routed.job, on: routed.call.createdAt, zone: routed.zone),
                    metadata: CallPayload.metadata(call: routed.call, candidateID: routed.candidateID)))
            }
        } catch {
            logger.error("inbound call not stored; Retell will retry", metadata: ["error": "\(error)"])
            count("error")
            return .unavailable
        }
    }

    private func count(_ result: String) {
        Counter(label: "shortlist_inbound_calls_total", dimensions: [("result", result)]).increment()
    }
}

/// The override Retell gets for a caller who reaches their campaign's agent. No phone number:
/// Retell already has the caller's.
public struct InboundAnswer: Sendable, Equatable {
    public var agentID: String
    public var dynamicVariables: [String: String]
    public var metadata: [String: RetellJSON]
}

extension InboundCallRequest.Problem {
    var isMalformed: Bool { if case .malformed = self { true } else { false } }
}
