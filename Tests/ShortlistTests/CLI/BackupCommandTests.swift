import Foundation
import Testing
@testable import Shortlist

@Suite("Command line: backup and the restore drill", .serialized)
struct BackupCommandTests {
    @Test("backup --verify passes a backup taken while the database is written to, and prints what it checked")
    func verifyPasses() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let database = try AppDatabase.openFile(path: folder.databasePath, busyTimeoutMS: 5_000)
        try database.migrate()
        try await database.writeJobs(10)
        let writer = Task {
            var written = 0
            while !Task.isCancelled {
                try await database.writeJobs(1, from: 100 + written)
                written += 1
            }
        }
        let target = folder.url.appendingPathComponent("copy.sqlite").path
        let backup = try binary.run(["backup", "--to", target, "--config", folder.configPath], in: folder.url)
        writer.cancel()
        _ = try? await writer.value
        try database.close()
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("backup written to \(target)"))

        let verify = try binary.run(["backup", "--verify", target], in: folder.url)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("integrity check: ok"))
        #expect(verify.stdout.contains("schema: current"))
        #expect(verify.stdout.contains("  jobs: "))
        #expect(verify.stdout.contains("the backup passed the restore drill: it can be restored"))
    }

    @Test("backup --verify exits 1 on a copy with a damaged page and names the damage")
    func verifyFailsOnDamage() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let database = try AppDatabase.openFile(path: folder.databasePath, busyTimeoutMS: 5_000)
        try database.migrate()
        try await database.writeJobs(40)
        let target = folder.url.appendingPathComponent("copy.sqlite").path
        _ = try await database.backup(to: target)
        try database.close()
        try BackupFolder.flipRootPage(of: "jobs", in: target)

        let verify = try binary.run(["backup", "--verify", target], in: folder.url)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("the backup FAILED the restore drill:"), "\(verify.stderr)")
        #expect(verify.stderr.contains("the integrity check failed"))
        #expect(!verify.stdout.contains("passed"))
    }

    @Test("backup needs exactly one of --to and --verify (exit 1), and a missing file fails the drill")
    func usage() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let neither = try binary.run(["backup", "--config", folder.configPath], in: folder.url)
        #expect(neither.status == 1)
        #expect(neither.stderr.contains("give exactly one of --to FILE"))
        let both = try binary.run(["backup", "--to", "a.sqlite", "--verify", "b.sqlite"], in: folder.url)
        #expect(both.status == 1)
        let missing = try binary.run(["backup", "--verify", "nothing-here.sqlite"], in: folder.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no file at nothing-here.sqlite"))
    }
}
