import Foundation
import GRDB

// The writes every webhook makes, as cached statements with explicit columns. GRDB's Codable
// persistence re-encodes the whole record through a container on each call; on this path that was
// a fifth of the time spent inside the write transaction. The statements write every column, so
// they mean exactly what `record.update(db)` / `record.insert(db)` / `record.save(db)` mean; a test
// (HotPathWritesTests) compares each statement's columns with its table's, so a new column cannot
// be left out unnoticed.

extension RetellCallRecord {
    func writeUpdate(_ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE retell_calls SET campaign_id = ?, campaign_candidate_id = ?, batch_id = ?, attempt = ?, retell_call_id = ?,
              retell_agent_id = ?, agent_version = ?, retell_agent_version = ?, phone_number = ?, call_status = ?,
              disconnection_reason = ?, duration_seconds = ?, cost_cents = ?, started_at = ?, ended_at = ?, created_at = ?,
              updated_at = ?, last_event_at = ?, last_checked_at = ?, idempotency_key = ?, last_error = ?, direction = ?
            WHERE id = ?
            """).execute(arguments: [
                campaignID, campaignCandidateID, batchID, attempt, retellCallID, retellAgentID, agentVersion,
                retellAgentVersion, phoneNumber, status, disconnectionReason, durationSeconds, costCents, startedAt,
                endedAt, createdAt, updatedAt, lastEventAt, lastCheckedAt, idempotencyKey, lastError, direction, id,
            ])
    }
}

extension CampaignCandidateRecord {
    func writeUpdate(_ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE campaign_candidates SET campaign_id = ?, candidate_id = ?, seq = ?, batch_id = ?, status = ?, outcome = ?,
              attempts = ?, next_attempt_at = ?, last_call_id = ?, qualified = ?, created_at = ?, updated_at = ?,
              callback_at = ?, decision = ?, decision_note = ?, decided_by = ?, decided_at = ?
            WHERE id = ?
            """).execute(arguments: [
                campaignID, candidateID, seq, batchID, status, outcome, attempts, nextAttemptAt, lastCallID, qualified,
                createdAt, updatedAt, callbackAt, decision, decisionNote, decidedBy, decidedAt, id,
            ])
    }
}

extension CallAnalysisRecord {
    /// Insert, or replace every column of the existing row (`save`).
    func writeUpsert(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO retell_call_analysis (call_id, available_to_work, interested, know_referee, opted_out,
              custom_responses, call_summary, sentiment_score, user_sentiment, call_successful, in_voicemail, transcript,
              recording_url, public_log_url, next_steps, objections, key_points, created_at, updated_at, callback_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(call_id) DO UPDATE SET available_to_work = excluded.available_to_work,
              interested = excluded.interested, know_referee = excluded.know_referee, opted_out = excluded.opted_out,
              custom_responses = excluded.custom_responses, call_summary = excluded.call_summary,
              sentiment_score = excluded.sentiment_score, user_sentiment = excluded.user_sentiment,
              call_successful = excluded.call_successful, in_voicemail = excluded.in_voicemail,
              transcript = excluded.transcript, recording_url = excluded.recording_url,
              public_log_url = excluded.public_log_url, next_steps = excluded.next_steps,
              objections = excluded.objections, key_points = excluded.key_points,
              created_at = excluded.created_at, updated_at = excluded.updated_at, callback_at = excluded.callback_at
            """).execute(arguments: [
                callID, availableToWork, interested, knowReferee, optedOut, customResponses, callSummary, sentimentScore,
                userSentiment, callSuccessful, inVoicemail, storedTranscript, recordingURL, publicLogURL, nextSteps, objections,
                keyPoints, createdAt, updatedAt, callbackAt,
            ])
    }
}

extension WebhookEventRecord {
    func writeInsert(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO webhook_events (id, received_at, event, retell_call_id, payload, signature_valid, processed_at, outcome,
              error, payload_bytes, payload_sha256, payload_encoding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, receivedAt, event, retellCallID, payload, signatureValid, processedAt, outcome, error, payloadBytes,
                payloadSHA256, payloadEncoding,
            ])
    }
}

extension BatchRecord {
    static func fetchCached(_ db: Database, id: String) throws -> BatchRecord? {
        try BatchRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM retell_batch_calls WHERE id = ?"), arguments: [id])
    }
}
