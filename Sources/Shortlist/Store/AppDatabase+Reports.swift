import Foundation
import GRDB

/// The five success metrics of DESIGN §6 with the counts behind them.
public struct CampaignReport: Sendable, Equatable {
    public var candidates: Int
    /// Candidates with at least one call Retell placed.
    public var called: Int
    /// Candidates with at least one conversation.
    public var answered: Int
    /// Calls with a conversation: ended or analyzed, not voicemail.
    public var completedCalls: Int
    /// Calls Retell placed (it gave them an id).
    public var placedCalls: Int
    public var qualified: Int
    public var totalCostCents: Int
    /// Placed calls without a conversation.
    public var unansweredAttempts: Int

    public var callCompletionRate: Double? { Self.ratio(completedCalls, placedCalls) }
    public var responseRate: Double? { Self.ratio(answered, called) }
    public var qualificationRate: Double? { Self.ratio(qualified, answered) }
    public var costPerQualifiedLeadCents: Int? {
        qualified == 0 ? nil : Int((Double(totalCostCents) / Double(qualified)).rounded())
    }

    /// answered × manual minutes per call + unanswered attempts × 2 minutes (what a recruiter
    /// would have spent dialling), minus the recruiter time Shortlist needs (none per call).
    public func timeSavedMinutes(manualMinutesPerCall: Int) -> Int {
        answered * manualMinutesPerCall + unansweredAttempts * 2
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}

/// One line of the results export.
public struct ResultRow: Sendable, Equatable {
    public var seq: Int
    public var fullName: String
    public var phone: String
    public var status: String
    public var outcome: String?
    public var qualified: Bool?
    public var attempts: Int
    /// From the last call's analysis, when it has one.
    public var availableToWork: Bool?
    public var interested: Bool?
    public var knowReferee: Bool?
    /// JSON object as stored (target key → answer).
    public var customResponses: String?
    public var summary: String?
    public var userSentiment: String?
    public var lastCallAt: Date?
    /// The recruiter's decision and note on the shortlist, and when the candidate asked to be called back.
    public var decision: ShortlistDecision? = nil
    public var decisionNote: String? = nil
    public var callbackAt: Date? = nil
    /// The person's consent note and source, as the import kept them.
    public var consent: String? = nil
    public var source: String? = nil
}

/// A conversation: the call connected and was not a voicemail.
private let conversationSQL = """
    rc.call_status IN \(CallStatus.connected.sqlList) AND coalesce(rc.disconnection_reason, '') <> 'voicemail_reached'
      AND coalesce((SELECT in_voicemail FROM retell_call_analysis a WHERE a.call_id = rc.id), 0) = 0
    """

extension AppDatabase {
    public func preview(campaignID: String, now: Date) async throws -> CampaignPreview {
        // Eligibility depends on the time: the cached value holds for the minute it was made in.
        try await summary("preview:\(campaignID):\(Int((now.timeIntervalSince1970 / 60).rounded(.down)))") {
            try await writer.read { db in try previewNow(campaignID: campaignID, now: now, db) }
        }
    }

