import Foundation
import Logging
import Retell
import ServiceLifecycle

/// Heals what webhooks did not tell us (DESIGN §3): a call quiet for 3 minutes is fetched with
/// get-call and applied as if it were a webhook, then looked at every 2 minutes until it ends; a
/// call Retell never confirmed (`unknown`, or `dialing` past the create timeout) is looked up with
/// list-calls by our id — found: linked and applied; not found after 5 minutes: released without
/// spending the attempt. Failures are logged and tried again on the next tick.
public struct Reconciler: Sendable {
    /// What one tick did, for logs and tests.
    public struct Report: Sendable, Equatable {
        public var refreshed = 0
        public var linked = 0
        public var released = 0
        public var failures = 0
    }

    let database: AppDatabase
    let retell: any RetellClient
    let clock: any WallClock
    let logger: Logger
    let onApplied: @Sendable (AppliedCall) -> Void
    /// Whether a call found with a recording URL queues its download (as a webhook would).
    let recordings: RecordingPolicy
    /// An unconfirmed call not found at Retell this long after its creation is released.
    let releaseAfter: TimeInterval = 300
    let timing = ReconcileTiming()

    public init(
        database: AppDatabase, retell: any RetellClient, clock: any WallClock, logger: Logger,
        recordings: RecordingPolicy = .off, onApplied: @escaping @Sendable (AppliedCall) -> Void = { _ in }
    ) {
        self.recordings = recordings
        self.database = database
        self.retell = retell
        self.clock = clock
        self.logger = logger
        self.onApplied = onApplied
    }

    public func tick() async -> Report {
        var report = Report()
        let work: ReconcileWork
        do {
            work = try await database.reconcileWork(now: clock.now(), timing: timing)
        } catch {
            logger.error("reconciler could not read calls", metadata: ["error": "\(error)"])
            report.failures += 1
            return report
        }
        for call in work.quiet { await refresh(call, report: &report) }
        for call in work.unconfirmed { await confirm(call, report: &report) }
        return report
    }

    private func refresh(_ row: RetellCallRecord, report: inout Report) async {
        guard let retellCallID = row.retellCallID else { return }
        do {
            let call = try await retell.getCall(id: retellCallID)
            if try await apply(call, to: row) { report.refreshed += 1 }
        } catch {
            report.failures += 1
            logger.warning("reconciler: get-call failed", metadata: ["call": "\(row.id)", "error": "\(error)"])
            try? await database.markChecked(callID: row.id)
        }
    }

    private func confirm(_ row: RetellCallRecord, report: inout Report) async {
        do {
            let filter = ListCallsFilter(
                agent: [AgentFilter(agentID: row.retellAgentID)],
                metadata: [MetadataFilter(key: "shortlist_call_id", equals: row.id)])
            let found = try await retell.listCalls(ListCallsRequest(filterCriteria: filter, limit: 10)).items
                .first { $0.metadata?["shortlist_call_id"]?.stringValue == row.id }
            if let found {
                if try await apply(found, to: row) { report.linked += 1 }
            } else if clock.now().timeIntervalSince(row.createdAt) >= releaseAfter {
                if let applied = try await database.releaseUnplacedCall(
                    callID: row.id, reason: "Retell has no record of this call; the attempt was given back") {
                    report.released += 1
                    onApplied(applied)
                }
            } else {
                try await database.markChecked(callID: row.id)
            }
        } catch {
            report.failures += 1
            logger.warning("reconciler: list-calls failed", metadata: ["call": "\(row.id)", "error": "\(error)"])
        }
    }

    private func apply(_ call: Call, to row: RetellCallRecord) async throws -> Bool {
        let now = clock.now()
        guard let applied = try await database.applyReconciled(callID: row.id, retellCallID: call.callID, update: { [recordings] context in
            var changes = CallUpdate.changes(context, event: nil, call: call, now: now)
            changes.fetchRecording = recordings.wants(call)
            return changes
        }) else { return false }
        onApplied(applied)
        return true
    }
}

/// Runs the reconciler every `interval` (a minute) until shutdown.
public struct ReconcilerService: Service {
    let reconciler: Reconciler
    let interval: Duration

    public init(reconciler: Reconciler, interval: Duration = .seconds(60)) {
        self.reconciler = reconciler
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let report = await reconciler.tick()
                if report != Reconciler.Report() {
                    reconciler.logger.info("reconciled", metadata: [
                        "refreshed": "\(report.refreshed)", "linked": "\(report.linked)",
                        "released": "\(report.released)", "failures": "\(report.failures)",
                    ])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
