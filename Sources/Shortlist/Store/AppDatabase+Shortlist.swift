import Foundation
import GRDB

/// One row of a campaign's shortlist: an answered candidate with their last answered call's analysis
/// and the recruiter's decision.
public struct ShortlistRow: Sendable, Equatable {
    public var id: String
    public var campaignID: String
    public var candidateID: String
    public var fullName: String
    public var phone: String
    public var qualified: Bool?
    /// The last answered call (connected, not voicemail, analysed).
    public var callID: String
    /// That call's answers as stored (target key → answer, JSON).
    public var customResponses: String?
    public var summary: String?
    public var sentimentScore: Double?
    public var callbackAt: Date?
    public var decision: ShortlistDecision?
    public var decisionNote: String?
    public var decidedBy: String?
    public var decidedAt: Date?

    init(row: Row) {
        id = row["id"]
        campaignID = row["campaign_id"]
        candidateID = row["candidate_id"]
        fullName = row["full_name"]
        phone = row["phone"]
        qualified = row["qualified"]
        callID = row["call_id"]
        customResponses = row["custom_responses"]
        summary = row["call_summary"]
        sentimentScore = row["sentiment_score"]
        callbackAt = row["callback_at"]
        decision = row["decision"]
        decisionNote = row["decision_note"]
        decidedBy = row["decided_by"]
        decidedAt = row["decided_at"]
    }
}

/// What a decision changed: the row as it is now, and the candidate's record (for the live event).
public struct DecisionResult: Sendable {
    public var row: ShortlistRow
    public var candidate: CampaignCandidateRecord
}

extension AppDatabase {
    /// A shortlist row's columns, from its `shortlist_entries` row `se` (kept by the triggers of
    /// migration `v6_shortlist`: who answered, and their newest answered call).
    private static let shortlistSelect = """
        SELECT se.campaign_candidate_id AS id, cc.campaign_id, cc.candidate_id, c.full_name, c.phone, cc.qualified,
          cc.callback_at, cc.decision, cc.decision_note, cc.decided_by, cc.decided_at, a.call_id, a.custom_responses,
          a.call_summary, a.sentiment_score
        FROM shortlist_entries se
        JOIN campaign_candidates cc ON cc.id = se.campaign_candidate_id
        JOIN candidates c ON c.id = cc.candidate_id
        JOIN retell_call_analysis a ON a.call_id = se.call_id
        """

