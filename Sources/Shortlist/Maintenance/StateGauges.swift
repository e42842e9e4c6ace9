import Foundation
import Prometheus
import Synchronization

/// The gauges of `/metrics` that describe state rather than events (DESIGN §1): calls by status,
/// active calls, queue depth, recordings pending, background work waiting. The one place gauges are
/// refreshed: `/metrics` calls `refresh()` before it answers, and a refresh younger than `maxAge`
/// is reused, so scrapes from several collectors cost one read.
public final class StateGauges: Sendable {
    let database: AppDatabase
    let registry: PrometheusCollectorRegistry
    let clock: any WallClock
    let maxAge: TimeInterval
    private let last = Mutex<Date?>(nil)

    public init(database: AppDatabase, registry: PrometheusCollectorRegistry, clock: any WallClock, maxAge: TimeInterval = 10) {
        self.database = database
        self.registry = registry
        self.clock = clock
        self.maxAge = maxAge
    }

    /// Reads the counts and sets the gauges, unless they were set less than `maxAge` ago.
    public func refresh() async throws {
        let now = clock.now()
        let stale = last.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= maxAge || now < $0 }) ?? true else { return false }
            last = now
            return true
        }
        guard stale else { return }
        do {
            set(try await database.stateCounts(now: now))
        } catch {
            last.withLock { $0 = nil }
            throw error
        }
    }

    private func set(_ counts: StateCounts) {
        for status in CallStatus.allCases {
            registry.makeGauge(name: "shortlist_calls", labels: [("status", status.rawValue)])
                .set(Int64(counts.callsByStatus[status] ?? 0))
        }
        registry.makeGauge(name: "shortlist_calls_active").set(Int64(counts.activeCalls))
        registry.makeGauge(name: "shortlist_candidates_queued").set(Int64(counts.candidatesQueued))
        registry.makeGauge(name: "shortlist_candidates_due").set(Int64(counts.candidatesDue))
        registry.makeGauge(name: "shortlist_recordings_pending").set(Int64(counts.recordingsPending))
        for kind in WorkKind.allCases {
            registry.makeGauge(name: "shortlist_work_items", labels: [("kind", kind.rawValue)])
                .set(Int64(counts.workWaiting[kind] ?? 0))
        }
    }
}
