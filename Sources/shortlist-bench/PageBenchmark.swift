import AsyncHTTPClient
import Foundation
import GRDB
import Hummingbird
import NIOCore
import Prometheus
import Shortlist

/// The admin pages over a big campaign: `candidates` candidates (imported through the store's
/// import) and three calls each (two unanswered, then 60 % analyzed with a ~3 KB transcript),
/// written with SQL shaped as the dialer and webhook receiver leave them. The real application
/// serves a file database; one signed-in admin requests each page `requests` times in a row.
/// Figures per page: the first request after a write (summaries computed afresh), then p50 and
/// p95 of the next requests (goal p95 < 50 ms); and the whole `results.csv` (goal < 2 s).
struct PageBenchmark {
    let candidates: Int
    let requests = 50

    func run(times: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // BENCH_KEEP_DB=1 keeps the seeded database for inspection (its path is printed).
        let keep = ProcessInfo.processInfo.environment["BENCH_KEEP_DB"] == "1"
        defer { if keep { print("pages: database kept at \(folder.path)") } else { try? FileManager.default.removeItem(at: folder) } }
        let path = folder.appendingPathComponent("shortlist.sqlite").path
        let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000)
        try database.migrate()
        let seedStart = ContinuousClock.now
        let seeded = try await seed(database, path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("pages: \(candidates) candidates, \(candidates * 3) calls, \(candidates * 3 / 5) analyses; "
              + "seeded in \(Int((ContinuousClock.now - seedStart).milliseconds)) ms, database \(size / 1_048_576) MiB")

        var config = Config()
        config.server.listen = "127.0.0.1:0"
        config.server.staticDir = FileManager.default.currentDirectoryPath + "/static"
        let dependencies = Dependencies(
            database: database, clock: SystemClock(), metrics: PrometheusCollectorRegistry(), logger: WebhookBenchmark.quiet,
            retell: nil, webhookKeys: ["key_bench_pages"])
        let pages: [(name: String, path: String, expect: String)] = [
            ("dashboard", "/", "Bench campaign"),
            ("campaign", "/campaigns/\(seeded.campaign)", "Import candidates"),
            ("candidate list, a page deep in", "/campaigns/\(seeded.campaign)?status=completed&after=\(candidates / 2)", "Next page"),
            ("candidate", "/candidates/\(seeded.middle)", "Transcript"),
            ("report", "/campaigns/\(seeded.campaign)/report", "Cost per qualified lead"),
            ("API report (never stale; bearer token)", "/api/v1/campaigns/\(seeded.campaign)/report", "qualification_rate"),
            ("shortlist, first page", "/campaigns/\(seeded.campaign)/shortlist", "Shortlist: Bench campaign"),
            ("shortlist sorted by an answer", "/campaigns/\(seeded.campaign)/shortlist?sort=answer.expected_salary&dir=desc", "Shortlist: Bench campaign"),
            ("API shortlist, first page (bearer token)", "/api/v1/campaigns/\(seeded.campaign)/shortlist?limit=50", "campaign_candidate_id"),
            ("live calls", "/live", "Live calls"),
            ("live calls, Completed tab", "/live?tab=completed", "Live calls"),
            ("audit log", "/audit", "Audit log"),
        ]
        try await serve({ try buildApplication(config: config, dependencies: dependencies, onServerRunning: $0) }) { port in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                var percentiles: [String: (cold: [Double], p50: [Double], p95: [Double])] = [:]
                var csv: [Double] = []
                var csvBytes = 0
                var written = 0
                for _ in 0..<times {
                    for page in pages {
                        // A write first, as a call coming in would make: the page's first request
                        // then finds no summary of the current data; the ones after it do.
                        written += 1
                        _ = try await database.addDNC(phone: "+1999555\(String(format: "%04d", written))", reason: "bench", source: .manual, by: .cli)
                        let (cold, latencies) = try await measure(client, port: port, path: page.path, cookie: seeded.cookie, expect: page.expect)
                        percentiles[page.name, default: ([], [], [])].cold.append(cold)
                        percentiles[page.name, default: ([], [], [])].p50.append(latencies[latencies.count / 2])
                        percentiles[page.name, default: ([], [], [])].p95.append(latencies[latencies.count * 95 / 100])
                    }
                    let start = ContinuousClock.now
                    let body = try await fetch(client, port: port, path: "/campaigns/\(seeded.campaign)/results.csv", cookie: seeded.cookie, expect: nil)
                    csv.append((ContinuousClock.now - start).milliseconds)
                    csvBytes = body.readableBytes
                    let lines = body.readableBytesView.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                    guard lines == candidates + 1 else { throw BenchError("results.csv has \(lines) lines for \(candidates) candidates") }
                }
                for page in pages {
                    let figures = percentiles[page.name] ?? ([], [], [])
                    report("page \(page.name), first request after a write", figures.cold, unit: "ms", goal: "-")
                    report("page \(page.name) p50", figures.p50, unit: "ms", goal: "-")
                    report("page \(page.name) p95", figures.p95, unit: "ms", goal: "< 50 ms")
                }
                report("results.csv of \(candidates) rows (\(csvBytes / 1024) KiB)", csv, unit: "ms", goal: "< 2000 ms", digits: 0)
                // The store's share of the export: every page of rows read, nothing formatted or sent.
                var reads: [Double] = []
                for _ in 0..<times {
                    let start = ContinuousClock.now
                    var after = 0
                    while let last = try await database.resultRows(campaignID: seeded.campaign, afterSeq: after, limit: 500).last {
                        after = last.seq
                    }
                    reads.append((ContinuousClock.now - start).milliseconds)
                }
                report("results.csv, its rows read from the store alone", reads, unit: "ms", goal: "-", digits: 0)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
        try database.close()
    }

    /// The first request's latency, then `requests` sequential GETs after 2 more unmeasured ones
    /// (latencies in ms, sorted).
    private func measure(
        _ client: HTTPClient, port: Int, path: String, cookie: String, expect: String
    ) async throws -> (first: Double, latencies: [Double]) {
        var first = 0.0
        var latencies: [Double] = []
        for index in 0..<(requests + 3) {
            let start = ContinuousClock.now
            _ = try await fetch(client, port: port, path: path, cookie: cookie, expect: index == 0 ? expect : nil)
            let elapsed = (ContinuousClock.now - start).milliseconds
            if index == 0 { first = elapsed }
            if index >= 3 { latencies.append(elapsed) }
        }
        return (first, latencies.sorted())
    }

    private func fetch(_ client: HTTPClient, port: Int, path: String, cookie: String, expect: String?) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Cookie", value: cookie)
        if path.hasPrefix("/api/") { request.headers.add(name: "Authorization", value: "Bearer \(Self.apiToken)") }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 << 20)
        guard response.status == .ok else { throw BenchError("\(path) answered \(response.status.code)") }
        if let expect, !String(buffer: body).contains(expect) {
            throw BenchError("\(path) does not show \"\(expect)\"")
        }
        return body
    }

    // MARK: - Data

    static let apiToken = "bench-api-token-\(UUID().uuidString)"

    struct Seeded {
        var campaign: String
        /// A campaign candidate half-way down the list.
        var middle: String
        var cookie: String
    }

    private func seed(_ database: AppDatabase, path: String) async throws -> Seeded {
        let campaign = try await BenchData.campaign(
            database, name: "Bench campaign", questions: ["When can you start?", "Do you hold a CDL?"], targets: BenchData.targets,
            days: [.mon, .tue, .wed, .thu, .fri])
        let csv = "full_name,phone,timezone\r\n" + (0..<candidates).map { "Candidate \($0),\(WebhookBenchmark.phone($0)),America/Chicago\r\n" }.joined()
        try await BenchData.importCandidates(database, csv: csv, into: campaign)

        let admin = try await database.createUser(
            email: "admin@bench.example", name: "Bench", role: .admin, passwordHash: "unused", by: .cli)
        let token = "bench-session-token-\(UUID().uuidString)"
        try await database.createSession(
            userID: admin.id, tokenHash: APIToken.hash(token), csrfToken: String(repeating: "a", count: 64), ip: nil, userAgent: nil,
            lifetime: 86_400)

        _ = try await database.createToken(
            name: "bench", role: .viewer, tokenHash: APIToken.hash(Self.apiToken), userID: admin.id, by: .cli)
        let transcript = (0..<40).map { $0 % 2 == 0 ? "Agent: Could you tell me about your driving experience, please?" : "User: Sure, I have driven trucks for years." }
            .joined(separator: "\n")
        let queue = try DatabaseQueue(path: path)
        let middle = try await queue.write { db -> String in
            // Calls over the last week: two seconds apart, in seq order, three per candidate.
            let start = "strftime('%Y-%m-%d %H:%M:%f', 'now', '-7 days', ((cc.seq * 3 + a.n) * 2) || ' seconds')"
            try db.execute(sql: """
                INSERT INTO retell_batch_calls (id, campaign_id, total_candidates, completed_calls, failed_calls, status, created_by,
                  created_at, started_at, completed_at, updated_at)
                VALUES ('batch-bench', ?, ?, ?, ?, 'completed', 'bench', strftime('%Y-%m-%d %H:%M:%f', 'now', '-7 days'),
                  strftime('%Y-%m-%d %H:%M:%f', 'now', '-7 days'), strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'))
                """, arguments: [campaign, candidates, candidates * 3 / 5, candidates - candidates * 3 / 5])
            try db.execute(sql: """
                INSERT INTO campaign_retell_agents (id, campaign_id, retell_agent_id, retell_llm_id, agent_name, base_prompt,
                  begin_message, dynamic_questions, job_context, analysis_fields, version, prompt_sha256, created_at, updated_at)
                VALUES ('agent-row', ?, 'agent_bench', 'llm_bench', 'Bench agent', ?, 'Hello', '[]', '{}', '[]', 1, 'sha',
                  strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'))
                """, arguments: [campaign, String(repeating: "You are a friendly recruiter. ", count: 120)])
            try db.execute(sql: """
                WITH attempts(n) AS (VALUES (1), (2), (3))
                INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, batch_id, attempt, retell_call_id, retell_agent_id,
                  agent_version, phone_number, call_status, disconnection_reason, duration_seconds, cost_cents,
                  started_at, ended_at, created_at, updated_at, idempotency_key)
                SELECT 'call-' || cc.seq || '-' || a.n, cc.campaign_id, cc.id, 'batch-bench', a.n, 'call_bench_' || cc.seq || '_' || a.n,
                  'agent_bench', 1, c.phone,
                  CASE WHEN a.n = 3 AND cc.seq % 5 < 3 THEN 'analyzed' ELSE 'not_connected' END,
                  CASE WHEN a.n = 3 AND cc.seq % 5 < 3 THEN 'user_hangup' ELSE 'dial_no_answer' END,
                  CASE WHEN a.n = 3 AND cc.seq % 5 < 3 THEN 60 + cc.seq % 240 ELSE NULL END,
                  CASE WHEN a.n = 3 AND cc.seq % 5 < 3 THEN 20 + cc.seq % 30 ELSE 0 END,
                  \(start), \(start), \(start), \(start), 'idem-' || cc.seq || '-' || a.n
                FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id CROSS JOIN attempts a
                """)
            try db.execute(sql: """
                INSERT INTO retell_call_analysis (call_id, available_to_work, interested, know_referee, opted_out, custom_responses,
                  call_summary, sentiment_score, user_sentiment, call_successful, in_voicemail, transcript, recording_url,
                  next_steps, objections, key_points, created_at, updated_at)
                SELECT r.id, cc.seq % 2, CASE WHEN cc.seq % 7 = 0 THEN 0 ELSE 1 END, cc.seq % 3 = 0, 0,
                  '{"has_license":' || CASE WHEN cc.seq % 4 = 0 THEN 'false' ELSE 'true' END
                    || ',"expected_salary":' || (40000 + cc.seq % 30000) || ',"shift":"day"}',
                  'The candidate can start soon, holds a licence and prefers day shifts.', 0.4 + (cc.seq % 60) / 100.0, 'Positive', 1, 0,
                  ?, 'https://example.invalid/recording.wav', '["Send the job description"]', '["Distance to the depot"]',
                  '["Has driven trucks for years","Prefers day shifts"]', r.created_at, r.created_at
                FROM retell_calls r JOIN campaign_candidates cc ON cc.id = r.campaign_candidate_id WHERE r.call_status = 'analyzed'
                """, arguments: [transcript])
            try db.execute(sql: """
                UPDATE campaign_candidates SET status = 'completed', attempts = 3, batch_id = 'batch-bench',
                  last_call_id = 'call-' || seq || '-3',
                  outcome = CASE WHEN seq % 5 >= 3 THEN 'unreachable' WHEN seq % 7 = 0 THEN 'not_interested'
                    WHEN seq % 4 = 0 OR 40000 + seq % 30000 > 60000 THEN 'not_qualified' ELSE 'qualified' END,
                  qualified = CASE WHEN seq % 5 >= 3 THEN NULL WHEN seq % 7 = 0 OR seq % 4 = 0 OR 40000 + seq % 30000 > 60000 THEN 0 ELSE 1 END
                """)
            return try String.fetchOne(db, sql: "SELECT id FROM campaign_candidates WHERE seq = ?", arguments: [candidates / 2 + 1]) ?? ""
        }
        try queue.close()
        return Seeded(campaign: campaign, middle: middle, cookie: "shortlist_session=\(token)")
    }
}
