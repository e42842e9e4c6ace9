/// What the live dashboard is told after a commit that changed a call (and its candidate).
/// No phone numbers: viewers subscribe too.
enum LiveEvents {
    static func publish(_ applied: AppliedCall, to hub: EventHub) {
        let call = applied.call
        hub.publish(LiveEvent(name: "call.updated", data: text(.object([
            ("id", .string(call.id)), ("campaign_id", .string(call.campaignID)),
            ("campaign_candidate_id", .string(call.campaignCandidateID)), ("batch_id", .string(call.batchID)),
            ("call_status", .string(call.status.rawValue)), ("disconnection_reason", .string(call.disconnectionReason)),
            ("duration_seconds", .int(call.durationSeconds)), ("cost_cents", .int(call.costCents)),
            ("started_at", .time(call.startedAt)), ("ended_at", .time(call.endedAt)),
            ("call_status_label", .string(call.status.wording.text)), ("call_status_tone", .string(call.status.wording.tone)),
            ("disconnection_label", .string(call.disconnectionReason.map { DisconnectionWords.wording($0).text })),
        ]))))
        if let candidate = applied.candidate {
            hub.publish(LiveEvent(name: "campaign_candidate.updated", data: text(.object(candidateFields(candidate) + [
                ("status_label", .string(candidate.status.wording.text)), ("outcome_label", .string(candidate.outcome?.wording.text)),
            ]))))
        }
        if let batch = applied.batch { publish(batch, to: hub) }
    }

    /// A batch's progress or status changed.
    static func publish(_ batch: BatchRecord, to hub: EventHub) {
        hub.publish(LiveEvent(name: "batch.updated", data: text(.object([
            ("id", .string(batch.id)), ("campaign_id", .string(batch.campaignID)), ("status", .string(batch.status.rawValue)),
            ("status_reason", .string(batch.statusReason)), ("total_candidates", .int(batch.totalCandidates)),
            ("completed_calls", .int(batch.completedCalls)), ("failed_calls", .int(batch.failedCalls)),
            ("finished_candidates", .int(batch.finishedCandidates)),
            ("status_label", .string(batch.status.wording.text)), ("status_tone", .string(batch.status.wording.tone)),
            ("progress", .string(BatchProgress(batch).text)),
        ]))))
    }

    /// The fields every `campaign_candidate.updated` event starts with.
    static func candidateFields(_ candidate: CampaignCandidateRecord) -> [(String, JSONValue)] {
        [
            ("id", .string(candidate.id)), ("campaign_id", .string(candidate.campaignID)),
            ("candidate_id", .string(candidate.candidateID)), ("status", .string(candidate.status.rawValue)),
            ("outcome", .string(candidate.outcome?.rawValue)), ("attempts", .int(candidate.attempts)),
            ("qualified", .bool(candidate.qualified)), ("last_call_id", .string(candidate.lastCallID)),
        ]
    }

    static func text(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }
}
