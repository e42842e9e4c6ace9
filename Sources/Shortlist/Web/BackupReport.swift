import Foundation
import Prometheus

/// The last scheduled backup and restore drill as the daemon shows them: a `backup` object on
/// `/healthz`, gauges on `/metrics`, and a notice for admins on the dashboard when it failed.
/// Read from the database on each request (one small read), so a restart loses nothing.
struct BackupReport: Sendable {
    let database: AppDatabase
    let settings: Config.Backup
    let clock: any WallClock
    let registry: PrometheusCollectorRegistry

    /// A backup is overdue when the schedule is on, one was tried, and none passed within
    /// `every_hours` and an hour's grace.
    func isOverdue(_ status: BackupStatus, now: Date) -> Bool {
        guard settings.everyHours > 0, status.last != nil else { return false }
        guard let good = status.lastGood else { return true }
        return now.timeIntervalSince(good.at) > TimeInterval(settings.everyHours) * 3_600 + 3_600
    }

    func healthJSON() async -> JSONValue {
        let status: BackupStatus
        do {
            status = try await database.backupStatus()
        } catch {
            return .object([("error", .string("the last backup could not be read"))])
        }
        let last = status.last
        func time(_ date: Date?) -> JSONValue { date.map { .string(Timestamp.iso8601($0)) } ?? .null }
        return .object([
            ("every_hours", .int(settings.everyHours)),
            ("last_at", time(last?.at)),
            ("last_ok", last.map { .bool($0.ok) } ?? .null),
            ("last_file", last?.file.map { .string($0) } ?? .null),
            ("last_bytes", last?.bytes.map { .int(Int($0)) } ?? .null),
            ("drill", last.map { $0.drillOK.map { .string($0 ? "ok" : "failed") } ?? .string("not run") } ?? .null),
            ("reason", last?.reason.map { .string($0) } ?? .null),
            ("last_success_at", time(status.lastGood?.at)),
            ("overdue", .bool(isOverdue(status, now: clock.now()))),
        ])
    }

    /// Sets the backup gauges from the recorded outcome, just before `/metrics` is written.
    func refreshMetrics() async {
        guard let status = try? await database.backupStatus() else { return }
        if let good = status.lastGood {
            gauge("shortlist_backup_last_success_timestamp_seconds", "When the last backup that passed its restore drill was taken (Unix time).")
                .set(to: good.at.timeIntervalSince1970)
            gauge("shortlist_backup_last_success_age_seconds", "Seconds since the last backup that passed its restore drill.")
                .set(to: max(0, clock.now().timeIntervalSince(good.at)))
        }
        if let last = status.last {
            gauge("shortlist_backup_last_drill_ok", "1 when the last scheduled backup passed its restore drill, else 0.")
                .set(to: last.drillOK == true ? 1 : 0)
        }
    }

    private func gauge(_ name: String, _ help: String) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
    }

    /// The dashboard's notice for admins, when the last backup failed.
    func notice() async -> String? {
        (try? await database.backupStatus())?.failureNotice
    }
}