    /// The campaign's shortlist in `order` (then by name), `filter`ed by decision; `cursor` is opaque
    /// (the number of rows before this page). The page's ids are sorted first, reading only what the
    /// order needs (the default order and the decision filters walk an index), then its rows are read.
    public func shortlist(
        campaignID: String, filter: ShortlistFilter, order: ShortlistOrder, after cursor: String?, limit: Int
    ) async throws -> Page<ShortlistRow> {
        var offset = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0, value <= 10_000_000 else { throw InvalidCursor() }
            offset = value
        }
        let start = offset
        return try await writer.read { db in
            guard try CampaignRecord.exists(db, key: campaignID) else {
                throw StoreError.notFound(entity: "campaign", id: campaignID)
            }
            let key = Self.sortKey(order.column)
            var arguments: StatementArguments = [campaignID]
            var sql = "SELECT se.campaign_candidate_id FROM shortlist_entries se \(key.joins) WHERE se.campaign_id = ?"
            switch filter {
            case .all: break
            case .undecided: sql += " AND se.decision IS NULL"
            case .decided(let decision):
                sql += " AND se.decision = ?"
                arguments += [decision.rawValue]
            }
            arguments += key.arguments
            // SQLite sorts NULL first; descending, it is last already (and the index's order).
            sql += " ORDER BY \(key.expression) \(order.descending ? "DESC" : "ASC NULLS LAST"), se.full_name COLLATE NOCASE, se.campaign_candidate_id"
            sql += " LIMIT ? OFFSET ?"
            arguments += [limit + 1, start]
            let ids = try String.fetchAll(db, sql: sql, arguments: arguments)
            let pageIDs = Array(ids.prefix(limit))
            guard !pageIDs.isEmpty else { return Page(items: [], nextCursor: nil) }
            let rows = try Row.fetchAll(
                db, sql: Self.shortlistSelect + " WHERE se.campaign_candidate_id IN (\(databaseQuestionMarks(count: pageIDs.count)))",
                arguments: StatementArguments(pageIDs)).map(ShortlistRow.init(row:))
            let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return Page(items: pageIDs.compactMap { byID[$0] }, nextCursor: ids.count > limit ? String(start + limit) : nil)
        }
    }

    /// What a column sorts by, the joins it needs beside `shortlist_entries se`, and the values it binds.
    private static func sortKey(_ column: ShortlistColumn) -> (expression: String, joins: String, arguments: StatementArguments) {
        let candidate = "JOIN campaign_candidates cc ON cc.id = se.campaign_candidate_id"
        let analysis = "JOIN retell_call_analysis a ON a.call_id = se.call_id"
        switch column {
        case .name: return ("se.full_name COLLATE NOCASE", "", [])
        case .qualified: return ("se.qualified", "", [])
        case .summary: return ("a.call_summary COLLATE NOCASE", analysis, [])
        case .sentiment: return ("a.sentiment_score", analysis, [])
        case .callbackAt: return ("cc.callback_at", candidate, [])
        case .decidedAt: return ("cc.decided_at", candidate, [])
        case .decision:
            // In the order a recruiter works through them, not alphabetically.
            let cases = ShortlistDecision.allCases.enumerated().map { "WHEN \($0.element.sqlLiteral) THEN \($0.offset)" }
            return ("CASE se.decision \(cases.joined(separator: " ")) END", "", [])
        case .answer(let key):
            return ("json_extract(a.custom_responses, ?)", analysis, ["$.\"\(key)\""])
        }
    }

    /// How many of the campaign's shortlist rows carry each decision (nil: none yet). Kept until a
    /// commit touches calls or candidates (`SummaryCache`): 60,000 rows take ~8 ms to count.
    public func shortlistCounts(campaignID: String) async throws -> [ShortlistDecision?: Int] {
        try await summary("shortlist:\(campaignID)") {
            try await writer.read { db in
                var counts: [ShortlistDecision?: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT decision, count(*) FROM shortlist_entries WHERE campaign_id = ? GROUP BY decision
                    """, arguments: [campaignID]) {
                    counts[row[0] as ShortlistDecision?] = row[1]
                }
                return counts
            }
        }
    }

    /// One shortlist row, or nil when the candidate has not answered (or does not exist).
    public func shortlistRow(campaignCandidateID id: String) async throws -> ShortlistRow? {
        try await writer.read { db in try Self.shortlistRow(id, db) }
    }

    static func shortlistRow(_ id: String, _ db: Database) throws -> ShortlistRow? {
        try Row.fetchOne(db, sql: shortlistSelect + " WHERE se.campaign_candidate_id = ?", arguments: [id]).map(ShortlistRow.init(row:))
    }

    /// The campaign a campaign candidate belongs to, for the permission check before a change.
    public func campaignID(ofCampaignCandidate id: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT campaign_id FROM campaign_candidates WHERE id = ?", arguments: [id])
        }
    }

    /// Records the recruiter's decision and/or note on an answered candidate, who made it and when,
    /// with a `candidate.decision` audit row (old and new decision, whether the note changed; never
    /// the note's text, which may be personal). 404 for no such candidate, 409 when the campaign is
    /// archived or the candidate has not answered a call.
    public func decide(campaignCandidateID id: String, _ change: DecisionChange, by principal: Principal) async throws -> DecisionResult {
        let now = clock.now()
        return try await writer.write { db in
            guard var record = try CampaignCandidateRecord.fetchOne(db, key: id) else {
                throw StoreError.notFound(entity: "campaign candidate", id: id)
            }
            guard let campaign = try CampaignRecord.fetchOne(db, key: record.campaignID) else {
                throw StoreError.notFound(entity: "campaign", id: record.campaignID)
            }
            guard campaign.status.isEditable else {
                throw StoreError.conflict("campaign is \(campaign.status.rawValue): decisions can no longer change")
            }
            guard try Self.shortlistRow(id, db) != nil else {
                throw StoreError.conflict("this candidate has not answered a call yet: there is nothing to decide")
            }
            let before = (decision: record.decision, note: record.decisionNote)
            if let decision = change.decision { record.decision = decision }
            if let note = change.note { record.decisionNote = note }
            record.decidedBy = principal.label
            record.decidedAt = now
            record.updatedAt = now
            try record.update(db)
            try audit(db, principal, "candidate.decision", subjectType: "campaign_candidate", subjectID: id, detail: [
                "campaign_id": record.campaignID,
                "from": before.decision?.rawValue ?? "none", "to": record.decision?.rawValue ?? "none",
                "note_changed": before.note == record.decisionNote ? "no" : "yes",
            ])
            guard let row = try Self.shortlistRow(id, db) else { throw StoreError.notFound(entity: "campaign candidate", id: id) }
            return DecisionResult(row: row, candidate: record)
        }
    }
}
