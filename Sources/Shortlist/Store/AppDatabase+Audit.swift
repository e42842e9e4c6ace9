import Foundation
import GRDB

extension AppDatabase {
    /// Writes one audit row inside the caller's transaction, so the change and its record commit together.
    func audit(
        _ db: Database, _ principal: Principal, _ action: String, subjectType: String, subjectID: String?,
        detail: [String: String] = [:]
    ) throws {
        let json = try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys])
        try AuditLogRecord(
            id: ids.next(), at: clock.now(), actorType: principal.kind.rawValue, actorID: principal.id,
            actorLabel: principal.label, action: action, subjectType: subjectType, subjectID: subjectID,
            detail: String(decoding: json, as: UTF8.self)
        ).insert(db)
    }

    /// The newest audit rows first, optionally for one subject.
    public func auditLog(subjectType: String? = nil, subjectID: String? = nil, limit: Int = 100) async throws -> [AuditLogRecord] {
        try await writer.read { db in
            var request = AuditLogRecord.order(Column("at").desc, Column("id").desc)
            if let subjectType { request = request.filter(Column("subject_type") == subjectType) }
            if let subjectID { request = request.filter(Column("subject_id") == subjectID) }
            return try request.limit(limit).fetchAll(db)
        }
    }
}
