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
    /// Writes a consistent copy of the live database to `path` with `VACUUM INTO` (a snapshot of
    /// one read transaction, so it is whole while the daemon keeps writing), then checks the copy.
    /// Never overwrites a file.
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.destinationExists(path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [path])
        }
        let report = try Self.integrityCheck(path: path)
        guard report == "ok" else { throw BackupError.integrityCheckFailed(report) }
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
}
