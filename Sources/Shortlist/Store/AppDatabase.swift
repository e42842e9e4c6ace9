import Foundation
import GRDB
import Synchronization

/// The one door to the SQLite store. Every read and write is a named method here (or in an
/// `AppDatabase+…` file); each write is one transaction that keeps its invariant and writes its
/// audit row. Tests open an in-memory database through the same migrations.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    let clock: any WallClock
    let ids: any IDGenerator
    let caches = StoreCaches()
    let changes = ChangeCounter()
    let summaries = SummaryCache()

    init(writer: any DatabaseWriter, clock: any WallClock, ids: any IDGenerator) {
        self.writer = writer
        self.clock = clock
        self.ids = ids
        writer.add(transactionObserver: changes, extent: .databaseLifetime)
    }

    /// Opens (or creates) the database file in WAL mode with foreign keys on. Does not migrate.
    public static func openFile(
        path: String, busyTimeoutMS: Int, clock: any WallClock = SystemClock(), ids: any IDGenerator = RandomIDGenerator()
    ) throws -> AppDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration(busyTimeoutMS: busyTimeoutMS))
        return AppDatabase(writer: pool, clock: clock, ids: ids)
    }

    /// A fresh, migrated in-memory database: what every test starts from.
    public static func inMemory(
        clock: any WallClock = SystemClock(), ids: any IDGenerator = RandomIDGenerator()
    ) throws -> AppDatabase {
        let queue = try DatabaseQueue(configuration: configuration(busyTimeoutMS: 0))
        let database = AppDatabase(writer: queue, clock: clock, ids: ids)
        try database.migrate()
        return database
    }

    static func configuration(busyTimeoutMS: Int) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(Double(busyTimeoutMS) / 1000)
        config.label = "shortlist"
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Deleted and overwritten content is zeroed, not left in free space: an erased
                // person's old row versions must not survive in the file (DESIGN §8, ARCHITECTURE.md).
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
        }
        return config
    }

    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        Migrations.register(in: &migrator)
        return migrator
    }

    /// Applies pending migrations; returns the names it applied. Refuses a database that a newer
    /// Shortlist has migrated past what this binary knows.
    @discardableResult
    public func migrate() throws -> [String] {
        let migrator = self.migrator
        let pending = try writer.read { db -> [String] in
            if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema }
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.filter { !applied.contains($0) }
        }
        try migrator.migrate(writer)
        return pending
    }

    /// The journal mode SQLite reports (`wal` for a file database).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Writes a row to prove the database takes writes (for `/healthz`).
    public func checkWritable() async throws {
        let now = clock.now()
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO app_meta (key, value) VALUES ('last_health_check', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [now.timeIntervalSince1970.description])
        }
    }

    /// Folds what it can of the WAL into the main file (on shutdown) without waiting for readers and
    /// without resetting or truncating the WAL: PASSIVE, never TRUNCATE or RESTART, because a
    /// Litestream beside the daemon holds a read lock and owns WAL resets (systemd/README.md); the
    /// WAL file stays, and SQLite reads it on the next open.
    /// Returns the WAL's frames and how many of them are now in the database file (all of them
    /// unless a reader such as Litestream still uses the older ones).
    @discardableResult
    public func checkpoint() throws -> (walFrames: Int, checkpointedFrames: Int) {
        try writer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return (row?[1] ?? 0, row?[2] ?? 0)
        }
    }

    /// Closes the connections; the value must not be used afterwards.
    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}

/// Failures the store reports as data; the web layer maps them to HTTP in one place.
public enum StoreError: Error, Equatable, Sendable {
    /// `entity` (e.g. "campaign") with `id` does not exist.
    case notFound(entity: String, id: String)
    /// The request clashes with the current state (e.g. editing an archived campaign).
    case conflict(String)
    /// A unique value is already taken; `field` names it.
    case duplicate(field: String, message: String)
    /// The database was migrated by a newer version of Shortlist.
    case newerSchema
    /// The campaign cannot call before its Retell agent is created.
    case noAgent(campaignID: String)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let entity, let id): "\(entity) \(id) not found"
        case .conflict(let message): message
        case .duplicate(_, let message): message
        case .newerSchema: "the database was migrated by a newer version of Shortlist; use that version or restore a backup"
        case .noAgent: "campaign has no Retell agent yet: create its agent first"
        }
    }
}

/// Parsed data that is read on hot paths and changes rarely, keyed so a change is never missed.
final class StoreCaches: Sendable {
    private let campaignTargets = Mutex<[String: (version: Date, targets: [TargetSpec])]>([:])

    func targets(campaignID: String, version: Date) -> [TargetSpec]? {
        campaignTargets.withLock { cache in
            guard let entry = cache[campaignID], entry.version == version else { return nil }
            return entry.targets
        }
    }

    func forget(campaignID: String) {
        _ = campaignTargets.withLock { $0.removeValue(forKey: campaignID) }
    }

    func remember(_ targets: [TargetSpec], campaignID: String, version: Date) {
        campaignTargets.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[campaignID] = (version, targets)
        }
    }
}
