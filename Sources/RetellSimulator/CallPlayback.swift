import Foundation
import Logging

/// Plays one call out on the compressed timeline: it rings, then either connects (`call_started`,
/// conversation, `call_ended`) or gives up (`call_ended` as `not_connected`, no `call_started`),
/// and a few simulated seconds later is analyzed (`call_analyzed`). Simulated seconds are divided
/// by `speedup` to get real ones. Each state change is stored before its webhook leaves, so a
/// get-call made on receipt of a webhook sees at least that state; webhooks go out from a
/// separate per-call queue, so a slow or paused receiver never holds the call up.
struct CallPlayback: Sendable {
    let state: SimulatorState
    let renderer: @Sendable () -> CallObjectRenderer
    let sender: WebhookSender
    /// Ringing calls wait here while `holdCalls()` is on.
    let ringGate: DeliveryGate
    let speedup: Double
    let logger: Logger
    /// Runs work in the simulator's task group (webhook retries).
    let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void

    func play(_ call: StoredCall) async {
        let plan = call.plan
        let (outbox, post) = AsyncStream.makeStream(of: (SimulatedEvent, StoredCall).self)
        spawn { await deliverInOrder(outbox) }
        defer { post.finish() }
        do {
            try await sleep(simulated: plan.ringSeconds)
            await ringGate.waitWhilePaused()
            try Task.checkCancellation()
            if plan.outcome.connects {
                guard let started = await state.markStarted(call.id) else { return }
                post.yield((.callStarted, started))
                try await sleep(simulated: plan.talkSeconds)
            }
            guard let ended = await state.markEnded(call.id) else { return }
            logger.info("simulated call ended", metadata: [
                "call_id": "\(call.id)", "outcome": "\(plan.outcome.rawValue)", "reason": "\(plan.disconnectionReason)",
            ])
            post.yield((.callEnded, ended))
            try await sleep(simulated: plan.analysisDelaySeconds)
            guard let analyzed = await state.markAnalyzed(call.id) else { return }
            post.yield((.callAnalyzed, analyzed))
        } catch {
            return  // cancelled: the simulator is stopping
        }
    }

    /// The call's webhooks, one after another: each first attempt waits for the previous one
    /// (success or failure), retries run on their own. Skipped when the agent has no webhook
    /// URL, does not subscribe to the event, or a script drops it. Never holds up the call.
    private func deliverInOrder(_ outbox: AsyncStream<(SimulatedEvent, StoredCall)>) async {
        for await (event, call) in outbox {
            guard let url = call.webhookURL, call.webhookEvents.contains(event), !call.dropEvents.contains(event) else { continue }
            let body = renderer().webhookBody(event, call).bytes
            _ = await sender.deliver(event, callID: call.id, body: body, to: url, spawn: spawn)
        }
    }

    private func sleep(simulated seconds: Double) async throws {
        try await Task.sleep(for: .seconds(seconds / speedup))
    }
}
