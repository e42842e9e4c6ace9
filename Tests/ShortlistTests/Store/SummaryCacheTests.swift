import Foundation
import GRDB
import Synchronization
import Testing
@testable import Shortlist

@Suite("Summary cache")
struct SummaryCacheTests {
    static func campaign(_ database: AppDatabase) async throws -> String {
        let job = try await database.createJob(try JobSpec(validating: JobInput(company: "Acme", title: "Driver")), by: .cli)
        let defaults = CampaignDefaults(
            fromNumber: "+14155550100", defaultCountry: "US",
            calling: CallingSettings(
                timezone: "America/Chicago", window: try CallingWindow(parsing: "09:00-18:00"), days: [.mon],
                maxAttempts: 3, retryAfterMinutes: 120))
        let id = try await database.createCampaign(
            try CampaignSpec(validating: CampaignInput(name: "Spring", jobID: job.id), defaults: defaults), by: .cli).campaign.id
        let plan = try CandidateImport.plan(csv: try CSVParser.parse("full_name,phone\nAna,+15125550134\nBo,+15125550135\n"), defaultCountry: "US")
        _ = try await database.importCandidates(plan.drafts, into: id, by: .cli, format: "csv")
        return id
    }

    @Test("A committed write, by any path, makes the next report compute again; a rolled-back one does not")
    func invalidation() async throws {
        let database = try AppDatabase.inMemory(clock: FixedClock(Date(timeIntervalSince1970: 1_795_000_000)), ids: SequentialIDGenerator())
        let id = try await Self.campaign(database)
        #expect(try await database.report(campaignID: id).qualified == 0)
        let generation = database.changes.generation
        #expect(try await database.dashboardQualified(id) == 0)

        // A raw write through the writer, as no store method does it: still seen.
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE campaign_candidates SET status = 'completed', outcome = 'qualified', qualified = 1 WHERE seq = 1")
        }
        #expect(database.changes.generation == generation + 1)
        #expect(try await database.report(campaignID: id).qualified == 1)
        #expect(try await database.dashboardQualified(id) == 1)
        #expect(try await database.outcomeCounts(campaignID: id)["qualified"] == 1)

        struct Abandon: Error {}
        await #expect(throws: Abandon.self) {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE campaign_candidates SET qualified = 1 WHERE seq = 2")
                throw Abandon()
            }
        }
        #expect(database.changes.generation == generation + 1)
        #expect(try await database.report(campaignID: id).qualified == 1)

        // Writes to tables no summary reads (sessions, users) keep the cache.
        _ = try await database.createUser(email: "a@b.example", name: "", role: .viewer, passwordHash: "x", by: .cli)
        #expect(database.changes.generation == generation + 1)
    }
}

extension AppDatabase {
    func dashboardQualified(_ id: String) async throws -> Int? {
        try await campaignCounts(limit: 10).first { $0.id == id }?.qualified
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("The fast ISO 8601 text is what Foundation's formatter prints, fractions dropped")
    func matchesFoundation() {
        for seconds in [0.0, 1_795_000_000, 1_795_000_000.999, 951_782_400, 4_102_444_799, 1_709_164_800.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == date.formatted(.iso8601), "\(seconds)")
        }
    }
}

@Suite("Summary cache staleness")
struct SummaryStalenessTests {
    final class Ticks: Sendable {
        let value = Mutex(ContinuousClock.now)
        func advance(_ duration: Duration) { value.withLock { $0 += duration } }
    }

    @Test("After a change a value within the allowed age is served stale, one caller refreshes it; older ones are missing")
    func lookup() {
        let ticks = Ticks()
        let cache = SummaryCache(now: { ticks.value.withLock { $0 } })
        cache.store(41, key: "k", generation: 1, computedAt: cache.instant)
        let fresh: SummaryCache.Lookup<Int> = cache.lookup("k", generation: 1, staleFor: nil)
        guard case .fresh(41) = fresh else { Issue.record("expected fresh, got \(fresh)"); return }
        let strict: SummaryCache.Lookup<Int> = cache.lookup("k", generation: 2, staleFor: nil)
        guard case .missing = strict else { Issue.record("expected missing, got \(strict)"); return }
        ticks.advance(.seconds(3))
        let first: SummaryCache.Lookup<Int> = cache.lookup("k", generation: 2, staleFor: .seconds(10))
        guard case .stale(41, refresh: true) = first else { Issue.record("expected a stale value to refresh, got \(first)"); return }
        let second: SummaryCache.Lookup<Int> = cache.lookup("k", generation: 2, staleFor: .seconds(10))
        guard case .stale(41, refresh: false) = second else { Issue.record("one refresh at a time, got \(second)"); return }
        cache.refreshed("k")
        ticks.advance(.seconds(8))
        let old: SummaryCache.Lookup<Int> = cache.lookup("k", generation: 2, staleFor: .seconds(10))
        guard case .missing = old else { Issue.record("older than allowed, got \(old)"); return }
    }

    @Test("The report page's staleness shows the last report at once after a change and the new one soon after; the API's report is always fresh")
    func report() async throws {
        let database = try AppDatabase.inMemory(clock: FixedClock(Date(timeIntervalSince1970: 1_795_000_000)), ids: SequentialIDGenerator())
        let id = try await SummaryCacheTests.campaign(database)
        #expect(try await database.report(campaignID: id, staleFor: .seconds(60)).qualified == 0)
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE campaign_candidates SET status = 'completed', outcome = 'qualified', qualified = 1 WHERE seq = 1")
        }
        #expect(try await database.report(campaignID: id).qualified == 1)
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE campaign_candidates SET status = 'completed', outcome = 'qualified', qualified = 1 WHERE seq = 2")
        }
        #expect(try await database.report(campaignID: id, staleFor: .seconds(60)).qualified == 1)
        var seen = 1
        for _ in 0..<1_000 where seen != 2 {
            try await Task.sleep(for: .milliseconds(10))
            seen = try await database.report(campaignID: id, staleFor: .seconds(60)).qualified
        }
        #expect(seen == 2)
    }
}
