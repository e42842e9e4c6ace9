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
