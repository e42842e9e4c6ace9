import Foundation
import GRDB

extension AppDatabase {
    /// Puts a number on the do-not-call list. A number already there keeps its first entry;
    /// `created` tells which happened.
    public func addDNC(
        phone: String, reason: String, source: DNCSource, sourceCallID: String? = nil, by principal: Principal
    ) async throws -> (entry: DNCNumberRecord, created: Bool) {
        let entry = DNCNumberRecord(
            id: ids.next(), phone: phone, reason: reason, source: source, sourceCallID: sourceCallID,
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

    /// Puts many numbers on the list in one transaction (source `import`) with one audit entry;
    /// numbers already there keep their entry. Returns how many were added.
    public func importDNC(_ entries: [DNCImport.Entry], filename: String, by principal: Principal) async throws -> Int {
        let now = clock.now()
        let rows = entries.map { entry in
            DNCNumberRecord(
                id: ids.next(), phone: entry.phone, reason: entry.reason, source: .import,
                sourceCallID: nil, createdBy: principal.label, createdAt: now)
        }
        return try await writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO dnc_numbers (id, phone, reason, source, source_call_id, created_by, created_at)
                VALUES (?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (phone) DO NOTHING
                """)
            var added = 0
            for row in rows {
                try statement.execute(arguments: [row.id, row.phone, row.reason, row.source, row.createdBy, row.createdAt])
                added += db.changesCount
            }
            try audit(db, principal, "dnc.import", subjectType: "dnc", subjectID: nil, detail: [
                "file": String(filename.prefix(200)), "rows": "\(rows.count)", "added": "\(added)",
            ])
            return added
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
