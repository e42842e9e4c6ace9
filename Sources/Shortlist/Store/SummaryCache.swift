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
/// the next write that could change them. Always correct: a value is served only while nothing
/// was committed since it was computed; a write from another process (the CLI) is not seen, and
/// none of those touch calls or candidates.
final class SummaryCache: Sendable {
    private let entries = Mutex<[String: (generation: UInt64, value: any Sendable)]>([:])

    func value<T: Sendable>(_ key: String, generation: UInt64) -> T? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.generation == generation else { return nil }
            return entry.value as? T
        }
    }

    func store(_ value: some Sendable, key: String, generation: UInt64) {
        entries.withLock { entries in
            if entries.count > 500 { entries.removeAll() }
            entries[key] = (generation, value)
        }
    }
}

extension AppDatabase {
    /// `compute`'s value, or the one computed since the last relevant commit. The generation is
    /// read before computing, so a commit during the computation makes the next call compute again.
    func summary<T: Sendable>(_ key: String, _ compute: () async throws -> T) async throws -> T {
        let generation = changes.generation
        if let cached: T = summaries.value(key, generation: generation) { return cached }
        let value = try await compute()
        summaries.store(value, key: key, generation: generation)
        return value
    }
}
