import Foundation
import GRDB

/// The limits a claim is checked against, inside its transaction.
public struct DialLimits: Sendable, Equatable {
    /// The account's concurrent-call limit (`[retell] concurrency`).
    public var concurrency: Int
    /// At most `perWindow` creations in any `window` seconds: `[retell] max_calls_per_second`
    /// as whole calls (2/s → 2 in 1 s; 0.5/s → 1 in 2 s).
    public var perWindow: Int
    public var window: TimeInterval

    public init(concurrency: Int, callsPerSecond: Double) {
        self.concurrency = concurrency
        let rate = callsPerSecond.isFinite && callsPerSecond > 0 ? callsPerSecond : 1
        window = max(1, 1 / rate)
        perWindow = max(1, Int((rate * window).rounded(.down)))
    }
}

/// A queued candidate the dialer may try to claim.
public struct DueCandidate: Sendable, Equatable {
    public var campaignCandidateID: String
    public var campaignID: String
}

/// A claimed attempt: the committed `dialing` row and what create-phone-call needs.
public struct ClaimedCall: Sendable, Equatable {
    public var call: RetellCallRecord
    public var candidateID: String
    public var fullName: String
    public var fromNumber: String
    public var job: JobRecord
}

/// Why a due candidate was not dialled.
public enum ClaimSkip: String, Sendable, CaseIterable {
    /// The account or the campaign has no free slot, or the per-second budget is spent.
    case noSlot = "no_slot"
    /// Outside the calling window in the candidate's zone: moved to the next opening.
    case outsideHours = "outside_hours"
    /// The number is on the do-not-call list: the candidate is done as `do_not_call`.
    case doNotCall = "do_not_call"
    /// Another call to the same number is in flight: tried again a little later.
    case numberBusy = "number_in_flight"
    /// No attempts left: the candidate is done as `unreachable`.
    case noAttemptsLeft = "no_attempts_left"
    /// Someone else claimed or changed it first (batch paused, campaign paused, no agent).
    case gone
}

public enum ClaimResult: Sendable, Equatable {
    case claimed(ClaimedCall)
    case skipped(ClaimSkip)
}

/// What the dialer needs to know to sleep well: when something becomes due.
public struct DialerOutlook: Sendable, Equatable {
    public var inFlight: Int
    /// The earliest `next_attempt_at` among queued candidates of running batches in active campaigns.
    public var nextDue: Date?
    /// Creations in the last rate window, oldest first.
    public var recentCreations: [Date]
}

