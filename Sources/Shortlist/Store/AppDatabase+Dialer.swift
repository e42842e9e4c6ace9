import Foundation
import GRDB

extension AppDatabase {
    /// Queued candidates of running batches in active campaigns with an agent, due at `now`,
    /// oldest due first, then in import order. The dialing checks themselves happen in `claim`.
    public func dueCandidates(now: Date, limit: Int) async throws -> [DueCandidate] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT cc.id, cc.campaign_id FROM campaign_candidates cc
                JOIN retell_batch_calls b ON b.id = cc.batch_id AND b.status = \(BatchStatus.inProgress.sqlLiteral)
                JOIN campaigns c ON c.id = cc.campaign_id AND c.status = \(CampaignStatus.active.sqlLiteral)
                WHERE cc.status = \(CandidateStatus.queued.sqlLiteral) AND (cc.next_attempt_at IS NULL OR cc.next_attempt_at <= ?)
                  AND EXISTS (SELECT 1 FROM campaign_retell_agents a WHERE a.campaign_id = cc.campaign_id)
                ORDER BY cc.next_attempt_at, cc.seq
                LIMIT ?
                """, arguments: [now, limit]
            ).map { DueCandidate(campaignCandidateID: $0[0], campaignID: $0[1]) }
        }
    }

    public func dialerOutlook(now: Date, window: TimeInterval) async throws -> DialerOutlook {
        try await writer.read { db in
            let inFlight = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.inFlight.sqlList)
                """) ?? 0
            let nextDue = try Date.fetchOne(db, sql: """
                SELECT min(coalesce(cc.next_attempt_at, '')) FROM campaign_candidates cc
                JOIN retell_batch_calls b ON b.id = cc.batch_id AND b.status = \(BatchStatus.inProgress.sqlLiteral)
                JOIN campaigns c ON c.id = cc.campaign_id AND c.status = \(CampaignStatus.active.sqlLiteral)
                WHERE cc.status = \(CandidateStatus.queued.sqlLiteral)
                """)
            let recent = try Date.fetchAll(db, sql: """
                SELECT created_at FROM retell_calls WHERE created_at > ? ORDER BY created_at
                """, arguments: [now.addingTimeInterval(-window)])
            return DialerOutlook(inFlight: inFlight, nextDue: nextDue, recentCreations: recent)
        }
    }

    /// The claiming transaction (DESIGN §5, §5a): reads what `ClaimRules` checks right before the
    /// dial and commits its decision; for a dial, the `dialing` row, the candidate's `calling`
    /// state and its attempt count commit together, before any request.
    public func claim(campaignCandidateID: String, limits: DialLimits, now: Date) async throws -> ClaimResult {
        let callID = ids.next()
        let idempotencyKey = ids.next()
        return try await writer.write { db in
            guard var candidate = try CampaignCandidateRecord.fetchOne(db, key: campaignCandidateID),
                  let batchID = candidate.batchID,
                  let batch = try BatchRecord.fetchOne(db, key: batchID),
                  let campaign = try CampaignRecord.fetchOne(db, key: candidate.campaignID),
                  let agent = try CampaignAgentRecord.filter(Column("campaign_id") == campaign.id).fetchOne(db),
                  let person = try CandidateRecord.fetchOne(db, key: candidate.candidateID),
                  let job = try JobRecord.fetchOne(db, key: campaign.jobID),
                  let load = try Row.fetchOne(db, sql: Self.claimLoadSQL, arguments: [
                      person.phone, campaign.id, now.addingTimeInterval(-limits.window)])
            else { return .skipped(.gone) }
            let schedule = campaign.schedule(candidateZone: person.timezone)
            let context = ClaimContext(
                candidate: candidate.progress, batchStatus: batch.status, campaignStatus: campaign.status,
                maxAttempts: campaign.maxAttempts, campaignConcurrency: campaign.concurrency, onDoNotCallList: load[0],
                schedule: schedule, numberCallsInFlight: load[1],
                callsInFlight: load[2], campaignCallsInFlight: load[3], recentCreations: load[4],
                requiresConsent: campaign.requireConsent, hasConsentBasis: ConsentBasis.holds(person.consent))

            switch ClaimRules.decide(context, limits: limits, now: now) {
            case .skip(let skip):
                return .skipped(skip)
            case .postpone(let date, let skip):
                candidate.progress = CandidateLifecycle.postponed(candidate.progress, until: date)
                candidate.updatedAt = now
                try candidate.update(db)
                return .skipped(skip)
            case .release(let skip):
                candidate.progress = CandidateLifecycle.released(candidate.progress)
                candidate.batchID = nil
                candidate.updatedAt = now
                try candidate.update(db)
                // The batch no longer holds it: its progress is counted out of the candidates it still has.
                try db.execute(sql: """
                    UPDATE retell_batch_calls SET total_candidates = max(total_candidates - 1, 0), updated_at = ? WHERE id = ?
                    """, arguments: [now, batchID])
                try recountBatch(batchID, candidates: true, db)
                return .skipped(skip)
            case .finish(let outcome, let skip):
                candidate.progress = CandidateLifecycle.finishedAtClaim(candidate.progress, outcome)
                candidate.updatedAt = now
                try candidate.update(db)
                try recountBatch(batchID, candidates: true, db)
                return .skipped(skip)
            case .dial:
                candidate.progress = CandidateLifecycle.claimed(candidate.progress, callID: callID)
                candidate.updatedAt = now
                let call = RetellCallRecord(
                    id: callID, campaignID: campaign.id, campaignCandidateID: candidate.id, batchID: batchID,
                    attempt: candidate.attempts, retellCallID: nil, retellAgentID: agent.retellAgentID,
                    agentVersion: agent.version, retellAgentVersion: nil, phoneNumber: person.phone, status: CallLifecycle.claimed,
                    disconnectionReason: nil, durationSeconds: nil, costCents: nil, startedAt: nil, endedAt: nil,
                    createdAt: now, updatedAt: now, lastEventAt: nil, lastCheckedAt: nil, idempotencyKey: idempotencyKey,
                    lastError: nil)
                try call.insert(db)
                try candidate.update(db)
                return .claimed(ClaimedCall(
                    call: call, candidateID: person.id, fullName: person.fullName, fromNumber: campaign.fromNumber, job: job,
                    zone: schedule?.zone))
            }
        }
    }

    /// The figures a claim is checked against: the number on the DNC list, calls to it in flight,
    /// calls in flight overall and in the campaign, creations in the rate window.
    private static let claimLoadSQL = """
        SELECT
          EXISTS (SELECT 1 FROM dnc_numbers WHERE phone = ?1),
          (SELECT count(*) FROM retell_calls WHERE phone_number = ?1 AND call_status IN \(CallStatus.inFlight.sqlList)),
          (SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.inFlight.sqlList)),
          (SELECT count(*) FROM retell_calls WHERE campaign_id = ?2 AND call_status IN \(CallStatus.inFlight.sqlList)),
          (SELECT count(*) FROM retell_calls WHERE created_at > ?3)
        """

    /// Retell accepted the call: `registered` with Retell's id, unless a webhook got there first.
    public func recordPlaced(callID: String, retellCallID: String, retellAgentVersion: Int?) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID) else { return nil }
            call.retellCallID = call.retellCallID ?? retellCallID
            call.retellAgentVersion = call.retellAgentVersion ?? retellAgentVersion
            call.status = CallLifecycle.placed(call.status)
            call.updatedAt = now
            try call.update(db)
            try audit(db, .system, "call.placed", subjectType: "call", subjectID: call.id, detail: [
                "campaign_candidate_id": call.campaignCandidateID, "attempt": String(call.attempt),
                "phone": PhoneNumber.mask(call.phoneNumber), "agent_version": String(call.agentVersion),
            ])
            return AppliedCall(call: call, candidate: nil, batch: nil)
        }
    }

    /// Retell did not create the call (429, 401, 402): the row goes, and the candidate gets the
    /// attempt back, queued again at `retryAt`. An audit row keeps the record of the try.
    public func withdrawUnplacedCall(callID: String, retryAt: Date, reason: String) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard let call = try RetellCallRecord.fetchOne(db, key: callID), CallLifecycle.canWithdraw(call.status)
            else { return nil }
            try call.delete(db)
            guard var candidate = try CampaignCandidateRecord.fetchOne(db, key: call.campaignCandidateID) else { return nil }
            let previousCall = try String.fetchOne(db, sql: """
                SELECT id FROM retell_calls WHERE campaign_candidate_id = ? ORDER BY created_at DESC, id DESC LIMIT 1
                """, arguments: [candidate.id])
            guard let givenBack = CandidateLifecycle.attemptGivenBack(
                candidate.progress, callID: call.id, retryAt: retryAt, lastCallID: previousCall)
            else { return nil }
            candidate.progress = givenBack
            candidate.updatedAt = now
            try candidate.update(db)
            try audit(db, .system, "call.not_placed", subjectType: "campaign_candidate", subjectID: candidate.id,
                      detail: ["call_id": call.id, "reason": reason])
            return AppliedCall(call: call, candidate: candidate, batch: nil)
        }
    }

    /// Retell refused the request (400/422): the call fails with Retell's message and the attempt
    /// is spent; a refused number ends the candidate as `bad_number`, anything else is retried
    /// like a failed call while attempts remain.
    public func recordRefused(callID: String, message: String, badNumber: Bool) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID), let failed = CallLifecycle.refused(call.status),
                  let context = try callContext(retellCallID: nil, ourID: callID, db)
            else { return nil }
            let previous = call.status
            call.status = failed
            call.lastError = message
            call.updatedAt = now
            var changes = CallChanges(call: call)
            var candidate = context.candidate
            if let refused = CandidateLifecycle.refused(
                candidate.progress, onCall: call.id, badNumber: badNumber, maxAttempts: context.campaign.maxAttempts,
                retryAt: context.retryTime(after: now), batchRunning: context.batchRunning) {
                candidate.progress = refused
                candidate.updatedAt = now
                changes.candidate = candidate
            }
            return try commitCallChanges(changes, from: previous, db)
        }
    }

    /// No answer to create-phone-call (5xx, timeout, broken connection): the call may or may not
    /// exist at Retell, so it is `unknown` until the reconciler finds or releases it. The
    /// candidate stays `calling`, so nobody dials the number again meanwhile.
    public func markUnknown(callID: String, error: String) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID), let unknown = CallLifecycle.unanswered(call.status)
            else { return nil }
            call.status = unknown
            call.lastError = error
            call.updatedAt = now
            try call.update(db)
            return AppliedCall(call: call, candidate: nil, batch: nil)
        }
    }

    /// At start-up: a `dialing` row is a create request whose answer died with the last process.
    @discardableResult
    public func markInterruptedDialsUnknown() async throws -> Int {
        let now = clock.now()
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE retell_calls SET call_status = ?, updated_at = ?,
                  last_error = coalesce(last_error, 'Shortlist stopped before Retell answered the create request')
                WHERE call_status = ?
                """, arguments: [CallLifecycle.interrupted.to, now, CallLifecycle.interrupted.from])
            return db.changesCount
        }
    }

    /// The safety auto-pause (`SafetyRule`): an active campaign whose latest finished dials went
    /// bad pauses itself with the rule's reason. Returns the campaigns paused now.
    public func applySafetyPause(now: Date, window: Int = SafetyRule.window) async throws -> [CampaignRecord] {
        // Read first: the dialer asks on every tick, and almost always the answer is "no".
        let tripped = try await writer.read { db in
            try CampaignRecord.filter(Column("status") == CampaignStatus.active).fetchAll(db).compactMap { campaign -> String? in
                try badDials(campaign, window: window, db) == nil ? nil : campaign.id
            }
        }
        guard !tripped.isEmpty else { return [] }
        return try await writer.write { db in
            var paused: [CampaignRecord] = []
            for id in tripped {
                // Checked again in the write: a resume may have come in between.
                guard var campaign = try CampaignRecord.fetchOne(db, key: id),
                      let pausedStatus = CampaignLifecycle.autoPaused(campaign.status),
                      let bad = try badDials(campaign, window: window, db)
                else { continue }
                campaign.status = pausedStatus
                campaign.statusReason = SafetyRule.reason(badDials: bad, window: window)
                campaign.updatedAt = now
                try campaign.update(db)
                try audit(db, .system, "campaign.auto_pause", subjectType: "campaign", subjectID: campaign.id,
                          detail: ["bad_dials": String(bad), "window": String(window)])
                paused.append(campaign)
            }
            return paused
        }
    }

    /// The campaign's latest `window` finished dials (since its safety window opened), judged by `SafetyRule`.
    private func badDials(_ campaign: CampaignRecord, window: Int, _ db: Database) throws -> Int? {
        let dials = try Row.fetchAll(db.cachedStatement(sql: Self.latestDialsSQL),
                                     arguments: [campaign.id, campaign.safetyWindowFrom, window])
        return SafetyRule.tripped(dials.map { (status: $0[0], reason: $0[1]) }, window: window)
    }

    private static let latestDialsSQL = """
        SELECT call_status, disconnection_reason FROM retell_calls
        WHERE campaign_id = ? AND call_status IN \(CallStatus.finished.sqlList)
          AND direction IN \(SafetyRule.judgedDirections.sqlList)
          AND created_at > coalesce(?, '')
        ORDER BY created_at DESC, id DESC LIMIT ?
        """

    /// 401/402: every running batch pauses with `reason` on it.
    public func pauseAllBatches(reason: String) async throws -> [BatchRecord] {
        let now = clock.now()
        return try await writer.write { db in
            var paused: [BatchRecord] = []
            for var batch in try BatchRecord.filter(Column("status") == BatchStatus.inProgress).fetchAll(db) {
                guard let change = BatchTransitions.halt(batch.status, reason: reason) else { continue }
                batch.status = change.status
                batch.statusReason = change.reason
                batch.updatedAt = now
                try batch.update(db)
                try audit(db, .system, "batch.pause", subjectType: "batch", subjectID: batch.id,
                          detail: ["campaign_id": batch.campaignID, "reason": reason])
                paused.append(batch)
            }
            return paused
        }
    }
}
