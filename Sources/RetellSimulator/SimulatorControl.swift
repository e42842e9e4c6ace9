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
}
