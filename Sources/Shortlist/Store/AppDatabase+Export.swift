import Foundation
import GRDB

/// Everything kept about one person (subject access, DESIGN §1 `GET /api/v1/candidates/{id}/export`).
public struct SubjectAccessRecords: Sendable {
    public struct Membership: Sendable {
        public var membership: CampaignCandidateRecord
        public var campaignName: String
    }

    public struct CallEntry: Sendable {
        public var call: RetellCallRecord
        public var analysis: CallAnalysisRecord?
        public var recording: CallRecordingRecord?
    }

    public var person: CandidateRecord
    public var memberships: [Membership]
    public var calls: [CallEntry]
    /// On the do-not-call list in clear, and as an erased person's hash.
    public var onDNC: Bool
    public var audit: [AuditLogRecord]
}

extension AppDatabase {
    /// One read of everything about the person `candidateID`; nil when there is no such person.
    public func subjectAccess(candidateID id: String) async throws -> SubjectAccessRecords? {
        try await writer.read { db in
            guard let person = try CandidateRecord.fetchOne(db, key: id) else { return nil }
            let memberships = try Row.fetchAll(db, sql: """
                SELECT cc.*, c.name AS campaign_name FROM campaign_candidates cc JOIN campaigns c ON c.id = cc.campaign_id
                WHERE cc.candidate_id = ? ORDER BY cc.created_at, cc.id
                """, arguments: [id]).map {
                SubjectAccessRecords.Membership(membership: try CampaignCandidateRecord(row: $0), campaignName: $0["campaign_name"])
            }
            let memberIDs = memberships.map(\.membership.id)
            let calls = try RetellCallRecord.filter(memberIDs.contains(Column("campaign_candidate_id")))
                .order(Column("created_at"), Column("id")).fetchAll(db)
            let callIDs = calls.map(\.id)
            let analyses = Dictionary(uniqueKeysWithValues: try CallAnalysisRecord.filter(keys: callIDs).fetchAll(db).map { ($0.callID, $0) })
            let recordings = Dictionary(uniqueKeysWithValues: try CallRecordingRecord.filter(keys: callIDs).fetchAll(db).map { ($0.callID, $0) })
            var onDNC = try DNCNumberRecord.filter(Column("phone") == person.phone).fetchCount(db) > 0
            if !onDNC, person.erasedAt == nil {
                onDNC = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dnc_hashes WHERE hash = ?)",
                                          arguments: [try numberHash(db).hash(person.phone)]) ?? false
            }
            var audit = try AuditLogRecord.filter(Column("subject_type") == "candidate" && Column("subject_id") == id).fetchAll(db)
            audit += try AuditLogRecord.filter(Column("subject_type") == "campaign_candidate" && memberIDs.contains(Column("subject_id"))).fetchAll(db)
            audit += try AuditLogRecord.filter(Column("subject_type") == "call" && callIDs.contains(Column("subject_id"))).fetchAll(db)
            audit.sort { ($0.at, $0.id) < ($1.at, $1.id) }
            return SubjectAccessRecords(
                person: person, memberships: memberships,
                calls: calls.map { .init(call: $0, analysis: analyses[$0.id], recording: recordings[$0.id]) },
                onDNC: onDNC, audit: audit)
        }
    }
}
