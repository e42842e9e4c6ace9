import Foundation
import GRDB
import Testing
@testable import Shortlist

@Suite("Checkpoint beside Litestream")
struct CheckpointTests {
    @Test("The shutdown checkpoint neither waits for a reader that holds the WAL (as Litestream does) nor truncates it")
    func passiveCheckpoint() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(20)
        // Another process's long read transaction, like Litestream's lock on the WAL.
        let reader = try DatabaseQueue(path: folder.path("live.sqlite"))
        let walPath = folder.path("live.sqlite") + "-wal"
        func walBytes() -> Int { ((try? FileManager.default.attributesOfItem(atPath: walPath))?[.size] as? NSNumber)?.intValue ?? 0 }
        let (before, elapsed) = try reader.inDatabase { db -> (Int, Duration) in
            try db.beginTransaction(.deferred)
            defer { try? db.rollback() }
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs")
            try database.writer.write { writable in
                try writable.execute(sql: "INSERT INTO app_meta (key, value) VALUES ('checkpoint_test', 'after the reader began')")
            }
            let before = walBytes()
            let started = ContinuousClock.now
            try database.checkpoint()
            return (before, ContinuousClock.now - started)
        }
        // TRUNCATE (or RESTART) would wait out the 5 s busy timeout for the reader, and reset the WAL.
        #expect(elapsed < .seconds(2))
        #expect(before > 0)
        #expect(walBytes() >= before)
        try reader.close()
        try database.close()
    }
}
