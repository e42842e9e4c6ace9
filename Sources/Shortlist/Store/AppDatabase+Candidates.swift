import Foundation
import GRDB

/// What an import stored.
public struct ImportResult: Sendable, Equatable {
    public var imported: Int
    /// Rows whose phone is already in this campaign.
    public var alreadyInCampaign: [ImportIssue]
}

/// A campaign candidate with the person's name and phone, as lists show it.
public struct CampaignCandidateRow: Sendable, Equatable, FetchableRecord {
    public var id: String
    public var candidateID: String
    public var fullName: String
    public var phone: String
    public var status: String
    public var outcome: String?
    public var attempts: Int
    public var qualified: Bool?
    public var lastCallID: String?
    public var seq: Int

    public init(row: Row) throws {
        id = row["id"]
        candidateID = row["candidate_id"]
        fullName = row["full_name"]
        phone = row["phone"]
        status = row["status"]
        outcome = row["outcome"]
        attempts = row["attempts"]
        qualified = row["qualified"]
        lastCallID = row["last_call_id"]
        seq = row["seq"]
    }
}

extension AppDatabase {
    /// Stores validated rows in one transaction: a person already known by phone is linked rather
    /// than created again (their stored details are kept, blanks filled in); a person already in
    /// this campaign is reported, not added twice (their blanks are filled in too). A row without a
    /// source is kept with `ConsentBasis.defaultSource`. Any database error rolls the whole import back.
    public func importCandidates(
        _ drafts: [CandidateDraft], into campaignID: String, by principal: Principal, format: String
    ) async throws -> ImportResult {
        let now = clock.now()
        return try await writer.write { db in
            guard let campaign = try CampaignRecord.fetchOne(db, key: campaignID) else {
                throw StoreError.notFound(entity: "campaign", id: campaignID)
            }
            guard campaign.status.isEditable else {
                throw StoreError.conflict("campaign is \(campaign.status.rawValue): candidates can no longer be added")
            }
            // A large import touches more index pages than SQLite's default 2 MiB cache holds; without
            // room it spills to the WAL and reads pages back for every row.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            let source = ConsentBasis.defaultSource(format: format, by: principal)
            let result = try insertDrafts(drafts, campaignID: campaignID, defaultSource: source, now: now, db)
            _ = try relistHashedNumbers(drafts.map(\.phone), by: principal, db)
            try audit(db, principal, "candidates.import", subjectType: "campaign", subjectID: campaignID, detail: [
                "format": format, "imported": String(result.imported),
                "already_in_campaign": String(result.alreadyInCampaign.count),
            ])
            return result
        }
    }

    /// `defaultSource` is kept for rows that do not name their source.
    private func insertDrafts(
        _ drafts: [CandidateDraft], campaignID: String, defaultSource: String, now: Date, _ db: Database
    ) throws -> ImportResult {
        let findCandidate = try RawStatement(db, sql: "SELECT id FROM candidates WHERE phone = ?")
        let fillCandidate = try RawStatement(db, sql: """
            UPDATE candidates SET email = coalesce(email, ?), timezone = coalesce(timezone, ?),
              external_id = coalesce(external_id, ?), consent = coalesce(consent, ?), source = coalesce(source, ?),
              updated_at = ? WHERE id = ?
            """)
        // Insert first: a new person (the common case) costs one statement; a known phone returns nothing.
        let insertCandidate = try RawStatement(db, sql: """
            INSERT INTO candidates (id, full_name, phone, email, timezone, external_id, consent, source, attributes,
              created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (phone) DO NOTHING RETURNING id
            """)
        let linked = try RawStatement(db, sql: "SELECT 'yes' FROM campaign_candidates WHERE campaign_id = ? AND candidate_id = ?")
        let link = try RawStatement(db, sql: """
            INSERT INTO campaign_candidates (id, campaign_id, candidate_id, seq, status, attempts, created_at, updated_at)
            VALUES (?, ?, ?, ?, \(CandidateLifecycle.imported.sqlLiteral), 0, ?, ?)
            """)
        var seq = try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM campaign_candidates WHERE campaign_id = ?",
                                   arguments: [campaignID]) ?? 0
        // Formatting a Date for SQLite costs more than the insert; do it once.
        let stamp = String.fromDatabaseValue(now.databaseValue)
        var result = ImportResult(imported: 0, alreadyInCampaign: [])
        for draft in drafts {
            let newID = ids.next()
            var candidateID = try insertCandidate.run([
                .text(newID), .text(draft.fullName), .text(draft.phone), .text(draft.email),
                .text(draft.timezone), .text(draft.externalID), .text(draft.consent), .text(draft.source ?? defaultSource),
                .text(try Self.attributesJSON(draft.attributes)), .text(stamp), .text(stamp),
            ])
            if candidateID == nil, let existing = try findCandidate.run([.text(draft.phone)]) {
                // Blanks are filled even for a person already in this campaign: importing the file
                // again with the consent column filled in records the consent of those it lacked.
                try fillCandidate.run([
                    .text(draft.email), .text(draft.timezone), .text(draft.externalID), .text(draft.consent),
                    .text(draft.source ?? defaultSource), .text(stamp), .text(existing),
                ])
                if try linked.run([.text(campaignID), .text(existing)]) != nil {
                    result.alreadyInCampaign.append(
                        ImportIssue(row: draft.row, field: "phone", reason: "already in this campaign"))
                    continue
                }
                candidateID = existing
            }
            guard let candidateID else { throw StoreError.conflict("candidate \(PhoneNumber.mask(draft.phone)) vanished mid-import") }
            seq += 1
            try link.run([.text(ids.next()), .text(campaignID), .text(candidateID), .int(seq), .text(stamp), .text(stamp)])
            result.imported += 1
        }
        return result
    }

    static func attributesJSON(_ attributes: [String: String]) throws -> String {
        guard !attributes.isEmpty else { return "{}" }
        return String(decoding: try JSONSerialization.data(withJSONObject: attributes, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A campaign's candidates in import order, optionally of one status; `cursor` is opaque.
    public func campaignCandidates(
        campaignID: String, status: String?, after cursor: String?, limit: Int
    ) async throws -> Page<CampaignCandidateRow> {
        var after = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0 else { throw InvalidCursor() }
            after = value
        }
        let start = after
        return try await writer.read { db in
            guard try CampaignRecord.exists(db, key: campaignID) else {
                throw StoreError.notFound(entity: "campaign", id: campaignID)
            }
            var sql = """
                SELECT cc.id, cc.candidate_id, c.full_name, c.phone, cc.status, cc.outcome, cc.attempts,
                  cc.qualified, cc.last_call_id, cc.seq
                FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id
                WHERE cc.campaign_id = ? AND cc.seq > ?
                """
            var arguments: StatementArguments = [campaignID, start]
            if let status {
                sql += " AND cc.status = ?"
                arguments += [status]
            }
            sql += " ORDER BY cc.seq LIMIT ?"
            arguments += [limit + 1]
            let rows = try CampaignCandidateRow.fetchAll(db, sql: sql, arguments: arguments)
            let page = Array(rows.prefix(limit))
            return Page(items: page, nextCursor: rows.count > limit ? page.last.map { String($0.seq) } : nil)
        }
    }
}
