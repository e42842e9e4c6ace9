import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// The daily sweep that applies `[retention]` (DESIGN §8): what it removes is counted in
/// `/metrics` (`shortlist_retention_removed_total{kind}`) and written as one audit row per sweep.
/// Each kind of data is one step: one `Report` field, one `kind` of the counter, one key of the
/// audit detail (`Report.removed`). Steps delete or blank in batches (`AppDatabase.retentionBatch`).
public struct RetentionSweep: Sendable {
    public struct Report: Equatable, Sendable {
        public var rejectedWebhooks = 0
        /// Signed webhook bodies reduced to their metadata (`raw_events_days`).
        public var rawWebhookBodies = 0
        /// Transcripts removed from analyses and from bodies stored whole (`transcripts_days`).
        public var transcripts = 0
        /// Stored recordings deleted after `recordings_days` (by when they were stored).
        public var recordings = 0
        /// People erased after `inactive_candidates_days` without activity.
        public var inactiveCandidates = 0

        /// By kind, as counted in `/metrics` and written in the sweep's audit row.
        public var removed: [(kind: String, count: Int)] {
            [("rejected_webhooks", rejectedWebhooks), ("raw_webhook_bodies", rawWebhookBodies), ("transcripts", transcripts),
             ("recordings", recordings), ("inactive_candidates", inactiveCandidates)]
        }
    }

    let database: AppDatabase
    let retention: Config.Retention
    let clock: any WallClock
    let metrics: any MetricsFactory
    /// The recordings folder; nil leaves recordings alone.
    let recordings: RecordingStore?
    /// Erases inactive candidates; nil leaves them (no erase service wired).
    let eraser: CandidateEraser?

    /// - Parameter metrics: where `shortlist_retention_removed_total` is counted (tests pass their own).
    public init(
        database: AppDatabase, retention: Config.Retention, clock: any WallClock, recordings: RecordingStore? = nil,
        eraser: CandidateEraser? = nil, metrics: (any MetricsFactory)? = nil
    ) {
        self.database = database
        self.retention = retention
        self.clock = clock
        self.recordings = recordings
        self.eraser = eraser
        self.metrics = metrics ?? MetricsSystem.factory
    }

    public func run() async throws -> Report {
        var report = Report()
        if let cutoff = cutoff(days: retention.rejectedEventsDays) {
            report.rejectedWebhooks = try await database.deleteRejectedWebhooks(receivedBefore: cutoff)
        }
        if let cutoff = cutoff(days: retention.rawEventsDays) {
            report.rawWebhookBodies = try await database.reduceWebhookBodies(receivedBefore: cutoff)
        }
        if let cutoff = cutoff(days: retention.transcriptsDays) {
            report.transcripts = try await database.removeTranscripts(before: cutoff)
        }
        if let store = recordings, let cutoff = cutoff(days: retention.recordingsDays) {
            report.recordings = try await deleteRecordings(storedBefore: cutoff, from: store)
        }
        if let eraser, let cutoff = cutoff(days: retention.inactiveCandidatesDays) {
            report.inactiveCandidates = try await eraseInactive(before: cutoff, with: eraser)
        }
        var detail: [String: String] = [:]
        for (kind, count) in report.removed {
            Counter(label: "shortlist_retention_removed_total", dimensions: [("kind", kind)], factory: metrics).increment(by: count)
            detail[kind] = String(count)
        }
        try await database.recordSweep(detail)
        return report
    }

    /// Removes each old recording's file (one already gone counts too) and marks its row deleted.
    private func deleteRecordings(storedBefore cutoff: Date, from store: RecordingStore) async throws -> Int {
        var removed = 0
        while true {
            let batch = try await database.recordingsStored(before: cutoff, limit: 200)
            if batch.isEmpty { return removed }
            for recording in batch {
                try store.delete(callID: recording.callID)
                try await database.markRecordingDeleted(callID: recording.callID)
                removed += 1
            }
        }
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
                    var metadata: Logger.Metadata = [:]
                    for (kind, count) in report.removed { metadata[kind] = "\(count)" }
                    logger.info("retention sweep", metadata: metadata)
                } catch {
                    logger.error("retention sweep failed; trying again at the next one", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
