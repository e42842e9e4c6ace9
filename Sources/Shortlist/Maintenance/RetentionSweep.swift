import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// The daily sweep that applies `[retention]` (DESIGN §8): what it removes is counted in
/// `/metrics` (`shortlist_retention_removed_total{kind}`) and written as one audit row per sweep.
/// Today it removes rejected webhook deliveries older than `rejected_events_days`.
public struct RetentionSweep: Sendable {
    public struct Report: Equatable, Sendable {
        public var rejectedWebhooks = 0
        /// People erased after `inactive_candidates_days` without activity.
        public var inactiveCandidates = 0
    }

    let database: AppDatabase
    let retention: Config.Retention
    let clock: any WallClock
    /// Erases inactive candidates; nil leaves them (no erase service wired).
    let eraser: CandidateEraser?

    public init(database: AppDatabase, retention: Config.Retention, clock: any WallClock, eraser: CandidateEraser? = nil) {
        self.database = database
        self.retention = retention
        self.clock = clock
        self.eraser = eraser
    }

    public func run() async throws -> Report {
        var report = Report()
        if let cutoff = cutoff(days: retention.rejectedEventsDays) {
            report.rejectedWebhooks = try await database.deleteRejectedWebhooks(receivedBefore: cutoff)
        }
        Counter(label: "shortlist_retention_removed_total", dimensions: [("kind", "rejected_webhooks")])
            .increment(by: report.rejectedWebhooks)
        if let eraser, let cutoff = cutoff(days: retention.inactiveCandidatesDays) {
            report.inactiveCandidates = try await eraseInactive(before: cutoff, with: eraser)
        }
        Counter(label: "shortlist_retention_removed_total", dimensions: [("kind", "inactive_candidates")])
            .increment(by: report.inactiveCandidates)
        try await database.recordSweep([
            "rejected_webhooks": String(report.rejectedWebhooks), "inactive_candidates": String(report.inactiveCandidates),
        ])
        return report
    }

    /// Erases, in rounds of 100, everyone inactive since `cutoff`; a person whose call started
    /// meanwhile is left for the next sweep.
    private func eraseInactive(before cutoff: Date, with eraser: CandidateEraser) async throws -> Int {
        var erased = 0
        var skipped: Set<String> = []
        while true {
            let ids = try await database.inactiveCandidates(before: cutoff, limit: 100 + skipped.count).filter { !skipped.contains($0) }
            guard !ids.isEmpty else { return erased }
            for id in ids {
                do {
                    if try await !eraser.erase(candidateID: id, by: .system).alreadyErased { erased += 1 }
                } catch StoreError.conflict {
                    skipped.insert(id)
                }
            }
        }
    }

    /// Now less `days` days; nil when `days` is 0 (kept forever).
    private func cutoff(days: Int) -> Date? {
        guard days > 0 else { return nil }
        return clock.now().addingTimeInterval(-Double(days) * 86_400)
    }
}

/// Runs the sweep at start-up and then every `interval` (a day) until shutdown. A failed sweep is
/// logged and tried again at the next interval.
public struct RetentionService: Service {
    let sweep: RetentionSweep
    let interval: Duration
    let logger: Logger

    public init(sweep: RetentionSweep, interval: Duration = .seconds(86_400), logger: Logger) {
        self.sweep = sweep
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await sweep.run()
                    logger.info("retention sweep", metadata: ["rejected_webhooks": "\(report.rejectedWebhooks)"])
                } catch {
                    logger.error("retention sweep failed; trying again at the next one", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
