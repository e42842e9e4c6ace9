import Foundation
import GRDB

extension AppDatabase {
    /// Stores a delivery that cannot be applied for the record: a signed but unreadable one whole,
    /// an unsigned one as its first 4 KiB with the whole body's length and SHA-256.
    public func recordRejectedWebhook(_ webhook: IncomingWebhook, outcome: WebhookOutcome, error: String) async throws {
        var row = WebhookEventRecord(
            id: ids.next(), receivedAt: clock.now(), event: webhook.event, retellCallID: webhook.retellCallID,
            payload: webhook.payload, signatureValid: webhook.signatureValid, processedAt: nil,
            outcome: outcome, error: error)
        if !webhook.signatureValid {
            let kept = RejectedPayload(webhook.payload)
            row.payload = kept.head
            row.payloadBytes = kept.length
            row.payloadSHA256 = kept.sha256
        }
        let stored = row
        try await writer.write { db in try stored.insert(db) }
    }

    /// The retention sweep's part for webhooks: rejected deliveries received before `cutoff` go.
    /// Returns how many.
    public func deleteRejectedWebhooks(receivedBefore cutoff: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM webhook_events WHERE signature_valid = 0 AND received_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// One transaction: store the event, skip a duplicate `(call_id, event)`, find our call by Retell's
    /// id or our own, apply `update` and write the call, analysis, candidate, DNC entry and batch counters.
    func ingestWebhook(
        _ webhook: IncomingWebhook, update: @escaping @Sendable (CallContext) -> CallChanges
    ) async throws -> (WebhookOutcome, AppliedCall?) {
        let now = clock.now()
        let eventID = ids.next()
        let kept = StoredWebhookBody(webhook.payload)
        return try await writer.write { db in
            if let callID = webhook.retellCallID, let event = webhook.event,
               try Bool.fetchOne(db.cachedStatement(sql: """
                   SELECT 1 FROM webhook_events WHERE retell_call_id = ? AND event = ? AND signature_valid = 1
                   """), arguments: [callID, event]) != nil {
                return (.duplicate, nil)
            }
            var stored = WebhookEventRecord(
                id: eventID, receivedAt: now, event: webhook.event, retellCallID: webhook.retellCallID,
                payload: kept.payload, signatureValid: true, processedAt: now, outcome: nil, error: nil,
                payloadBytes: kept.length, payloadSHA256: kept.sha256, payloadEncoding: kept.encoding)
            guard WebhookEvents.applied.contains(webhook.event ?? "") else {
                stored.outcome = .ignoredEvent
                try stored.writeInsert(db)
                return (.ignoredEvent, nil)
            }
            guard let context = try callContext(retellCallID: webhook.retellCallID, ourID: webhook.shortlistCallID, db) else {
                stored.outcome = .unknownCall
                try stored.writeInsert(db)
                return (.unknownCall, nil)
            }
            stored.outcome = .applied
            try stored.writeInsert(db)
            let applied = try commitCallChanges(update(context), from: context.call.status, db)
            return (.applied, applied)
        }
    }

    /// The call (by Retell's id, else by ours) with its candidate, campaign, targets and analysis.
    /// On every webhook's path: cached statements only, and only the campaign's targets.
    func callContext(retellCallID: String?, ourID: String?, _ db: Database) throws -> CallContext? {
        var call: RetellCallRecord?
        if let retellCallID {
            call = try RetellCallRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM retell_calls WHERE retell_call_id = ?"), arguments: [retellCallID])
        }
        if call == nil, let ourID {
            call = try RetellCallRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM retell_calls WHERE id = ?"), arguments: [ourID])
        }
        guard let call,
              let candidate = try CampaignCandidateRecord.fetchOne(
                  db.cachedStatement(sql: "SELECT * FROM campaign_candidates WHERE id = ?"), arguments: [call.campaignCandidateID]),
              let campaign = try CampaignRecord.fetchOne(
                  db.cachedStatement(sql: "SELECT * FROM campaigns WHERE id = ?"), arguments: [call.campaignID])
        else { return nil }
        return CallContext(
            call: call, candidate: candidate, campaign: campaign, targets: try targets(of: campaign, db),
            analysis: try CallAnalysisRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM retell_call_analysis WHERE call_id = ?"), arguments: [call.id]),
            candidateTimezone: try String.fetchOne(
                db.cachedStatement(sql: "SELECT timezone FROM candidates WHERE id = ?"), arguments: [candidate.candidateID]),
            batchStatus: try call.batchID.flatMap { batchID in
                try BatchStatus.fetchOne(
                    db.cachedStatement(sql: "SELECT status FROM retell_batch_calls WHERE id = ?"), arguments: [batchID])
            })
    }

    /// Commits one call's changes inside the caller's transaction; a call that ends here (it was
    /// `previous`) gets its `call.ended` audit row.
    func commitCallChanges(_ changes: CallChanges, from previous: CallStatus, _ db: Database) throws -> AppliedCall {
        try changes.call.writeUpdate(db)
        if CallStatus.endsHere(from: previous, to: changes.call.status) {
            let call = changes.call
            var detail = ["status": call.status.rawValue, "campaign_candidate_id": call.campaignCandidateID, "attempt": String(call.attempt)]
            if let reason = call.disconnectionReason ?? call.lastError { detail["reason"] = String(reason.prefix(200)) }
            if let seconds = call.durationSeconds { detail["duration_seconds"] = String(seconds) }
            try audit(db, .system, "call.ended", subjectType: "call", subjectID: call.id, detail: detail)
        }
        if let analysis = changes.analysis { try analysis.writeUpsert(db) }
        let recordingQueued = changes.fetchRecording ? try queueRecordingFetch(callID: changes.call.id, db) : false
        if let candidate = changes.candidate { try candidate.writeUpdate(db) }
        if let dnc = changes.doNotCall,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM dnc_numbers WHERE phone = ?"), arguments: [dnc.phone]) == nil {
            let entry = DNCNumberRecord(
                id: ids.next(), phone: dnc.phone, reason: dnc.reason, source: .call,
                sourceCallID: dnc.callID, createdBy: Principal.system.label, createdAt: clock.now())
            try entry.insert(db)
            try audit(db, .system, "dnc.add", subjectType: "dnc", subjectID: entry.id,
                      detail: ["phone": PhoneNumber.mask(dnc.phone), "source": DNCSource.call.rawValue, "call_id": dnc.callID])
        }
        var batch: BatchRecord?
        if let batchID = changes.call.batchID {
            try recountBatch(batchID, candidates: changes.candidate != nil, db)
            batch = try BatchRecord.fetchCached(db, id: batchID)
            if let batch, batch.status.callsOutliveIt { try completeCampaignIfDone(batch.campaignID, db) }
        }
        return AppliedCall(call: changes.call, candidate: changes.candidate, batch: batch, recordingQueued: recordingQueued)
    }

