import Foundation
import GRDB

/// A call with its analysis, as the API shows it.
public struct CallDetail: Sendable, Equatable {
    public var call: RetellCallRecord
    public var analysis: CallAnalysisRecord?
}

extension AppDatabase {
    public func call(id: String) async throws -> CallDetail? {
        try await writer.read { db in
            guard let call = try RetellCallRecord.fetchOne(db, key: id) else { return nil }
            return CallDetail(call: call, analysis: try CallAnalysisRecord.fetchOne(db, key: id))
        }
    }

    /// A campaign's calls, newest first, optionally of one status; `cursor` is the last call's id.
    public func calls(campaignID: String, status: String?, after cursor: String?, limit: Int) async throws -> Page<RetellCallRecord> {
        try await writer.read { db in
            guard try CampaignRecord.exists(db, key: campaignID) else {
                throw StoreError.notFound(entity: "campaign", id: campaignID)
            }
            var request = RetellCallRecord.filter(Column("campaign_id") == campaignID)
            if let status { request = request.filter(Column("call_status") == status) }
            return try newestFirst(request, table: "retell_calls", after: cursor, limit: limit, db: db)
        }
    }
}

extension RetellCallRecord: Identifiable {}

/// A call as the live page lists it.
public struct LiveCallRow: Sendable, Equatable {
    public var id: String
    public var candidateID: String
    public var candidateName: String
    public var campaignName: String
    /// The campaign's IANA zone, for showing the time.
    public var campaignTimezone: String
    public var status: String
    public var reason: String?
    public var durationSeconds: Int?
    public var createdAt: Date
}

public struct LiveCounts: Sendable, Equatable {
    public var active: Int
    public var completed: Int
    public var failed: Int
}

extension AppDatabase {
    /// The newest calls of every campaign, or of one (`campaignID`), (`states` nil: all), with the
    /// candidate's and campaign's names.
    public func liveCalls(states: [String]?, campaignID: String? = nil, limit: Int) async throws -> [LiveCallRow] {
        try await writer.read { db in
            var sql = """
                SELECT rc.id, rc.campaign_candidate_id, c.full_name, k.name, rc.call_status, rc.disconnection_reason,
                  rc.duration_seconds, rc.created_at, k.timezone
                FROM retell_calls rc
                JOIN campaign_candidates cc ON cc.id = rc.campaign_candidate_id
                JOIN candidates c ON c.id = cc.candidate_id
                JOIN campaigns k ON k.id = rc.campaign_id
                """
            var arguments: StatementArguments = []
            var conditions: [String] = []
            let inFlight = states.map { Set($0).isSubset(of: CallStatus.inFlight.map(\.rawValue)) } ?? false
            if let states {
                // Calls in flight are few: found by the status index. Finished ones are most calls:
                // read newest first by time (`+` keeps SQLite off the status index, which would
                // sort every finished call to return the newest hundred).
                conditions.append("\(inFlight ? "" : "+")rc.call_status IN (\(databaseQuestionMarks(count: states.count)))")
                arguments += StatementArguments(states)
            }
            if let campaignID {
                // One campaign: its calls newest first by its (campaign_id, created_at) index, except
                // the few in flight, still found by status.
                conditions.append("\(inFlight ? "+" : "")rc.campaign_id = ?")
                arguments += [campaignID]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY rc.created_at DESC, rc.id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                LiveCallRow(
                    id: row[0], candidateID: row[1], candidateName: row[2], campaignName: row[3],
                    campaignTimezone: row[8], status: row[4], reason: row[5], durationSeconds: row[6], createdAt: row[7])
            }
        }
    }

    /// Calls in flight, ended with a conversation, and ended without one, across all campaigns.
    public func liveCounts(campaignID: String? = nil) async throws -> LiveCounts {
        if let campaignID { return try await campaignLiveCounts(campaignID) }
        return try await summary("live") { try await writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT
                  (SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.inFlight.sqlList)),
                  (SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.connected.sqlList)),
                  (SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.notConnectedOrFailed.sqlList))
                """)!
            return LiveCounts(active: row[0], completed: row[1], failed: row[2])
        } }
    }

    /// One campaign's live counts without a pass over its calls: in flight by the status index;
    /// ended ones from its batches' counters (a recount of their calls) plus its calls outside any batch.
    private func campaignLiveCounts(_ campaignID: String) async throws -> LiveCounts {
        try await summary("live:\(campaignID)") { try await writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT
                  (SELECT count(*) FROM retell_calls WHERE call_status IN \(CallStatus.inFlight.sqlList) AND +campaign_id = ?1),
                  (SELECT coalesce(sum(completed_calls), 0) FROM retell_batch_calls WHERE campaign_id = ?1)
                    + (SELECT count(*) FROM retell_calls WHERE batch_id IS NULL AND +campaign_id = ?1
                         AND call_status IN \(CallStatus.connected.sqlList)),
                  (SELECT coalesce(sum(failed_calls), 0) FROM retell_batch_calls WHERE campaign_id = ?1)
                    + (SELECT count(*) FROM retell_calls WHERE batch_id IS NULL AND +campaign_id = ?1
                         AND call_status IN \(CallStatus.notConnectedOrFailed.sqlList))
                """, arguments: [campaignID])
            return LiveCounts(active: row?[0] ?? 0, completed: row?[1] ?? 0, failed: row?[2] ?? 0)
        } }
    }
}
