import Foundation
import GRDB
@testable import Shortlist

/// A file database in a fresh temporary folder, and ways to damage a backup on purpose.
struct BackupFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func openDatabase(clock: any WallClock = SystemClock()) throws -> AppDatabase {
        let database = try AppDatabase.openFile(path: path("live.sqlite"), busyTimeoutMS: 5_000, clock: clock)
        try database.migrate()
        return database
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Inverts 16 bytes at the start of `table`'s root page (a b-tree page header, past the file
    /// header): what a bad disk sector does.
    static func flipRootPage(of table: String, in path: String) throws {
        let (pageSize, rootPage) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4_096,
             try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table]) ?? 2)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let offset = UInt64((rootPage - 1) * pageSize)
        try handle.seek(toOffset: offset)
        let original = try handle.read(upToCount: 16) ?? Data()
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(original.map { $0 ^ 0xFF }))
    }

    /// Changes a copy behind the drill's back (a writable open of the file).
    static func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }
}

extension AppDatabase {
    /// Writes `count` jobs, each with its audit row, one transaction each.
    func writeJobs(_ count: Int, from start: Int = 0) async throws {
        for index in start..<(start + count) {
            _ = try await createJob(JobSpec(validating: JobInput(company: "Acme", title: "Job \(index)")), by: .cli)
        }
    }
}
