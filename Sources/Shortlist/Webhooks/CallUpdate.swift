import Foundation
import Retell

/// What one piece of news about a call changes, worked out from the stored rows and Retell's call
/// object: the call row (state only forward, fields filled from whichever event carries them),
/// its analysis, the candidate's next step, and a do-not-call entry when the candidate opted out.
enum CallUpdate {
    static func changes(_ context: CallContext, event: String?, call: Call, now: Date) -> CallChanges {
        var row = context.call
        let observed = CallObservation.status(event: event, retellStatus: call.callStatus, hasAnalysis: call.callAnalysis != nil)
        if let observed { row.status = row.status.advanced(to: observed) }
        row.retellCallID = row.retellCallID ?? call.callID
        row.retellAgentVersion = call.agentVersion ?? row.retellAgentVersion
        row.disconnectionReason = call.disconnectionReason ?? row.disconnectionReason
        // Figures out of range are dropped (CallFigures), the rest of the delivery still applies.
        row.startedAt = CallFigures.time(call.startTimestamp) ?? row.startedAt
        row.endedAt = CallFigures.time(call.endTimestamp) ?? row.endedAt
        row.durationSeconds = CallFigures.durationSeconds(call.durationMS) ?? row.durationSeconds
        row.costCents = CallFigures.costCents(call.callCost?.combinedCost) ?? row.costCents
        row.lastEventAt = now
        row.updatedAt = now

        let analysis = AnalysisMapping.record(
            callID: row.id, call: call, targets: context.targets, existing: context.analysis, now: now)
        var changes = CallChanges(call: row, analysis: analysis)
        decideCandidate(context, row: row, analysis: analysis ?? context.analysis, now: now, into: &changes)
        return changes
    }

    /// What `Qualification.decide` judges: the call's end, the analysis's answers and the attempts spent.
    static func attemptFacts(_ context: CallContext, row: RetellCallRecord, analysis: CallAnalysisRecord?) -> AttemptFacts {
        AttemptFacts(
            status: row.status, disconnectionReason: row.disconnectionReason,
            availableToWork: analysis?.availableToWork, interested: analysis?.interested, optedOut: analysis?.optedOut,
            answers: AnalysisMapping.answers(analysis, targets: context.targets),
            attempts: context.candidate.attempts, maxAttempts: context.campaign.maxAttempts)
    }

    /// Applies the candidate's decision once: only while the candidate is still `calling` on this
    /// very call (a late event of an older attempt changes nothing).
    private static func decideCandidate(
        _ context: CallContext, row: RetellCallRecord, analysis: CallAnalysisRecord?, now: Date, into changes: inout CallChanges
    ) {
        if row.direction == .inbound { return decideCalledBack(context, row: row, analysis: analysis, now: now, into: &changes) }
        var candidate = context.candidate
        guard candidate.progress.isCalling(on: row.id) else { return }
        let facts = attemptFacts(context, row: row, analysis: analysis)
        let callback = CallbackRule.time(analysis?.callbackAt, schedule: context.schedule, now: now)
        let plan = CallbackFollowUp.plan(Qualification.decide(facts, targets: context.targets), facts: facts, callback: callback)
        guard let next = CandidateLifecycle.decided(
            candidate.progress, plan.decision, onCall: row.id, retryAt: plan.retryAt ?? context.retryTime(after: now),
            batchRunning: context.batchRunning)
        else { return }
        candidate.progress = next
        if plan.touchesCallback { candidate.callbackAt = plan.callbackAt }
        candidate.updatedAt = now
        changes.candidate = candidate
        if case .done(.doNotCall, _) = plan.decision {
            changes.doNotCall = DNCRequest(phone: row.phoneNumber, reason: "opted out during a screening call", callID: row.id)
        }
    }
}
