import Foundation
import Logging

/// Scheduled backups per `[backup]`: every `every_hours` a copy into `dir`, the restore drill on
/// it, then pruning to the newest `keep` of the schedule's own files. The outcome is recorded in
/// the database (for `/healthz`, `/metrics` and the dashboard) and a failure is logged as an error.
/// Tests call `runIfDue()` with a fixed clock.
public struct BackupSchedule: Sendable {
    let database: AppDatabase
    let settings: Config.Backup
    let clock: any WallClock
    let logger: Logger

    /// A failed backup is tried again after an hour (or the interval, when that is shorter).
    static let retryAfterFailure: TimeInterval = 3_600

    public init(database: AppDatabase, settings: Config.Backup, clock: any WallClock, logger: Logger) {
        self.database = database
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    var interval: TimeInterval { TimeInterval(settings.everyHours) * 3_600 }

    /// When the next backup is due: now when none was taken, nil when the schedule is off.
    public func nextDue() async throws -> Date? {
        guard settings.everyHours > 0 else { return nil }
        guard let last = try await database.backupStatus().last else { return clock.now() }
        return last.at.addingTimeInterval(last.ok ? interval : min(interval, Self.retryAfterFailure))
    }

    /// Takes a backup when one is due; returns it, or nil when none was due.
    @discardableResult
    public func runIfDue() async throws -> BackupAttempt? {
        guard let due = try await nextDue(), due <= clock.now() else { return nil }
        return await run()
    }

    /// Takes a backup now, drills it, prunes, and records the outcome. Never throws: a failure
    /// is the attempt's `reason`.
    @discardableResult
    public func run() async -> BackupAttempt {
        let attempt = await backupAndDrill()
        if attempt.ok {
            prune()
            logger.info("backup taken and drilled", metadata: ["file": "\(attempt.file ?? "")", "bytes": "\(attempt.bytes ?? 0)"])
        } else {
            logger.error("backup failed", metadata: ["file": "\(attempt.file ?? "")", "reason": "\(attempt.reason ?? "")"])
        }
        do {
            try await database.recordBackup(attempt)
        } catch {
            logger.error("backup outcome could not be recorded", metadata: ["error": "\(error)"])
        }
        return attempt
    }

    func backupAndDrill() async -> BackupAttempt {
        let now = clock.now()
        let name = BackupFiles.name(for: now)
        let path = URL(fileURLWithPath: settings.dir).appendingPathComponent(name).path
        let copy: BackupCopy
        do {
            copy = try await database.backup(to: path)
        } catch {
            return BackupAttempt(at: now, file: nil, bytes: nil, ok: false, drillOK: nil, reason: "the copy could not be written: \(PlainError.describe(error))")
        }
        let report = RestoreDrill.judge(AppDatabase.readBackupFacts(path: path), knownMigrations: AppDatabase.knownMigrations)
        guard report.ok else {
            // A copy that fails its drill cannot be restored: it must not push a good one out.
            try? FileManager.default.removeItem(atPath: path)
            return BackupAttempt(
                at: now, file: name, bytes: copy.bytes, ok: false, drillOK: false,
                reason: "the restore drill failed (the copy was deleted): \(report.faults.joined(separator: "; "))")
        }
        return BackupAttempt(at: now, file: name, bytes: copy.bytes, ok: true, drillOK: true, reason: nil)
    }

    /// Deletes the schedule's own files beyond the newest `keep`; other files are left alone.
    func prune() {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: settings.dir) else { return }
        for name in BackupFiles.toPrune(names, keep: settings.keep) {
            do {
                try fileManager.removeItem(atPath: URL(fileURLWithPath: settings.dir).appendingPathComponent(name).path)
            } catch {
                logger.error("old backup could not be deleted", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
    }
}
