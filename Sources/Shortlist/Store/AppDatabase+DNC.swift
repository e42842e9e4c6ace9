import Foundation
import GRDB

public enum DNCSource: String, Sendable, CaseIterable {
    case manual, call, `import`
}

extension AppDatabase {
    /// Puts a number on the do-not-call list. A number already there keeps its first entry;
    /// `created` tells which happened.
    public func addDNC(
        phone: String, reason: String, source: DNCSource, sourceCallID: String? = nil, by principal: Principal
    ) async throws -> (entry: DNCNumberRecord, created: Bool) {
        let entry = DNCNumberRecord(
            id: ids.next(), phone: phone, reason: reason, source: source.rawValue, sourceCallID: sourceCallID,
            createdBy: principal.label, createdAt: clock.now())
        return try await writer.write { db in
            if let existing = try DNCNumberRecord.filter(Column("phone") == phone).fetchOne(db) {
                return (existing, false)
            }
            try entry.insert(db)
            try audit(db, principal, "dnc.add", subjectType: "dnc", subjectID: entry.id,
                      detail: ["phone": PhoneNumber.mask(phone), "source": source.rawValue])
            return (entry, true)
        }
    }

    /// Takes a number off the list; false when it was not on it.
    public func removeDNC(phone: String, by principal: Principal) async throws -> Bool {
        try await writer.write { db in
            guard let entry = try DNCNumberRecord.filter(Column("phone") == phone).fetchOne(db) else { return false }
            try entry.delete(db)
            try audit(db, principal, "dnc.remove", subjectType: "dnc", subjectID: entry.id,
                      detail: ["phone": PhoneNumber.mask(phone)])
            return true
        }
    }

    public func isOnDNC(phone: String) async throws -> Bool {
        try await writer.read { db in try DNCNumberRecord.filter(Column("phone") == phone).fetchCount(db) > 0 }
    }

    /// Newest first; `cursor` is the id of the last entry of the previous page.
    public func dncList(after cursor: String?, limit: Int) async throws -> Page<DNCNumberRecord> {
        try await writer.read { db in
            try newestFirst(DNCNumberRecord.all(), table: "dnc_numbers", after: cursor, limit: limit, db: db)
        }
    }
}

extension DNCNumberRecord: Identifiable {}
