import Foundation
import GRDB
import Synchronization

/// Counts committed transactions that changed anything the pages' summaries are made of (calls,
/// analyses, candidates, campaigns, batches, jobs, the DNC list). Registered on the writer, so
/// every write through this process counts, whatever method made it.
final class ChangeCounter: TransactionObserver, Sendable {
    static let tables: Set<String> = [
        "retell_calls", "retell_call_analysis", "campaign_candidates", "candidates", "campaigns", "jobs",
        "retell_batch_calls", "dnc_numbers", "campaign_retell_agents", "campaign_targets", "campaign_questions",
    ]
    private let state = Mutex<(generation: UInt64, changed: Bool)>((0, false))

    var generation: UInt64 { state.withLock { $0.generation } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { Self.tables.contains(eventKind.tableName) }

    func databaseDidChange(with event: DatabaseEvent) {
        state.withLock { $0.changed = true }
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            if state.changed { state.generation &+= 1 }
            state.changed = false
        }
    }

    func databaseDidRollback(_ db: Database) {
        state.withLock { $0.changed = false }
    }
}

/// Summaries over a whole campaign (the report, the dry run, the dashboard's counts) kept until
/// the next write that could change them. A value is fresh while nothing was committed since it
/// was computed. A summary may also allow staleness (the report's figures): then a value younger
/// than that is served at once after a change while one task computes the new one in the
/// background. Writes from another process (the CLI) are not seen; none of those touch calls or
/// candidates.
final class SummaryCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var computedAt: ContinuousClock.Instant
        var value: any Sendable
    }

    enum Lookup<T> {
        case fresh(T)
        /// Older than the last change but within the allowed staleness; `refresh` is true for the
        /// one caller that should compute the new value.
        case stale(T, refresh: Bool)
        case missing
    }

    private let entries = Mutex<(values: [String: Entry], refreshing: Set<String>)>(([:], []))
    private let now: @Sendable () -> ContinuousClock.Instant

    init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    func lookup<T: Sendable>(_ key: String, generation: UInt64, staleFor: Duration?) -> Lookup<T> {
        let instant = now()
        return entries.withLock { state in
            guard let entry = state.values[key], let value = entry.value as? T else { return .missing }
            if entry.generation == generation { return .fresh(value) }
            guard let staleFor, instant - entry.computedAt < staleFor else { return .missing }
            let refresh = state.refreshing.insert(key).inserted
            return .stale(value, refresh: refresh)
        }
    }

    func store(_ value: some Sendable, key: String, generation: UInt64, computedAt: ContinuousClock.Instant) {
        entries.withLock { state in
            if state.values.count > 500 { state.values.removeAll() }
            state.values[key] = Entry(generation: generation, computedAt: computedAt, value: value)
        }
    }

    func refreshed(_ key: String) {
        _ = entries.withLock { $0.refreshing.remove(key) }
    }

    var instant: ContinuousClock.Instant { now() }
}

extension AppDatabase {
    /// `compute`'s value, or the one computed since the last relevant commit (or, with `staleFor`,
    /// one younger than that while a fresh one is computed in the background). The generation is
    /// read before computing, so a commit during the computation makes the next call compute again.
    func summary<T: Sendable>(
        _ key: String, staleFor: Duration? = nil, _ compute: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let generation = changes.generation
        let lookup: SummaryCache.Lookup<T> = summaries.lookup(key, generation: generation, staleFor: staleFor)
        switch lookup {
        case .fresh(let value):
            return value
        case .stale(let value, let refresh):
            if refresh {
                let (changes, summaries) = (changes, summaries)
                Task {
                    defer { summaries.refreshed(key) }
                    let generation = changes.generation, started = summaries.instant
                    if let fresh = try? await compute() {
                        summaries.store(fresh, key: key, generation: generation, computedAt: started)
                    }
                }
            }
            return value
        case .missing:
            let started = summaries.instant
            let value = try await compute()
            summaries.store(value, key: key, generation: generation, computedAt: started)
            return value
        }
    }
}