    /// Reads what the dry run is worked out from (`PreviewRules`).
    private func previewNow(campaignID: String, now: Date, _ db: Database) throws -> CampaignPreview {
        guard let campaign = try CampaignRecord.fetchOne(db, key: campaignID) else {
            throw StoreError.notFound(entity: "campaign", id: campaignID)
        }
        var facts = PreviewFacts()
        for row in try Row.fetchAll(db, sql: """
            SELECT outcome, count(*) FROM campaign_candidates
            WHERE campaign_id = ? AND status = \(CandidateStatus.completed.sqlLiteral) GROUP BY outcome
            """, arguments: [campaignID]) {
            facts.completed.append((outcome: row[0], count: row[1]))
        }
        facts.calling = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM campaign_candidates WHERE campaign_id = ? AND status = \(CandidateStatus.calling.sqlLiteral)
            """, arguments: [campaignID]) ?? 0
        for row in try Row.fetchAll(db, sql: """
            SELECT c.timezone,
              EXISTS (SELECT 1 FROM retell_batch_calls b WHERE b.id = cc.batch_id
                      AND b.status IN \(BatchStatus.running.sqlList)) AS in_batch,
              EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone = c.phone) AS on_dnc,
              (? AND NOT \(ConsentBasis.sqlHolds("c.consent"))) AS lacks_consent,
              count(*) AS n
            FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id
            WHERE cc.campaign_id = ? AND cc.status IN \(CandidateStatus.free.sqlList)
            GROUP BY 1, 2, 3, 4
            """, arguments: [campaign.requireConsent, campaignID]) {
            facts.free.append(PreviewFacts.FreeGroup(
                schedule: campaign.schedule(candidateZone: row["timezone"]), inRunningBatch: row["in_batch"],
                onDoNotCallList: row["on_dnc"], lacksConsent: row["lacks_consent"], count: row["n"]))
        }
        // This installation's last 1,000 finished calls. `+call_status` keeps SQLite on the time
        // index (newest first, stop at 1,000) instead of sorting every finished call (257 ms → 2 ms
        // at 300,000 calls).
        if let history = try Row.fetchOne(db, sql: """
            SELECT count(*), avg(coalesce(duration_seconds, 0)), avg(coalesce(cost_cents, 0)) FROM (
              SELECT duration_seconds, cost_cents FROM retell_calls
              WHERE +call_status IN \(CallStatus.placedAndFinished.sqlList) ORDER BY created_at DESC LIMIT 1000)
            """), (history[0] as Int) > 0 {
            facts.history = (averageSeconds: history[1], averageCents: history[2])
        }
        facts.callbacks = try waitingCallbacks(campaignID: campaignID, db)
        return PreviewRules.preview(facts, now: now)
    }

    /// Queued candidates whose next attempt is the callback they asked for (the due time is the
    /// callback time), and the earliest of those times.
    private func waitingCallbacks(campaignID: String, _ db: Database) throws -> (waiting: Int, earliest: Date?) {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), min(callback_at) FROM campaign_candidates
            WHERE campaign_id = ? AND status = \(CandidateStatus.queued.sqlLiteral) AND callback_at = next_attempt_at
            """, arguments: [campaignID])
        return (row?[0] ?? 0, row?[1])
    }

    /// - Parameter staleFor: how old a report computed before the last change may be (nil: none).
    public func report(campaignID: String, staleFor: Duration? = nil) async throws -> CampaignReport {
        try await summary("report:\(campaignID)", staleFor: staleFor) {
            try await writer.read { db in
                guard try CampaignRecord.exists(db, key: campaignID) else {
                    throw StoreError.notFound(entity: "campaign", id: campaignID)
                }
                // One pass over the campaign's calls, grouped by candidate; the analysis is looked
                // up only for calls that connected (for the voicemail flag).
                let row = try Row.fetchOne(db, sql: """
                    SELECT
                      (SELECT count(*) FROM campaign_candidates WHERE campaign_id = ?1),
                      coalesce(sum(placed > 0), 0), coalesce(sum(talked > 0), 0), coalesce(sum(talked), 0),
                      coalesce(sum(placed), 0),
                      (SELECT count(*) FROM campaign_candidates WHERE campaign_id = ?1 AND status = \(CandidateStatus.completed.sqlLiteral) AND qualified = 1),
                      coalesce(sum(cents), 0)
                    FROM (
                      SELECT sum(rc.retell_call_id IS NOT NULL) AS placed, sum(coalesce(rc.cost_cents, 0)) AS cents,
                        sum(rc.call_status IN \(CallStatus.connected.sqlList) AND coalesce(rc.disconnection_reason, '') <> 'voicemail_reached'
                            AND coalesce((SELECT in_voicemail FROM retell_call_analysis a WHERE a.call_id = rc.id), 0) = 0) AS talked
                      FROM retell_calls rc WHERE rc.campaign_id = ?1 GROUP BY rc.campaign_candidate_id
                    )
                    """, arguments: [campaignID])!
                let placed: Int = row[4], completed: Int = row[3]
                return CampaignReport(
                    candidates: row[0], called: row[1], answered: row[2], completedCalls: completed, placedCalls: placed,
                    qualified: row[5], totalCostCents: row[6], unansweredAttempts: max(0, placed - completed))
            }
        }
    }

    /// The campaign's candidates after `seq`, in import order, with their last call's analysis
    /// (only what the export shows: transcripts and the long lists stay on disk). One query read
    /// by position: 100,000 rows are read for one export.
    public func resultRows(campaignID: String, afterSeq: Int, limit: Int) async throws -> [ResultRow] {
        try await writer.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT cc.seq, c.full_name, c.phone, cc.status, cc.outcome, cc.qualified, cc.attempts,
                  coalesce(rc.ended_at, rc.created_at), a.available_to_work, a.interested, a.know_referee,
                  a.custom_responses, a.call_summary, a.user_sentiment, cc.decision, cc.decision_note, cc.callback_at,
                  c.consent, c.source
                FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id
                LEFT JOIN retell_calls rc ON rc.id = cc.last_call_id
                LEFT JOIN retell_call_analysis a ON a.call_id = cc.last_call_id
                WHERE cc.campaign_id = ? AND cc.seq > ? ORDER BY cc.seq LIMIT ?
                """, arguments: [campaignID, afterSeq, limit])
            var rows: [ResultRow] = []
            rows.reserveCapacity(limit)
            while let row = try cursor.next() {
                rows.append(ResultRow(
                    seq: row[0], fullName: row[1], phone: row[2], status: row[3], outcome: row[4], qualified: row[5],
                    attempts: row[6], availableToWork: row[8], interested: row[9], knowReferee: row[10],
                    customResponses: row[11], summary: row[12], userSentiment: row[13], lastCallAt: row[7],
                    decision: row[14], decisionNote: row[15], callbackAt: row[16], consent: row[17], source: row[18]))
            }
            return rows
        }
    }
}

/// One campaign candidate with every call made to them and each call's analysis, oldest first.
public struct CandidateHistory: Sendable, Equatable {
    public var row: CampaignCandidateRow
    public var campaign: CampaignRecord
    public var targets: [TargetSpec]
    public var calls: [CallDetail]
    /// The callback the candidate asked for (UTC) and their own time zone, if the import gave one.
    public var callbackAt: Date? = nil
    public var candidateTimezone: String? = nil
    /// The person's consent note and where they came from, as the import kept them.
    public var consent: String? = nil
    public var source: String? = nil
    /// When the person was erased (their details are tombstones then).
    public var erasedAt: Date? = nil
}

extension AppDatabase {
    public func candidateHistory(campaignCandidateID id: String) async throws -> CandidateHistory? {
        try await writer.read { db in
            guard let fetched = try Row.fetchOne(db, sql: """
                SELECT cc.id, cc.candidate_id, c.full_name, c.phone, cc.status, cc.outcome, cc.attempts,
                  cc.qualified, cc.last_call_id, cc.seq, cc.campaign_id, cc.callback_at, c.timezone, c.consent, c.source,
                  c.erased_at
                FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id WHERE cc.id = ?
                """, arguments: [id]),
                let campaign = try CampaignRecord.fetchOne(db, key: fetched["campaign_id"] as String)
            else { return nil }
            let row = try CampaignCandidateRow(row: fetched)
            let calls = try RetellCallRecord.filter(Column("campaign_candidate_id") == id)
                .order(Column("created_at"), Column("id")).fetchAll(db)
            let analyses = try CallAnalysisRecord.filter(keys: calls.map(\.id)).fetchAll(db)
            let byCall = Dictionary(uniqueKeysWithValues: analyses.map { ($0.callID, $0) })
            var history = CandidateHistory(
                row: row, campaign: campaign, targets: try targets(of: campaign, db),
                calls: calls.map { CallDetail(call: $0, analysis: byCall[$0.id]) })
            history.callbackAt = fetched["callback_at"]
            history.candidateTimezone = fetched["timezone"]
            history.consent = fetched["consent"]
            history.source = fetched["source"]
            history.erasedAt = fetched["erased_at"]
            return history
        }
    }
}

extension AppDatabase {
    /// The campaign's candidates by outcome (completed ones) and by status (the rest).
    public func outcomeCounts(campaignID: String, staleFor: Duration? = nil) async throws -> [String: Int] {
        try await summary("outcomes:\(campaignID)", staleFor: staleFor) {
            try await writer.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT coalesce(outcome, \(CandidateStatus.completed.sqlLiteral)), count(*) FROM campaign_candidates
                    WHERE campaign_id = ?1 AND status = \(CandidateStatus.completed.sqlLiteral) GROUP BY 1
                    UNION ALL
                    SELECT status, count(*) FROM campaign_candidates
                    WHERE campaign_id = ?1 AND status IN \(CandidateStatus.notDone.sqlList) GROUP BY 1
                    """, arguments: [campaignID]) {
                    counts[row[0]] = row[1]
                }
                return counts
            }
        }
    }

    /// How many of the campaign's calls were placed in each 10-minute span (UTC), for the
    /// calls-per-hour chart; ten minutes keep zones with :30 and :45 offsets in the right hour.
    public func callsPerTenMinutes(campaignID: String, staleFor: Duration? = nil) async throws -> [(start: Date, calls: Int)] {
        let spans: [TenMinuteSpan] = try await summary("calltimes:\(campaignID)", staleFor: staleFor) {
            try await writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT substr(created_at, 1, 15) AS span, count(*) FROM retell_calls WHERE campaign_id = ? GROUP BY span
                    """, arguments: [campaignID]).compactMap { row in
                    let text: String = row[0]
                    return TenMinuteSpan.parse(text).map { TenMinuteSpan(start: $0, calls: row[1]) }
                }
            }
        }
        return spans.map { ($0.start, $0.calls) }
    }
}

private struct TenMinuteSpan: Sendable {
    var start: Date
    var calls: Int

    /// `2026-11-18 14:3` (a stored timestamp's first 15 characters) as 14:30 UTC that day.
    static func parse(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard digits.count == 5, let year = digits[0], let month = digits[1], let day = digits[2], let hour = digits[3],
              let tens = digits[4]
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: tens * 10))
    }
}

extension AppDatabase {
    /// Campaigns with their candidates counted by status, newest first (the dashboard).
    /// The dashboard's campaigns, newest first: the archived ones only when `archived`, else every other.
    public func campaignCounts(limit: Int, archived: Bool = false) async throws -> [CampaignCounts] {
        try await summary("dashboard:\(limit):\(archived)") { try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.name, c.status, c.status_reason, j.title, j.company,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id) AS total,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.status = \(CandidateStatus.calling.sqlLiteral)) AS calling_now,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.status = \(CandidateStatus.completed.sqlLiteral)) AS done,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.status = \(CandidateStatus.completed.sqlLiteral) AND cc.qualified = 1) AS qualified
                FROM campaigns c JOIN jobs j ON j.id = c.job_id
                WHERE (c.status = \(CampaignStatus.archived.sqlLiteral)) = ?
                ORDER BY c.created_at DESC, c.id DESC LIMIT ?
                """, arguments: [archived, limit]).map { row in
                CampaignCounts(
                    id: row["id"], name: row["name"], status: row["status"], statusReason: row["status_reason"],
                    jobTitle: row["title"], company: row["company"], candidates: row["total"], calling: row["calling_now"],
                    completed: row["done"], qualified: row["qualified"])
            }
        } }
    }
}

/// A campaign's candidates counted by state, for the dashboard.
public struct CampaignCounts: Sendable, Equatable {
    public var id: String
    public var name: String
    public var status: String
    public var statusReason: String?
    public var jobTitle: String
    public var company: String
    public var candidates: Int
    public var calling: Int
    public var completed: Int
    public var qualified: Int
}
