import AsyncHTTPClient
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import Prometheus
import Retell
import ServiceLifecycle
import Shortlist
import Synchronization

/// Webhook ingest: signed ~40 KB `call_analyzed` bodies, one per distinct call, posted over 32
/// connections to the real application (file database in WAL, every check and write of the
/// production path). In the same run, the ceiling: a bare Hummingbird route that reads the body
/// and does one SQLite insert per request, driven by the same client. Figures are req/s and
/// latency percentiles; the goal is ≥ 0.6 × the ceiling and p99 < 20 ms.
struct WebhookBenchmark {
    let calls: Int
    let connections = 32
    static let key = "key_bench_webhooks"
    static var quiet: Logger {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        return logger
    }

    func run(times: Int) async throws {
        let bodies = (0..<calls).map { Self.body(call: $0) }
        let average = bodies.reduce(0) { $0 + $1.count } / bodies.count
        print("webhooks: \(calls) call_analyzed bodies of ~\(average / 1024) KiB, \(connections) connections")
        var app: [Load] = []
        var ceiling: [Load] = []
        var sequential: [Double] = []
        for _ in 0..<times {
            ceiling.append(try await measureCeiling(bodies))
            app.append(try await measureApplication(bodies))
            sequential.append(try await measureReceiver(bodies))
        }
        report("webhook receiver alone, one at a time (no HTTP)", sequential, unit: "ms per webhook", goal: "-")
        report("webhook ceiling (bare route, one insert)", ceiling.map(\.perSecond), unit: "req/s", goal: "-")
        report("webhook ceiling p99", ceiling.map(\.p99), unit: "ms", goal: "-")
        report("webhook ingest", app.map(\.perSecond), unit: "req/s", goal: "≥ 0.6 × ceiling")
        report("webhook ingest p50", app.map(\.p50), unit: "ms", goal: "-")
        report("webhook ingest p99", app.map(\.p99), unit: "ms", goal: "< 20 ms")
        let ratios = zip(app, ceiling).map { $0.perSecond / $1.perSecond }
        print(String(format: "webhook ingest ÷ ceiling: median %.2f (runs: %@)", median(ratios),
                     ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    }

    // MARK: - The two servers

    private func measureApplication(_ bodies: [Data]) async throws -> Load {
        try await withDatabaseFile { path in
            let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000)
            try database.migrate()
            try await seed(database, path: path)
            var config = Config()
            config.server.listen = "127.0.0.1:0"
            config.server.staticDir = FileManager.default.currentDirectoryPath + "/static"
            let dependencies = Dependencies(
                database: database, clock: SystemClock(), metrics: PrometheusCollectorRegistry(), logger: Self.quiet,
                retell: nil, webhookKeys: [Self.key])
            let load = try await serve({ try buildApplication(config: config, dependencies: dependencies, onServerRunning: $0) }) { port in
                try await drive(port: port, path: "/webhooks/retell", bodies: bodies, expect: 204)
            }
            let applied = try await database.webhookOutcomeCount(.applied)
            guard applied == bodies.count else { throw BenchError("applied \(applied) of \(bodies.count) webhooks") }
            try database.close()
            return load
        }
    }

    /// The receiver called directly, one webhook after another: verify, parse, store and apply.
    private func measureReceiver(_ bodies: [Data]) async throws -> Double {
        try await withDatabaseFile { path in
            let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000)
            try database.migrate()
            try await seed(database, path: path)
            let receiver = WebhookReceiver(database: database, keys: [Self.key], clock: SystemClock(), logger: Self.quiet)
            let start = ContinuousClock.now
            for body in bodies {
                let nowMS = Int64((Date().timeIntervalSince1970 * 1000).rounded())
                let reply = await receiver.receive(body: body, signature: WebhookSignature.sign(body: body, key: Self.key, timestampMS: nowMS))
                guard reply == .accepted else { throw BenchError("the receiver answered \(reply)") }
            }
            let elapsed = (ContinuousClock.now - start).milliseconds
            try database.close()
            return elapsed / Double(bodies.count)
        }
    }

