import Foundation

extension CallUpdate {
    /// The candidate's decision after an inbound call (they called back): judged like any call,
    /// but only a conversation changes them (`CandidateLifecycle.calledBack`) and no attempt is
    /// spent; an opt-out heard in it adds the number to the do-not-call list as usual.
    static func decideCalledBack(
        _ context: CallContext, row: RetellCallRecord, analysis: CallAnalysisRecord?, now: Date, into changes: inout CallChanges
    ) {
        var candidate = context.candidate
        let decision = Qualification.decide(attemptFacts(context, row: row, analysis: analysis), targets: context.targets)
        var changed = false
        if let next = CandidateLifecycle.calledBack(candidate.progress, decision, onCall: row.id) {
            candidate.progress = next
            changed = true
        }
        // A time asked for on a call they made is kept for the recruiter (candidate page, shortlist);
        // it does not re-queue them: the dialer's attempts belong to the batch's own calls.
        if row.status == .analyzed,
           let asked = CallbackRule.time(analysis?.callbackAt, schedule: context.schedule, now: now).date,
           candidate.callbackAt != asked {
            candidate.callbackAt = asked
            changed = true
        }
        guard changed else { return }
        candidate.updatedAt = now
        changes.candidate = candidate
        if case .done(.doNotCall, _) = decision {
            changes.doNotCall = DNCRequest(phone: row.phoneNumber, reason: "opted out during a call they made", callID: row.id)
        }
    }
}
