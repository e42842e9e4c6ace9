import Foundation
import GRDB
import Testing
@testable import Shortlist

@Suite("Restore drill")
struct RestoreDrillTests {
    static func drill(_ path: String) -> DrillReport {
        RestoreDrill.judge(AppDatabase.readBackupFacts(path: path), knownMigrations: AppDatabase.knownMigrations)
    }

    @Test("Backups taken while another task writes record the counts of their own snapshot and pass the drill")
    func backupsUnderWriteLoad() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(20)
        let writer = Task {
            var written = 0
            while !Task.isCancelled {
                try await database.writeJobs(1, from: 1_000 + written)
                written += 1
            }
            return written
        }
        var copies: [BackupCopy] = []
        for index in 0..<4 {
            try await Task.sleep(for: .milliseconds(30))
            copies.append(try await database.backup(to: folder.path("copy-\(index).sqlite")))
        }
        writer.cancel()
        _ = try? await writer.value
        let jobsRecorded = copies.map { copy in copy.counts.first { $0.table == "jobs" }?.rows ?? -1 }
        #expect(jobsRecorded.first ?? 0 >= 20)
        #expect((jobsRecorded.last ?? 0) > (jobsRecorded.first ?? 0), "the writes went on between the copies: \(jobsRecorded)")
        for copy in copies {
            let report = Self.drill(copy.path)
            #expect(report.ok, "\(report.faults)")
            #expect(report.lines.contains("integrity check: ok"))
            #expect(report.lines.contains { $0.hasPrefix("schema: current") })
            // Same snapshot: every job has its audit row, in the counts and in the file.
            let recorded = Dictionary(uniqueKeysWithValues: copy.counts.map { ($0.table, $0.rows) })
            #expect(recorded["jobs"] == recorded["audit_log"])
        }
        try database.close()
    }

    @Test("A copy with a damaged page past the header fails the drill and says the integrity check failed")
    func damagedPage() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(50)
        let copy = try await database.backup(to: folder.path("copy.sqlite"))
        #expect(Self.drill(copy.path).ok)
        try BackupFolder.flipRootPage(of: "jobs", in: copy.path)
        let report = Self.drill(copy.path)
        #expect(!report.ok)
        #expect(report.faults.first?.hasPrefix("the integrity check failed") == true, "\(report.faults)")
        try database.close()
    }

    @Test("A copy whose rows differ from the counts recorded at the copy fails and names the table")
    func countsDiffer() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(5)
        let copy = try await database.backup(to: folder.path("copy.sqlite"))
        try BackupFolder.tamper(copy.path, "DELETE FROM jobs WHERE rowid = (SELECT min(rowid) FROM jobs)")
        let report = Self.drill(copy.path)
        #expect(report.faults == ["table jobs has 4 rows, but had 5 when the copy was taken"])
        #expect(report.lines.contains("  jobs: 4 (differs)"))
        try BackupFolder.tamper(copy.path, "CREATE TABLE stray (x)")
        #expect(Self.drill(copy.path).faults.contains("table stray was not there when the copy was taken"))
        try database.close()
    }

    @Test("A copy of a database an older build migrated passes and says which migrations serve will apply; a newer one fails")
    func schemaVersions() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let known = AppDatabase.knownMigrations
        let last = try #require(known.last)
        let older = try AppDatabase.openFile(path: folder.path("older-live.sqlite"), busyTimeoutMS: 1_000)
        try older.migrator.migrate(older.writer, upTo: known[known.count - 2])
        let olderCopy = try await older.backup(to: folder.path("older.sqlite"))
        let olderReport = Self.drill(olderCopy.path)
        #expect(olderReport.ok, "\(olderReport.faults)")
        #expect(olderReport.lines.contains { $0.hasPrefix("schema: older than this build") && $0.hasSuffix("(\(last))") })
        try older.close()

        let newer = try folder.openDatabase()
        try await newer.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99_future')") }
        let newerCopy = try await newer.backup(to: folder.path("newer.sqlite"))
        let newerReport = Self.drill(newerCopy.path)
        #expect(newerReport.faults == [
            "the file was made by a newer Shortlist: it has migrations this build does not know (v99_future); restore it with that version",
        ])
        try newer.close()
    }

    @Test("A file with no recorded counts, a missing file and a file that is not a database all fail with a plain reason")
    func notOurBackups() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(3)
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [folder.path("vacuumed.sqlite")])
        }
        #expect(Self.drill(folder.path("vacuumed.sqlite")).faults.contains { $0.hasPrefix("no row counts were recorded") })
        #expect(Self.drill(folder.path("absent.sqlite")).faults == ["the file cannot be read as a database: there is no file at \(folder.path("absent.sqlite"))"])
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: folder.path("text.sqlite")))
        let text = Self.drill(folder.path("text.sqlite"))
        #expect(!text.ok)
        #expect(text.faults.count == 1)
        try database.close()
    }

    @Test("A backup of a database restored from a backup does not count the old manifest as data")
    func backupOfRestoredCopy() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let database = try folder.openDatabase()
        try await database.writeJobs(2)
        let first = try await database.backup(to: folder.path("first.sqlite"))
        try database.close()
        let restored = try AppDatabase.openFile(path: first.path, busyTimeoutMS: 1_000)
        try restored.migrate()
        let second = try await restored.backup(to: folder.path("second.sqlite"))
        #expect(!second.counts.contains { BackupManifestTables.all.contains($0.table) })
        #expect(Self.drill(second.path).ok)
        try restored.close()
    }
}