    private func measureCeiling(_ bodies: [Data]) async throws -> Load {
        try await withDatabaseFile { path in
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try await pool.write { db in
                try db.execute(sql: "CREATE TABLE events (id TEXT PRIMARY KEY NOT NULL, received_at TEXT NOT NULL, payload BLOB NOT NULL)")
            }
            let router = Router()
            router.post("/ingest") { request, context -> HTTPResponse.Status in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                let payload = Data(buffer: buffer)
                try await pool.write { db in
                    try db.execute(sql: "INSERT INTO events (id, received_at, payload) VALUES (?, ?, ?)",
                                   arguments: [UUID().uuidString, Date(), payload])
                }
                return .noContent
            }
            let load = try await serve({ onRunning in
                Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onRunning($0.localAddress?.port ?? 0) },
                    logger: Self.quiet)
            }) { port in
                try await drive(port: port, path: "/ingest", bodies: bodies, expect: 204)
            }
            try pool.close()
            return load
        }
    }

    // MARK: - Load

    struct Load {
        var perSecond: Double
        var p50: Double
        var p99: Double
    }

    /// Posts every body once, signed just before it is sent, over `connections` concurrent connections.
    private func drive(port: Int, path: String, bodies: [Data], expect: Int) async throws -> Load {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let next = Ticket()
        let url = "http://127.0.0.1:\(port)\(path)"
        do {
            let start = ContinuousClock.now
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        var mine: [Double] = []
                        while true {
                            let index = next.take()
                            guard index < bodies.count else { return mine }
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            let nowMS = Int64((Date().timeIntervalSince1970 * 1000).rounded())
                            request.headers.add(name: "X-Retell-Signature",
                                                value: WebhookSignature.sign(body: bodies[index], key: Self.key, timestampMS: nowMS))
                            request.body = .bytes(ByteBuffer(bytes: bodies[index]))
                            let sent = ContinuousClock.now
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 16)
                            mine.append((ContinuousClock.now - sent).milliseconds)
                            guard response.status.code == expect else {
                                throw BenchError("\(path) answered \(response.status.code), expected \(expect)")
                            }
                        }
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all
            }
            let elapsed = (ContinuousClock.now - start).milliseconds / 1000
            try await client.shutdown()
            let sorted = latencies.sorted()
            return Load(
                perSecond: Double(bodies.count) / elapsed,
                p50: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: - Data

    /// A job, a campaign with three targets, and `calls` candidates in one batch, each with a call
    /// in progress (`retell_call_id` = `call_bench_<n>`), written as the dialer leaves them.
    func seed(_ database: AppDatabase, path: String) async throws {
        let campaign = try await BenchData.campaign(database, targets: BenchData.targets)
        let csv = "full_name,phone\r\n" + (0..<calls).map { "Candidate \($0),\(Self.phone($0))\r\n" }.joined()
        try await BenchData.importCandidates(database, csv: csv, into: campaign)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO retell_batch_calls (id, campaign_id, total_candidates, status, created_by, created_at, updated_at)
                VALUES ('batch-bench', ?, ?, 'in_progress', 'bench', datetime('now'), datetime('now'))
                """, arguments: [campaign, calls])
            try db.execute(sql: """
                INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, batch_id, attempt, retell_call_id, retell_agent_id,
                  agent_version, phone_number, call_status, created_at, updated_at, idempotency_key)
                SELECT 'row-' || cc.seq, cc.campaign_id, cc.id, 'batch-bench', 1, 'call_bench_' || (cc.seq - 1), 'agent_bench', 1,
                  c.phone, 'ongoing', datetime('now'), datetime('now'), 'idem-' || cc.seq
                FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id
                """)
            try db.execute(sql: """
                UPDATE campaign_candidates SET status = 'calling', attempts = 1, last_call_id = 'row-' || seq, batch_id = 'batch-bench'
                """)
        }
        try queue.close()
    }

    static func phone(_ index: Int) -> String { "+1512\(String(format: "%07d", 2_000_000 + index))" }

    /// A `call_analyzed` body shaped like Retell's, about 40 KB (most of it the transcript).
    static func body(call index: Int) -> Data {
        var transcript = ""
        var turn = 0
        while transcript.utf8.count < 38_500 {
            transcript += turn % 2 == 0
                ? "Agent: Thanks for that. Could you tell me a little more about your last role and the shifts you worked there?\n"
                : "User: Sure, I drove a box truck for four years, mostly early shifts, and I have a clean licence.\n"
            turn += 1
        }
        let call: [String: Any] = [
            "call_id": "call_bench_\(index)", "agent_id": "agent_bench", "agent_version": 1, "call_type": "phone_call",
            "direction": "outbound", "from_number": "+14155550100", "to_number": phone(index), "call_status": "ended",
            "metadata": ["shortlist_call_id": "row-\(index + 1)"],
            "start_timestamp": 1_795_000_000_000, "end_timestamp": 1_795_000_180_000, "duration_ms": 180_000,
            "disconnection_reason": "user_hangup", "transcript": transcript,
            "recording_url": "https://example.invalid/rec/\(index).wav",
            "public_log_url": "https://example.invalid/log/\(index).txt",
            "call_cost": ["combined_cost": 42.5, "total_duration_seconds": 180],
            "call_analysis": [
                "call_summary": "The candidate is available, interested and holds a clean licence.",
                "user_sentiment": "Positive", "call_successful": true, "in_voicemail": false,
                "custom_analysis_data": [
                    "available_to_work": true, "interested": true, "knows_referee": index % 2 == 0,
                    "has_license": "true", "expected_salary": 52_000 + index % 1000, "shift": "day",
                    "key_points": "Four years driving\nEarly shifts", "objections": "", "next_steps": "Book an interview",
                ] as [String: Any],
            ] as [String: Any],
        ]
        // Plain dictionaries and strings: serialisation cannot fail.
        return try! JSONSerialization.data(withJSONObject: ["event": "call_analyzed", "call": call], options: [.sortedKeys])
    }

    private func withDatabaseFile<T>(_ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder.appendingPathComponent("db.sqlite").path)
    }
}

/// Hands out 0, 1, 2 … to concurrent workers.
private final class Ticket: Sendable {
    private let counter = Atomic<Int>(0)
    func take() -> Int { counter.add(1, ordering: .relaxed).oldValue }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// Runs the application until `body` is done with its port.
func serve<App: ApplicationProtocol, Value: Sendable>(
    _ make: (@escaping @Sendable (Int) async -> Void) throws -> App, _ body: (Int) async throws -> Value
) async throws -> Value {
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let server = ServiceGroup(configuration: .init(services: [try make { portSink.yield($0) }], logger: WebhookBenchmark.quiet))
    return try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask {
            try await server.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the server did not start") }
        let outcome = await Result { try await body(port) }
        await server.triggerGracefulShutdown()
        try await group.waitForAll()
        return try outcome.get()
    }
}
