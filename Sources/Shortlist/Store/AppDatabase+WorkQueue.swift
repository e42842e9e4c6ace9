import Foundation
import GRDB

extension AppDatabase {
    /// Adds work due at `due` (now by default) inside the caller's transaction, so it commits with
    /// the change that needs it. The same kind and subject twice is one item.
    func enqueueWork(_ kind: WorkKind, subject: String, due: Date? = nil, db: Database) throws {
        let now = clock.now()
        try db.execute(
            sql: """
                INSERT INTO work_items (id, kind, subject, attempts, due_at, created_at, updated_at)
                VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (kind, subject) DO NOTHING
                """,
            arguments: [ids.next(), kind.rawValue, subject, due ?? now, now, now])
    }

    /// Up to `limit` items due by `now`, soonest first.
    public func dueWork(now: Date, limit: Int) async throws -> [WorkItemRecord] {
        try await writer.read { db in
            try WorkItemRecord.filter(Column("due_at") <= now).order(Column("due_at"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// When the next item falls due, if any.
    public func nextWorkDue() async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db, sql: "SELECT min(due_at) FROM work_items")
        }
    }

    /// Items waiting, by kind (for `/metrics` and the dashboard).
    public func workWaiting() async throws -> [WorkKind: Int] {
        try await writer.read { db in
            var counts: [WorkKind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM work_items GROUP BY kind") {
                if let kind = WorkKind(rawValue: row["kind"]) { counts[kind] = row["n"] }
            }
            return counts
        }
    }

    /// Removes a finished (or abandoned) item.
    public func finishWork(id: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM work_items WHERE id = ?", arguments: [id])
        }
    }

    /// Records a failed try and when to try again.
    public func postponeWork(id: String, attempts: Int, due: Date, error: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE work_items SET attempts = ?, due_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                arguments: [attempts, due, String(error.prefix(500)), now, id])
        }
    }
}
