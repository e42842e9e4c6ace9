import Foundation

/// Test hooks. They change only what they name: a scripted call still consumes its seeded draw,
/// so the calls after it behave exactly as without the script.
extension RetellSimulator {
    /// Scripts the next calls created, in order: `script([CallScript(outcome: .busy)])` makes the
    /// next call busy; `CallScript(dropEvents: [.callEnded])` loses that call's `call_ended`.
    public func script(_ scripts: [CallScript]) async {
        await state.script(scripts)
    }

    /// Holds every webhook delivery (first attempts and retries) until `resumeWebhooks()`; the
    /// calls themselves keep playing out, so get-call and list-calls move on meanwhile.
    public func pauseWebhooks() async {
        await gate.setPaused(true)
    }

    /// Lets held and future webhook deliveries go.
    public func resumeWebhooks() async {
        await gate.setPaused(false)
    }

    /// Keeps every call that is ringing, or starts ringing, from connecting or ending until
    /// `releaseCalls()`: for tests that need calls to stay in flight however slow the machine.
    public func holdCalls() async {
        await ringGate.setPaused(true)
    }

    /// Lets held calls go on (each connects or ends as planned) and stops holding new ones.
    public func releaseCalls() async {
        await ringGate.setPaused(false)
    }

    /// Sends the webhooks of calls created from now on to `url` instead of the agent's
    /// `webhook_url` (nil: back to the configuration's override, or the agent's). For a receiver
    /// whose port is only known after the simulator started.
    public func redirectWebhooks(to url: String?) async {
        await state.redirectWebhooks(to: url ?? configuration.webhookURLOverride)
    }

    /// Sends the `call_inbound` of inbound calls placed from now on to `url` (nil: none; inbound
    /// calls then find no agent). For a receiver whose port is only known after the simulator started.
    public func redirectInboundWebhook(to url: String?) async {
        await state.redirectInboundWebhook(to: url)
    }
}
