import AsyncHTTPClient
import Foundation
import Logging
import Prometheus
import Retell
import RetellSimulator
import Shortlist
#if canImport(Glibc)
import Glibc
#endif

/// The dialer against the Retell simulator: `candidates` candidates, one attempt each, at the
/// simulator's concurrency limit, on a compressed timeline. Webhooks go over HTTP to the real
/// application; the dialer is driven exactly as `DialerService` drives it (tick, then wait for the
/// doorbell or the next due time). Figures:
/// - makespan ÷ (Σ call occupancy ÷ limit): 1.0 means every slot was busy from the first dial to
///   the last hang-up (occupancy = creation to end of each call, from the simulator's record);
/// - 429s the simulator answered for its concurrency limit;
/// - process CPU per dial (dialer, webhooks, simulator and HTTP together) and tick time per dial.
struct DialerBenchmark {
    let candidates: Int
    let limit = 20
    static let key = "key_bench_dialer"

    struct Figures {
        var ratio: Double
        /// makespan ÷ the makespan of the same calls, in the same order, with zero dial latency.
        var schedulerRatio: Double
        var refusals: Int
        var cpuPerDialMS: Double
        var tickPerDialMS: Double
        var makespanS: Double
    }

    func run(times: Int) async throws {
        print("dialer: \(candidates) candidates, one attempt each, concurrency \(limit), simulator speedup 200")
        var runs: [Figures] = []
        for seed in 0..<times { runs.append(try await once(seed: UInt64(seed + 1))) }
        report("dialer makespan", runs.map(\.makespanS), unit: "s", goal: "-")
        report("dialer makespan ÷ (Σ call occupancy ÷ \(limit))", runs.map(\.ratio), unit: "", goal: "≤ 1.02", digits: 3)
        report("dialer makespan ÷ same calls with zero dial latency (the scheduler's own overhead)",
               runs.map(\.schedulerRatio), unit: "", goal: "-", digits: 3)
        report("dialer 429s caused", runs.map { Double($0.refusals) }, unit: "", goal: "0", digits: 0)
        report("dialer process CPU per dial (everything in the process)", runs.map(\.cpuPerDialMS), unit: "ms", goal: "-", digits: 2)
        report("dialer tick wall time per dial", runs.map(\.tickPerDialMS), unit: "ms", goal: "-", digits: 2)
    }

    private func once(seed: UInt64) async throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.openFile(path: folder.appendingPathComponent("db.sqlite").path, busyTimeoutMS: 5_000)
        try database.migrate()
        let sim = RetellSimulator(
            configuration: SimulatorConfiguration(apiKey: Self.key, concurrencyLimit: limit, speedup: 200, seed: seed),
            logger: WebhookBenchmark.quiet)
        let simPort = try await sim.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let retell = HTTPRetellClient(baseURL: "http://127.0.0.1:\(simPort)", apiKey: Self.key, httpClient: http)

        var config = Config()
        config.server.listen = "127.0.0.1:0"
        config.server.staticDir = FileManager.default.currentDirectoryPath + "/static"
        config.retell.fromNumber = "+14155550100"
        let doorbell = Doorbell()
        let dependencies = Dependencies(
            database: database, clock: SystemClock(), metrics: PrometheusCollectorRegistry(), logger: WebhookBenchmark.quiet,
            retell: retell, webhookKeys: [Self.key], doorbell: doorbell)
        let figures = try await serve({ try buildApplication(config: config, dependencies: dependencies, onServerRunning: $0) }) { port in
            await sim.redirectWebhooks(to: "http://127.0.0.1:\(port)/webhooks/retell")
            let campaignID = try await seedCampaign(database, retell: retell, config: config)
            let batch = try await database.createBatch(campaignID: campaignID, candidateIDs: nil, by: .cli)
            let dialer = Dialer(
                database: database, retell: retell, limits: DialLimits(concurrency: limit, callsPerSecond: 50),
                logger: WebhookBenchmark.quiet, onApplied: { _ in doorbell.ring() })
            let cpuBefore = cpuSeconds()
            var tickTime = Duration.zero
            while try await database.batch(id: batch.id)?.status != .completed {
                let started = ContinuousClock.now
                let report = await dialer.tick(now: Date())
                tickTime += ContinuousClock.now - started
                var wait = Duration.seconds(1)
                if let next = report.nextWake { wait = .milliseconds(max(0, Int64(next.timeIntervalSinceNow * 1000))) }
                if wait > .zero { await doorbell.wait(timeout: wait) }
            }
            let cpu = cpuSeconds() - cpuBefore
            let calls = await sim.calls
            guard calls.count == candidates, let first = calls.map(\.createdMS).min(),
                  let last = calls.compactMap(\.endedMS).max()
            else { throw BenchError("the simulator placed \(calls.count) of \(candidates) calls") }
            let occupancy = calls.reduce(0.0) { $0 + Double(($1.endedMS ?? $1.createdMS) - $1.createdMS) }
            let makespan = Double(last - first)
            return Figures(
                ratio: makespan / (occupancy / Double(limit)),
                schedulerRatio: makespan / Self.greedyMakespan(calls.sorted { $0.createdMS < $1.createdMS }.map {
                    Double(($0.endedMS ?? $0.createdMS) - $0.createdMS)
                }, slots: limit), refusals: await sim.concurrencyRefusals,
                cpuPerDialMS: cpu * 1000 / Double(calls.count), tickPerDialMS: tickTime.milliseconds / Double(calls.count),
                makespanS: makespan / 1000)
        }
        await sim.stop()
        try await http.shutdown()
        try database.close()
        return figures
    }

    /// The makespan of these call lengths placed in this order, each the instant a slot frees:
    /// what a dialer with no latency at all would achieve (the last wave's tail included).
    static func greedyMakespan(_ lengths: [Double], slots: Int) -> Double {
        var free = Array(repeating: 0.0, count: slots)
        for length in lengths {
            let slot = free.indices.min { free[$0] < free[$1] }!
            free[slot] += length
        }
        return free.max() ?? 0
    }

    /// A job, a campaign calling all day every day in a zone where it is daytime now, its agent at
    /// the simulator, and `candidates` candidates in that zone.
    private func seedCampaign(_ database: AppDatabase, retell: any RetellClient, config: Config) async throws -> String {
        let zone = ["Europe/London", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "Asia/Tokyo"].first { name in
            guard let zone = TimeZone(identifier: name), let window = try? CallingWindow(parsing: "08:30-20:30") else { return false }
            return CallingSchedule(zone: zone, window: window, days: Weekday.allCases).isOpen(at: Date())
        } ?? "Europe/London"
        let campaign = try await BenchData.campaign(
            database, targets: [BenchData.targets[0]], timezone: zone, window: "08:00-21:00", days: Weekday.allCases,
            maxAttempts: 1, retryAfterMinutes: 60)
        let csv = "full_name,phone\r\n" + (0..<candidates).map { "Candidate \($0),+1512\(2_000_000 + $0)\r\n" }.joined()
        try await BenchData.importCandidates(database, csv: csv, into: campaign)
        // The simulator sends webhooks to the bench's server whatever the agent says.
        let settings = AgentSettings(voiceID: config.retell.voiceID, model: config.retell.model,
                                     webhookURL: config.webhookURL, maxCallMinutes: config.retell.maxCallMinutes)
        _ = try await CampaignAgents(database: database, retell: retell, settings: settings)
            .createOrUpdate(campaignID: campaign, by: .cli)
        return campaign
    }
}
