import Foundation
import GRDB

extension AppDatabase {
    /// Opens a backup file read-only and reads what the restore drill judges: its integrity check,
    /// applied migrations, recorded manifest and the rows each table holds now. Never writes to the
    /// file and never throws: a file that cannot be read says why in `unreadable`.
    public static func readBackupFacts(path: String) -> BackupFacts {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            return BackupFacts(unreadable: "there is no file at \(path)")
        }
        var facts = BackupFacts()
        facts.bytes = ((try? fileManager.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        var config = Configuration()
        config.readonly = true
        config.label = "backup-drill"
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            try queue.read { db in
                facts.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
                guard facts.integrity == ["ok"] else { return }
                if try db.tableExists("grdb_migrations") {
                    facts.appliedMigrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                }
                facts.manifest = try manifest(db)
                facts.counts = try rowCounts(db)
            }
        } catch let error as DatabaseError {
            // A damaged page often stops the read itself ("database disk image is malformed").
            facts.integrity = ["SQLite stopped reading it: \(error.message ?? "error \(error.resultCode.rawValue)")"]
        } catch {
            return BackupFacts(unreadable: "\(error)")
        }
        return facts
    }

    /// The counts recorded in the copy when it was taken; nil when it has none.
    static func manifest(_ db: Database) throws -> BackupManifest? {
        guard try db.tableExists(BackupManifestTables.counts) else { return nil }
        let rows = try Row.fetchAll(db, sql: "SELECT table_name, row_count FROM \(BackupManifestTables.counts) ORDER BY table_name")
        let counts = rows.map { TableCount(table: $0["table_name"] ?? "", rows: $0["row_count"] ?? -1) }
        var takenAt: Date?
        if try db.tableExists(BackupManifestTables.info),
           let text = try String.fetchOne(db, sql: "SELECT value FROM \(BackupManifestTables.info) WHERE key = 'taken_at'") {
            takenAt = ISO8601DateFormatter().date(from: text)
        }
        return BackupManifest(takenAt: takenAt, counts: counts)
    }
}
