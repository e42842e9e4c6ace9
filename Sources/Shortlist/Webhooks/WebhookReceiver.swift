import Foundation
import Logging
import Metrics
import Retell

/// `POST /webhooks/retell`, after the HTTP layer has read the raw body: verify the signature on
/// those exact bytes, parse, then store and apply in one transaction (DESIGN §4). Every signed
/// delivery is stored whole, an unreadable one too; one with a bad or missing signature keeps its
/// first 4 KiB, length and SHA-256, flagged and never applied, within `RejectLimiter`'s limits.
public struct WebhookReceiver: Sendable {
    public enum Reply: Equatable, Sendable {
        /// 204: stored (and applied, or a duplicate, or an event we do not apply).
        case accepted
        /// 401: signature missing, malformed, stale or not ours.
        case unauthorized(WebhookSignature.Failure)
        /// 429: unsigned deliveries from this address (or in all) are over the minute's limit; not stored.
        case throttled
        /// 400: not JSON, or no `event` / `call.call_id`.
        case malformed(String)
        /// 503: the database did not take it; Retell will retry.
        case unavailable
    }

    let database: AppDatabase
    let keys: [String]
    let clock: any WallClock
    let logger: Logger
    let rejects: RejectLimiter
    let onApplied: @Sendable (AppliedCall) -> Void
    let recordings: RecordingPolicy

    public init(
        database: AppDatabase, keys: [String], clock: any WallClock, logger: Logger, rejectsPerMinute: Int = 60,
        recordings: RecordingPolicy = .off, onApplied: @escaping @Sendable (AppliedCall) -> Void = { _ in }
    ) {
        self.recordings = recordings
        self.database = database
        self.keys = keys
        self.clock = clock
        self.logger = logger
        self.rejects = RejectLimiter(perSource: rejectsPerMinute)
        self.onApplied = onApplied
    }

    /// `source` is the sender's address, for the limit on rejected deliveries.
    public func receive(body: Data, signature: String?, source: String = "unknown") async -> Reply {
        let started = ContinuousClock.now
        if let refused = await refuseUnsigned(body: body, signature: signature, source: source) { return refused }
        let payload: WebhookPayload
        do {
            payload = try JSONDecoder().decode(WebhookPayload.self, from: body)
        } catch {
            let peek = Peek(body)
            let reason = peek.isJSON ? "body has no event or call.call_id" : "body is not JSON"
            await store(peek, body, valid: true, outcome: .malformed, error: reason)
            count(peek.event, .malformed)
            return .malformed(reason)
        }
        let webhook = IncomingWebhook(
            event: payload.event, retellCallID: payload.call.callID,
            shortlistCallID: payload.call.metadata?["shortlist_call_id"]?.stringValue, payload: body, signatureValid: true)
        let now = clock.now()
        do {
            let (outcome, applied) = try await database.ingestWebhook(webhook) { [recordings] context in
                var changes = CallUpdate.changes(context, event: payload.event, call: payload.call, now: now)
                changes.fetchRecording = recordings.wants(payload.call)
                return changes
            }
            count(payload.event, outcome)
            let elapsed = (ContinuousClock.now - started).components
            Timer(label: "shortlist_webhook_apply_seconds")
                .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
            if let applied { onApplied(applied) }
            return .accepted
        } catch {
            logger.error("webhook not stored; Retell will retry", metadata: ["error": "\(error)", "event": "\(payload.event)"])
            count(payload.event, nil)
            return .unavailable
        }
    }

    /// Checks the signature on the exact bytes (for every Retell webhook URL); nil when one of our
    /// keys signed them. A bad or missing one is counted, limited per address (`.throttled` past
    /// the limit, not stored), stored as its first 4 KiB, and answered `.unauthorized`.
    public func refuseUnsigned(body: Data, signature: String?, source: String) async -> Reply? {
        let nowMS = Int64((clock.now().timeIntervalSince1970 * 1000).rounded())
        guard case .invalid(let failure) = WebhookSignature.verify(body: body, header: signature, keys: keys, nowMS: nowMS) else {
            return nil
        }
        Counter(label: "shortlist_webhook_signature_failures_total", dimensions: [("reason", failure.rawValue)]).increment()
        guard rejects.allow(source: source, now: clock.now()) else {
            count(nil, .throttled)
            return .throttled
        }
        let peek = Peek(body)
        logger.warning("webhook signature refused", metadata: ["reason": "\(failure.rawValue)", "event": "\(peek.event ?? "-")"])
        await store(peek, body, valid: false, outcome: .invalidSignature, error: "signature \(failure.rawValue)")
        count(peek.event, .invalidSignature)
        return .unauthorized(failure)
    }

    private func store(_ peek: Peek, _ body: Data, valid: Bool, outcome: WebhookOutcome, error: String) async {
        let webhook = IncomingWebhook(
            event: peek.event, retellCallID: peek.callID, shortlistCallID: nil, payload: body, signatureValid: valid)
        do {
            try await database.recordRejectedWebhook(webhook, outcome: outcome, error: error)
        } catch {
            logger.error("could not store a rejected webhook", metadata: ["error": "\(error)"])
        }
    }

    private func count(_ event: String?, _ outcome: WebhookOutcome?) {
        Counter(label: "shortlist_webhooks_total", dimensions: [
            ("event", WebhookEvents.applied.contains(event ?? "") ? event! : "other"),
            ("result", outcome?.rawValue ?? "error"),
        ]).increment()
    }
}

/// What can be read from a body without trusting it: for storing and logging rejected deliveries.
private struct Peek {
    var isJSON = false
    var event: String?
    var callID: String?

    init(_ body: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return }
        isJSON = true
        event = (object["event"] as? String).map { String($0.prefix(64)) }
        callID = ((object["call"] as? [String: Any])?["call_id"] as? String).map { String($0.prefix(128)) }
    }
}
