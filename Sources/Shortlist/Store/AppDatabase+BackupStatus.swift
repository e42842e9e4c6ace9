import Foundation
import GRDB

extension AppDatabase {
    static let lastBackupKey = "backup.last"
    static let lastGoodBackupKey = "backup.last_good"

    /// Remembers a scheduled backup's outcome (and, when it passed, as the last good one).
    public func recordBackup(_ attempt: BackupAttempt) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let json = String(decoding: try encoder.encode(attempt), as: UTF8.self)
        try await writer.write { db in
            let sql = "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            try db.execute(sql: sql, arguments: [Self.lastBackupKey, json])
            if attempt.ok { try db.execute(sql: sql, arguments: [Self.lastGoodBackupKey, json]) }
        }
    }

    /// The last scheduled backup and the last good one, as recorded (a value that does not decode
    /// reads as none).
    public func backupStatus() async throws -> BackupStatus {
        let values = try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, value FROM app_meta WHERE key IN (?, ?)", arguments: [Self.lastBackupKey, Self.lastGoodBackupKey]
            ).map { (key: $0["key"] as String, value: $0["value"] as String) }
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        func attempt(_ key: String) -> BackupAttempt? {
            guard let value = values.first(where: { $0.key == key })?.value else { return nil }
            return try? decoder.decode(BackupAttempt.self, from: Data(value.utf8))
        }
        return BackupStatus(last: attempt(Self.lastBackupKey), lastGood: attempt(Self.lastGoodBackupKey))
    }
}