    /// Progress counters from a recount of the batch's calls and, when a candidate changed in this
    /// transaction (`candidates`), of its finished candidates, so they always equal it. Most
    /// webhooks (call started, ended) change no candidate: they skip the candidate count, the
    /// dearer of the two on a big batch.
    func recountBatch(_ batchID: String, candidates: Bool, _ db: Database) throws {
        try db.cachedStatement(sql: Self.recountCallsSQL).execute(arguments: [batchID, clock.now()])
        if candidates { try db.cachedStatement(sql: Self.recountCandidatesSQL).execute(arguments: [batchID]) }
        try completeBatchIfDone(batchID, db)
    }

    /// Built once: they run on every webhook.
    private static let recountCallsSQL = """
        UPDATE retell_batch_calls SET
          completed_calls = (SELECT count(*) FROM retell_calls WHERE batch_id = ?1 AND call_status IN \(CallStatus.connected.sqlList)),
          failed_calls = (SELECT count(*) FROM retell_calls WHERE batch_id = ?1 AND call_status IN \(CallStatus.notConnectedOrFailed.sqlList)),
          updated_at = ?2
        WHERE id = ?1
        """
    private static let recountCandidatesSQL = """
        UPDATE retell_batch_calls SET
          finished_candidates = (SELECT count(*) FROM campaign_candidates WHERE batch_id = ?1 AND status IN \(CandidateStatus.finished.sqlList))
        WHERE id = ?1
        """

    /// How many stored deliveries had this outcome (benchmarks and checks).
    public func webhookOutcomeCount(_ outcome: WebhookOutcome) async throws -> Int {
        try await writer.read { db in
            try WebhookEventRecord.filter(Column("outcome") == outcome).fetchCount(db)
        }
    }

    public func webhookEvents(retellCallID: String) async throws -> [WebhookEventRecord] {
        try await writer.read { db in
            try WebhookEventRecord.filter(Column("retell_call_id") == retellCallID).order(Column("received_at")).fetchAll(db)
        }
    }
}
