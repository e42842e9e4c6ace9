import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import Shortlist

@Suite("Scheduled backups")
struct BackupScheduleTests {
    static let start = Date(timeIntervalSince1970: 1_795_921_200)  // 2026-11-29T03:00:00Z

    static func schedule(_ database: AppDatabase, dir: String, clock: FixedClock, everyHours: Int = 24, keep: Int = 2) -> BackupSchedule {
        var settings = Config.Backup()
        settings.dir = dir
        settings.everyHours = everyHours
        settings.keep = keep
        var logger = Logger(label: "backup-test")
        logger.logLevel = .critical
        return BackupSchedule(database: database, settings: settings, clock: clock, logger: logger)
    }

    @Test("Backups follow every_hours on an injected clock, each drilled, pruned to keep, other files left alone")
    func scheduleAndPrune() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let clock = FixedClock(Self.start)
        let database = try folder.openDatabase(clock: clock)
        let dir = folder.path("backups")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for stranger in ["notes.txt", "shortlist-before-upgrade.sqlite", "shortlist-20200101-000000Z.sqlite.bak", "shortlist-20261101-000000Z.sqlite.partial"] {
            try Data("mine".utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent(stranger))
        }
        let schedule = Self.schedule(database, dir: dir, clock: clock)

        let first = try #require(try await schedule.runIfDue())
        #expect(first.ok && first.drillOK == true)
        #expect(first.file == "shortlist-20261129-030000Z.sqlite")
        clock.advance(by: 23 * 3_600)
        #expect(try await schedule.runIfDue() == nil)
        for _ in 0..<2 {
            clock.advance(by: 3_600 * 24)
            try await database.writeJobs(1)
            #expect(try await schedule.runIfDue()?.ok == true)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == [
            "notes.txt", "shortlist-20200101-000000Z.sqlite.bak", "shortlist-20261201-020000Z.sqlite",
            "shortlist-20261202-020000Z.sqlite", "shortlist-before-upgrade.sqlite",
        ])
        let status = try await database.backupStatus()
        #expect(status.last?.file == "shortlist-20261202-020000Z.sqlite")
        #expect(status.lastGood == status.last)
        #expect((status.last?.bytes ?? 0) > 0)
        try database.close()
    }

    @Test("The last backup survives a restart: a new schedule over the same file knows the next is a day later")
    func rememberedAcrossRestarts() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let clock = FixedClock(Self.start)
        let database = try folder.openDatabase(clock: clock)
        #expect(try await Self.schedule(database, dir: folder.path("b"), clock: clock).nextDue() == Self.start)
        try await Self.schedule(database, dir: folder.path("b"), clock: clock).run()
        try database.close()

        let reopened = try folder.openDatabase(clock: clock)
        clock.advance(by: 600)
        let schedule = Self.schedule(reopened, dir: folder.path("b"), clock: clock)
        #expect(try await schedule.nextDue() == Self.start.addingTimeInterval(86_400))
        #expect(try await schedule.runIfDue() == nil)
        #expect(try await Self.schedule(reopened, dir: folder.path("b"), clock: clock, everyHours: 0).nextDue() == nil)
        try reopened.close()
    }

    @Test("A failed backup keeps its reason, is tried again an hour later, and shows on /healthz and the admin's dashboard")
    func failureIsShown() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        // A file where the backup folder should be: the copy cannot be written.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: folder.path("blocked")))
        let dir = folder.path("blocked") + "/backups"
        let app = try await TestApp.make(clock: FixedClock(Self.start)) {
            $0.security.cookieSecure = false
            $0.backup.dir = dir
        }
        let schedule = Self.schedule(app.database, dir: dir, clock: app.clock)
        let failed = try #require(try await schedule.runIfDue())
        #expect(!failed.ok)
        #expect(failed.drillOK == nil)
        #expect(failed.reason?.hasPrefix("the copy could not be written") == true)
        #expect(try await schedule.nextDue() == Self.start.addingTimeInterval(3_600))

        try await app.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let body = String(buffer: health.body)
            #expect(body.contains(#""last_at":"2026-11-29T03:00:00Z","last_ok":false,"last_file":null"#), "\(body)")
            #expect(body.contains(#""drill":"not run","reason":"the copy could not be written: "#))
            #expect(!body.contains("NSCocoaErrorDomain"))
            #expect(body.contains(#""last_success_at":null,"overdue":true"#))

            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let html = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains(#"<p class="banner" role="alert">The last backup failed at 29 Nov 2026 03:00 UTC: the copy could not be written: "#))
            #expect(html.contains("/blocked/backups: Not a directory."))
            #expect(html.contains("No backup has passed its restore drill yet."))
            let recruiter = try await JobPagesTests.signedIn(app, client, role: .recruiter)
            let plain = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: recruiter.cookie]).body)
            #expect(!plain.contains("The last backup failed"))
        }
    }

    @Test("After a good backup /healthz and /metrics show its time, age and drill, and the dashboard shows no notice")
    func goodBackupShown() async throws {
        let folder = try BackupFolder()
        defer { folder.remove() }
        let app = try await TestApp.make(clock: FixedClock(Self.start)) {
            $0.security.cookieSecure = false
            $0.backup.dir = folder.path("backups")
        }
        let schedule = Self.schedule(app.database, dir: folder.path("backups"), clock: app.clock)
        let good = try #require(try await schedule.runIfDue())
        #expect(good.ok, "\(good.reason ?? "")")
        app.clock.advance(by: 90)
        try await app.test { client in
            let body = String(buffer: try await client.execute(uri: "/healthz", method: .get).body)
            #expect(body.contains(#""status":"ok","database":"ok""#))
            #expect(body.contains(#""last_ok":true,"last_file":"shortlist-20261129-030000Z.sqlite""#), "\(body)")
            #expect(body.contains(#""drill":"ok","reason":null,"last_success_at":"2026-11-29T03:00:00Z","overdue":false"#))

            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("shortlist_backup_last_success_timestamp_seconds 1795921200"), "\(metrics)")
            #expect(metrics.contains("shortlist_backup_last_success_age_seconds 90"))
            #expect(metrics.contains("shortlist_backup_last_drill_ok 1"))

            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let html = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(!html.contains("The last backup failed"))
        }
    }

    @Test("Only the schedule's own file names are pruned, oldest first")
    func pruneNames() {
        #expect(BackupFiles.name(for: Self.start) == "shortlist-20261129-030000Z.sqlite")
        #expect(BackupFiles.isScheduled("shortlist-20261129-030000Z.sqlite"))
        for name in ["shortlist-20261129-030000Z.sqlite.partial", "shortlist-2026112-030000Z.sqlite", "shortlist-20261129x030000Z.sqlite",
                     "other-20261129-030000Z.sqlite", "shortlist-2026112a-030000Z.sqlite", "shortlist-20261129-030000.sqlite"] {
            #expect(!BackupFiles.isScheduled(name), "\(name)")
        }
        let names = ["shortlist-20261203-030000Z.sqlite", "x.txt", "shortlist-20261201-030000Z.sqlite", "shortlist-20261202-030000Z.sqlite"]
        #expect(BackupFiles.toPrune(names, keep: 2) == ["shortlist-20261201-030000Z.sqlite"])
        #expect(BackupFiles.toPrune(names, keep: 5).isEmpty)
        #expect(BackupFiles.toPrune(names + ["shortlist-20261130-030000Z.sqlite.partial", "mine.sqlite.partial"], keep: 3)
            == ["shortlist-20261130-030000Z.sqlite.partial"])
    }
}