extension AppDatabase {
    /// Queued candidates of running batches in active campaigns with an agent, due at `now`,
    /// oldest due first, then in import order. The dialing checks themselves happen in `claim`.
    public func dueCandidates(now: Date, limit: Int) async throws -> [DueCandidate] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT cc.id, cc.campaign_id FROM campaign_candidates cc
                JOIN retell_batch_calls b ON b.id = cc.batch_id AND b.status = 'in_progress'
                JOIN campaigns c ON c.id = cc.campaign_id AND c.status = 'active'
                WHERE cc.status = 'queued' AND (cc.next_attempt_at IS NULL OR cc.next_attempt_at <= ?)
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
                SELECT count(*) FROM retell_calls WHERE call_status IN ('dialing', 'unknown', 'registered', 'ongoing')
                """) ?? 0
            let nextDue = try Date.fetchOne(db, sql: """
                SELECT min(coalesce(cc.next_attempt_at, '')) FROM campaign_candidates cc
                JOIN retell_batch_calls b ON b.id = cc.batch_id AND b.status = 'in_progress'
                JOIN campaigns c ON c.id = cc.campaign_id AND c.status = 'active'
                WHERE cc.status = 'queued'
                """)
            let recent = try Date.fetchAll(db, sql: """
                SELECT created_at FROM retell_calls WHERE created_at > ? ORDER BY created_at
                """, arguments: [now.addingTimeInterval(-window)])
            return DialerOutlook(inFlight: inFlight, nextDue: nextDue, recentCreations: recent)
        }
    }

    /// The claiming transaction (DESIGN §5, §5a): everything is checked again here, right before
    /// the dial — the batch and campaign still running, attempts left, the do-not-call list, no
    /// other call to the number in flight, the calling window in the candidate's zone, a free slot
    /// in the account and the campaign, the per-second budget — and the `dialing` row, the
    /// candidate's `calling` state and its attempt count commit together, before any request.
    public func claim(campaignCandidateID: String, limits: DialLimits, now: Date) async throws -> ClaimResult {
        let callID = ids.next()
        let idempotencyKey = ids.next()
        return try await writer.write { db in
            guard var candidate = try CampaignCandidateRecord.fetchOne(db, key: campaignCandidateID),
                  candidate.status == "queued", candidate.nextAttemptAt.map({ $0 <= now }) ?? true,
                  let batchID = candidate.batchID,
                  try BatchRecord.fetchOne(db, key: batchID)?.status == BatchStatus.inProgress.rawValue,
                  let campaign = try CampaignRecord.fetchOne(db, key: candidate.campaignID), campaign.status == "active",
                  let agent = try CampaignAgentRecord.filter(Column("campaign_id") == campaign.id).fetchOne(db),
                  let person = try CandidateRecord.fetchOne(db, key: candidate.candidateID),
                  let job = try JobRecord.fetchOne(db, key: campaign.jobID)
            else { return .skipped(.gone) }

            func finish(_ outcome: CandidateOutcome, _ skip: ClaimSkip) throws -> ClaimResult {
                candidate.status = "completed"
                candidate.outcome = outcome.rawValue
                candidate.qualified = outcome == .doNotCall ? false : nil
                candidate.nextAttemptAt = nil
                candidate.updatedAt = now
                try candidate.update(db)
                try recountBatch(batchID, db)
                return .skipped(skip)
            }
            func later(_ date: Date, _ skip: ClaimSkip) throws -> ClaimResult {
                candidate.nextAttemptAt = date
                candidate.updatedAt = now
                try candidate.update(db)
                return .skipped(skip)
            }

            if candidate.attempts >= campaign.maxAttempts { return try finish(.unreachable, .noAttemptsLeft) }
            if try DNCNumberRecord.filter(Column("phone") == person.phone).fetchCount(db) > 0 {
                return try finish(.doNotCall, .doNotCall)
            }
            let schedule = campaign.schedule(candidateZone: person.timezone)
            if !(schedule?.isOpen(at: now) ?? false) {
                // A window that never opens (clipped to nothing) is looked at again daily.
                return try later(schedule?.nextOpening(from: now) ?? now.addingTimeInterval(86_400), .outsideHours)
            }
            let busy = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM retell_calls
                WHERE phone_number = ? AND call_status IN ('dialing', 'unknown', 'registered', 'ongoing')
                """, arguments: [person.phone]) ?? 0
            if busy > 0 { return try later(now.addingTimeInterval(300), .numberBusy) }

            let load = try Row.fetchOne(db, sql: """
                SELECT
                  (SELECT count(*) FROM retell_calls WHERE call_status IN ('dialing', 'unknown', 'registered', 'ongoing')),
                  (SELECT count(*) FROM retell_calls WHERE campaign_id = ? AND call_status IN ('dialing', 'unknown', 'registered', 'ongoing')),
                  (SELECT count(*) FROM retell_calls WHERE created_at > ?)
                """, arguments: [campaign.id, now.addingTimeInterval(-limits.window)])!
            let inFlight: Int = load[0], campaignInFlight: Int = load[1], recent: Int = load[2]
            guard inFlight < limits.concurrency, campaignInFlight < (campaign.concurrency ?? .max),
                  recent < limits.perWindow
            else { return .skipped(.noSlot) }

            let attempt = candidate.attempts + 1
            let call = RetellCallRecord(
                id: callID, campaignID: campaign.id, campaignCandidateID: candidate.id, batchID: batchID, attempt: attempt,
                retellCallID: nil, retellAgentID: agent.retellAgentID, agentVersion: agent.version, retellAgentVersion: nil,
                phoneNumber: person.phone, callStatus: CallStatus.dialing.rawValue, disconnectionReason: nil,
                durationSeconds: nil, costCents: nil, startedAt: nil, endedAt: nil, createdAt: now, updatedAt: now,
                lastEventAt: nil, lastCheckedAt: nil, idempotencyKey: idempotencyKey, lastError: nil)
            try call.insert(db)
            candidate.status = "calling"
            candidate.attempts = attempt
            candidate.lastCallID = callID
            candidate.nextAttemptAt = nil
            candidate.updatedAt = now
            try candidate.update(db)
            return .claimed(ClaimedCall(
                call: call, candidateID: person.id, fullName: person.fullName, fromNumber: campaign.fromNumber, job: job))
        }
    }

    /// Retell accepted the call: `registered` with Retell's id, unless a webhook got there first.
    public func recordPlaced(callID: String, retellCallID: String, retellAgentVersion: Int?) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID) else { return nil }
            call.retellCallID = call.retellCallID ?? retellCallID
            call.retellAgentVersion = call.retellAgentVersion ?? retellAgentVersion
            call.callStatus = call.status.advanced(to: .registered).rawValue
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
            guard let call = try RetellCallRecord.fetchOne(db, key: callID), call.status == .dialing else { return nil }
            try call.delete(db)
            guard var candidate = try CampaignCandidateRecord.fetchOne(db, key: call.campaignCandidateID),
                  candidate.lastCallID == call.id
            else { return nil }
            candidate.attempts = max(0, candidate.attempts - 1)
            candidate.status = "queued"
            candidate.nextAttemptAt = retryAt
            candidate.lastCallID = try String.fetchOne(db, sql: """
                SELECT id FROM retell_calls WHERE campaign_candidate_id = ? ORDER BY created_at DESC, id DESC LIMIT 1
                """, arguments: [candidate.id])
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
            guard var call = try RetellCallRecord.fetchOne(db, key: callID), call.status == .dialing,
                  let context = try callContext(retellCallID: nil, ourID: callID, db)
            else { return nil }
            call.callStatus = CallStatus.failed.rawValue
            call.lastError = message
            call.updatedAt = now
            var changes = CallChanges(call: call)
            var candidate = context.candidate
            if candidate.status == "calling", candidate.lastCallID == call.id {
                if badNumber {
                    candidate.status = "completed"
                    candidate.outcome = CandidateOutcome.badNumber.rawValue
                    candidate.nextAttemptAt = nil
                } else if candidate.attempts < context.campaign.maxAttempts {
                    candidate.status = "queued"
                    candidate.nextAttemptAt = context.retryTime(after: now)
                } else {
                    candidate.status = "completed"
                    candidate.outcome = CandidateOutcome.unreachable.rawValue
                    candidate.nextAttemptAt = nil
                }
                candidate.updatedAt = now
                changes.candidate = candidate
            }
            return try write(changes, from: .dialing, db)
        }
    }

    /// No answer to create-phone-call (5xx, timeout, broken connection): the call may or may not
    /// exist at Retell, so it is `unknown` until the reconciler finds or releases it. The
    /// candidate stays `calling`, so nobody dials the number again meanwhile.
    public func markUnknown(callID: String, error: String) async throws -> AppliedCall? {
        let now = clock.now()
        return try await writer.write { db in
            guard var call = try RetellCallRecord.fetchOne(db, key: callID), call.status == .dialing else { return nil }
            call.callStatus = CallStatus.unknown.rawValue
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
                UPDATE retell_calls SET call_status = 'unknown', updated_at = ?,
                  last_error = coalesce(last_error, 'Shortlist stopped before Retell answered the create request')
                WHERE call_status = 'dialing'
                """, arguments: [now])
            return db.changesCount
        }
    }

    /// DESIGN §5a: when more than half of an active campaign's last 20 finished dials (since it was
    /// last resumed) ended `dial_failed`, `marked_as_spam`, `invalid_destination` or in an error,
    /// the campaign pauses itself with the reason shown. Returns the campaigns paused now.
    public func applySafetyPause(now: Date, window: Int = 20) async throws -> [CampaignRecord] {
        // Read first: the dialer asks on every tick, and almost always the answer is "no".
        let tripped = try await writer.read { db in
            try CampaignRecord.filter(Column("status") == "active").fetchAll(db).compactMap { campaign -> (String, Int)? in
                let bad = try badDials(campaign, window: window, db)
                return bad.map { (campaign.id, $0) }
            }
        }
        guard !tripped.isEmpty else { return [] }
        return try await writer.write { db in
            var paused: [CampaignRecord] = []
            for (id, _) in tripped {
                // Checked again in the write: a resume may have come in between.
                guard var campaign = try CampaignRecord.fetchOne(db, key: id), campaign.status == "active",
                      let bad = try badDials(campaign, window: window, db)
                else { continue }
                campaign.status = CampaignStatus.paused.rawValue
                campaign.statusReason = "paused automatically: \(bad) of the last \(window) dials failed to connect "
                    + "(dial_failed, marked_as_spam, invalid_destination or an error); check the numbers and the "
                    + "from number, then resume a batch"
                campaign.updatedAt = now
                try campaign.update(db)
                try audit(db, .system, "campaign.auto_pause", subjectType: "campaign", subjectID: campaign.id,
                          detail: ["bad_dials": String(bad), "window": String(window)])
                paused.append(campaign)
            }
            return paused
        }
    }

    /// How many of the campaign's last `window` finished dials went bad, when that is more than half.
    private func badDials(_ campaign: CampaignRecord, window: Int, _ db: Database) throws -> Int? {
        let outcomes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT call_status, disconnection_reason FROM retell_calls
            WHERE campaign_id = ? AND call_status IN ('ended', 'analyzed', 'not_connected', 'failed')
              AND created_at > coalesce(?, '')
            ORDER BY created_at DESC, id DESC LIMIT ?
            """), arguments: [campaign.id, campaign.safetyWindowFrom, window])
        guard outcomes.count == window else { return nil }
        let bad = outcomes.filter { Self.isBadDial(status: $0[0], reason: $0[1]) }.count
        return bad * 2 > window ? bad : nil
    }

    static func isBadDial(status: String, reason: String?) -> Bool {
        if status == CallStatus.failed.rawValue { return true }
        guard let reason else { return false }
        return ["dial_failed", "marked_as_spam", "invalid_destination"].contains(reason) || reason.hasPrefix("error")
    }

    /// 401/402: every running batch pauses with `reason` on it.
    public func pauseAllBatches(reason: String) async throws -> [BatchRecord] {
        let now = clock.now()
        return try await writer.write { db in
            var paused: [BatchRecord] = []
            for var batch in try BatchRecord.filter(Column("status") == BatchStatus.inProgress.rawValue).fetchAll(db) {
                batch.status = BatchStatus.paused.rawValue
                batch.statusReason = reason
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

extension CampaignRecord {
    var callingDays: [Weekday] { (try? JSONDecoder().decode([Weekday].self, from: Data(days.utf8))) ?? [] }

    /// The calling schedule for a candidate in `candidateZone` (nil: the campaign's zone).
    func schedule(candidateZone: String?) -> CallingSchedule? {
        guard let start = LocalTime(minutes: windowStartMinutes), let end = LocalTime(minutes: windowEndMinutes),
              let window = try? CallingWindow(start: start, end: end)
        else { return nil }
        return CallingSchedule(candidateZone: candidateZone, campaignZone: timezone, window: window, days: callingDays)
    }
}
