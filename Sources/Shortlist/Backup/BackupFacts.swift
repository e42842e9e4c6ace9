import Foundation

/// One table and how many rows it holds.
public struct TableCount: Sendable, Equatable {
    public var table: String
    public var rows: Int

    public init(table: String, rows: Int) {
        self.table = table
        self.rows = rows
    }
}

/// A backup just written: where, how big, and the row counts of the live database in the
/// same snapshot as the copy (also stored inside the copy as its manifest).
public struct BackupCopy: Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var counts: [TableCount]
}

/// The row counts recorded inside a copy when it was taken (tables `backup_manifest` and
/// `backup_info`).
public struct BackupManifest: Sendable, Equatable {
    public var takenAt: Date?
    public var counts: [TableCount]
}

/// What the restore drill read from a backup file, opened read-only. The store gathers these;
/// `RestoreDrill.judge` decides what they mean.
public struct BackupFacts: Sendable, Equatable {
    /// Why the file could not be read at all (missing, not a database, damaged), if it could not.
    public var unreadable: String?
    public var bytes: Int64 = 0
    /// `PRAGMA integrity_check`'s lines (`["ok"]` for a sound file).
    public var integrity: [String] = []
    /// The migrations recorded as applied in the file.
    public var appliedMigrations: [String] = []
    /// The counts recorded when the copy was taken; nil when the file has none.
    public var manifest: BackupManifest?
    /// The rows of each table, counted now in the file.
    public var counts: [TableCount] = []

    public init(unreadable: String? = nil) {
        self.unreadable = unreadable
    }
}

/// The names of the copy's own bookkeeping tables: never counted as data.
public enum BackupManifestTables {
    public static let counts = "backup_manifest"
    public static let info = "backup_info"
    public static let all: Set<String> = [counts, info]
}
