import Foundation

extension CallUpdate {
    /// The candidate's decision after an inbound call (they called back): judged like any call,
    /// but only a conversation changes them (`CandidateLifecycle.calledBack`) and no attempt is
    /// spent; an opt-out heard in it adds the number to the do-not-call list as usual.
    static func decideCalledBack(
        _ context: CallContext, row: RetellCallRecord, analysis: CallAnalysisRecord?, now: Date, into changes: inout CallChanges
    ) {
        var candidate = context.candidate
        let facts = AttemptFacts(
            status: row.status, disconnectionReason: row.disconnectionReason,
            availableToWork: analysis?.availableToWork, interested: analysis?.interested, optedOut: analysis?.optedOut,
            answers: AnalysisMapping.answers(analysis, targets: context.targets),
            attempts: candidate.attempts, maxAttempts: context.campaign.maxAttempts)
        let decision = Qualification.decide(facts, targets: context.targets)
        guard let next = CandidateLifecycle.calledBack(candidate.progress, decision, onCall: row.id) else { return }
        candidate.progress = next
        candidate.updatedAt = now
        changes.candidate = candidate
        if case .done(.doNotCall, _) = decision {
            changes.doNotCall = DNCRequest(phone: row.phoneNumber, reason: "opted out during a call they made", callID: row.id)
        }
    }
}
