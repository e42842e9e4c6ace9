import Foundation
import GRDB

public enum BackupError: Error, Equatable, Sendable, CustomStringConvertible {
    case destinationExists(String)
    case integrityCheckFailed(String)

    public var description: String {
        switch self {
        case .destinationExists(let path): "\(path) already exists; choose a new file name"
        case .integrityCheckFailed(let report): "the backup failed its integrity check: \(report)"
        }
    }
}

extension AppDatabase {
    /// Writes a consistent copy of the live database to `path` and returns what it holds. Inside one
    /// read transaction (one snapshot, while the daemon keeps writing) it counts every table's rows
    /// and copies the pages with SQLite's backup API; the counts go into the copy as its manifest
    /// (`backup_manifest`, `backup_info`) for the restore drill to compare. The copy is written
    /// beside `path` as `<path>.partial`, switched to a rollback journal (one self-contained file),
    /// checked, then renamed into place. Never overwrites a file.
    @discardableResult
    public func backup(to path: String) async throws -> BackupCopy {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path) else { throw BackupError.destinationExists(path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = path + ".partial"
        try? fileManager.removeItem(atPath: partial)
        defer { try? fileManager.removeItem(atPath: partial) }

        let takenAt = clock.now()
        let counts = try await writer.read { db -> [TableCount] in
            let counts = try Self.rowCounts(db)
            let copy = try DatabaseQueue(path: partial)
            defer { try? copy.close() }
            try copy.writeWithoutTransaction { copyDB in
                try db.backup(to: copyDB)
            }
            return counts
        }
        try Self.writeManifest(counts, takenAt: takenAt, into: partial)
        let report = try Self.integrityCheck(path: partial)
        guard report == "ok" else { throw BackupError.integrityCheckFailed(report) }
        try fileManager.moveItem(atPath: partial, toPath: path)
        let bytes = ((try? fileManager.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        return BackupCopy(path: path, bytes: bytes, counts: counts)
    }

    /// Every table's row count (SQLite's own tables and a restored copy's manifest left out).
    static func rowCounts(_ db: Database) throws -> [TableCount] {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """).filter { !BackupManifestTables.all.contains($0) }
        return try tables.map { table in
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return TableCount(table: table, rows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted)") ?? 0)
        }
    }

    /// Records the counts in the copy and makes it a single file (rollback journal, not WAL).
    static func writeManifest(_ counts: [TableCount], takenAt: Date, into path: String) throws {
        let copy = try DatabaseQueue(path: path)
        defer { try? copy.close() }
        try copy.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.inTransaction {
                try db.execute(sql: "DROP TABLE IF EXISTS \(BackupManifestTables.counts)")
                try db.execute(sql: "DROP TABLE IF EXISTS \(BackupManifestTables.info)")
                try db.execute(sql: "CREATE TABLE \(BackupManifestTables.counts) (table_name TEXT PRIMARY KEY NOT NULL, row_count INTEGER NOT NULL)")
                try db.execute(sql: "CREATE TABLE \(BackupManifestTables.info) (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
                for count in counts {
                    try db.execute(
                        sql: "INSERT INTO \(BackupManifestTables.counts) (table_name, row_count) VALUES (?, ?)",
                        arguments: [count.table, count.rows])
                }
                try db.execute(
                    sql: "INSERT INTO \(BackupManifestTables.info) (key, value) VALUES ('taken_at', ?), ('shortlist_version', ?)",
                    arguments: [Timestamp.iso8601(takenAt), ShortlistVersion.current])
                return .commit
            }
        }
    }

    /// `PRAGMA integrity_check` of a database file, opened read-only.
    public static func integrityCheck(path: String) throws -> String {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }

    /// The migrations this build knows, in order.
    public static var knownMigrations: [String] { Migrations.all.map(\.name) }
}
