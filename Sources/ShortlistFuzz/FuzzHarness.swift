import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Prometheus
import Retell
import Shortlist

/// What a fuzz run found.
public struct FuzzReport: Sendable {
    public var cases = 0
    /// One line per failed check: the case's number, what it exercised and what went wrong.
    public var failures: [String] = []
    public var seconds = 0.0
    /// How many cases each family ran and what they were answered (`"form 422": 31`), to see that
    /// the cases reach past the first check.
    public var answers: [String: Int] = [:]
    /// The slowest case: milliseconds (request and checks) and what it was.
    public var slowest: (milliseconds: Double, label: String) = (0, "")
    public var casesPerSecond: Double { seconds > 0 ? Double(cases) / seconds : 0 }
}

/// Runs generated hostile requests through the real application (over a fresh database file, in
/// process) and checks after each one that it answered below 500, that `/healthz` still answers
/// 200 and that its state stayed consistent; at the end, that SQLite finds the file sound.
/// Case `n` of seed `s` is generated from its own generator, so any case can be replayed alone.
public struct FuzzHarness: Sendable {
    public static let webhookKey = "key_fuzz_webhook_3c1a"
    public var seed: UInt64
    /// The repository's `static/` folder (templates).
    public var staticDir: String
    /// The longest generated text; 1 MiB unless a caller wants shorter cases.
    public var longTextBytes: Int

    public init(seed: UInt64, staticDir: String, longTextBytes: Int = 1 << 20) {
        self.seed = seed
        self.staticDir = staticDir
        self.longTextBytes = longTextBytes
    }

    /// Runs `cases` cases, the families taking turns; `first` skips to a case (to replay one).
    public func run(cases: Int, families: [FuzzRequest.Family] = FuzzRequest.Family.allCases, first: Int = 0) async throws -> FuzzReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fuzz.sqlite").path
        let database = try AppDatabase.openFile(path: path, busyTimeoutMS: 5_000)
        try database.migrate()
        let inspector = try DatabaseQueue(path: path)
        let (cookie, csrf, token, email) = try await signIn(database)
        var config = Config()
        config.server.staticDir = staticDir
        config.security.cookieSecure = false
        config.retell.fromNumber = "+14155550100"
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let dependencies = Dependencies(
            database: database, clock: SystemClock(), metrics: PrometheusCollectorRegistry(), logger: logger,
            retell: InMemoryRetellClient(), webhookKeys: [Self.webhookKey])
        let app = try buildApplication(config: config, dependencies: dependencies)
        let started = ContinuousClock.now
        var report = try await app.test(.router) { client in
            let targets = try await FuzzSeed.make(client, inspector: inspector, cookie: cookie, csrf: csrf, token: token, email: email)
            var report = FuzzReport()
            for number in first..<(first + cases) {
                let family = families[number % families.count]
                var input = HostileInput(seed: seed &+ UInt64(number) &* 0x9E37_79B9_7F4A_7C15, longTextBytes: longTextBytes)
                let request = Self.request(family, &input, targets: targets)
                let caseStarted = ContinuousClock.now
                let (status, problems) = try await check(request, client: client, inspector: inspector)
                let milliseconds = (ContinuousClock.now - caseStarted).seconds * 1000
                if milliseconds > report.slowest.milliseconds { report.slowest = (milliseconds, "case \(number): \(request.label)") }
                report.answers["\(family.rawValue) \(status)", default: 0] += 1
                report.failures += problems.map { "case \(number) (\(request.label)): \($0)\n    request: \(request.summary)" }
                report.cases += 1
            }
            return report
        }
        report.seconds = (ContinuousClock.now - started).seconds
        report.failures += try Self.soundness(inspector)
        try inspector.close()
        return report
    }

    static func request(_ family: FuzzRequest.Family, _ input: inout HostileInput, targets: FuzzTargets) -> FuzzRequest {
        switch family {
        case .webhook:
            let (label, body) = WebhookCases.body(&input, targets: targets)
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            let signature = WebhookSignature.sign(body: Data(body), key: webhookKey, timestampMS: now)
            return FuzzRequest(family: .webhook, label: label, method: "POST", path: "/webhooks/retell",
                               headers: [("Content-Type", "application/json"), ("X-Retell-Signature", signature)], body: body)
        case .form: return FormCases.request(&input, targets: targets)
        case .api: return APICases.request(&input, targets: targets)
        case .upload:
            let request = UploadCases.request(&input, targets: targets)
            // The parser on its own as well, on a file of its own.
            _ = try? CSVParser.parse(UploadCases.csv(&input), maxRecords: 1_000)
            return request
        }
    }

    /// Sends one case; returns what went wrong (nothing when every check held).
    private func check(_ request: FuzzRequest, client: any TestClientProtocol, inspector: DatabaseQueue) async throws -> (Int, [String]) {
        let before = try Self.counts(inspector)
        let response = try await FuzzHarness.send(request, client: client)
        let after = try Self.counts(inspector)
        var problems: [String] = []
        let status = response.status.code
        if status >= 500 { problems.append("answered \(status): \(String(buffer: response.body).prefix(200))") }
        let health = try await client.execute(uri: "/healthz", method: .get, headers: [:], body: nil)
        if health.status != .ok { problems.append("/healthz answered \(health.status.code) afterwards") }
        let events = (after["webhook_events"] ?? 0) - (before["webhook_events"] ?? 0)
        if !(0...(request.family == .webhook ? 1 : 0)).contains(events) { problems.append("webhook_events grew by \(events)") }
        if request.family != .webhook, (400..<500).contains(status) {
            let changed = after.keys.sorted().filter { after[$0] != before[$0] && !Self.bookkeeping.contains($0) }
            if !changed.isEmpty { problems.append("rejected with \(status) but changed \(changed.joined(separator: ", "))") }
        }
        return (status, problems)
    }

    /// Tables a rejected request may still write (the session's last use).
    static let bookkeeping: Set<String> = ["sessions"]

    static func send(_ request: FuzzRequest, client: any TestClientProtocol) async throws -> TestResponse {
        var headers = HTTPFields()
        for (name, value) in request.headers {
            if let name = HTTPField.Name(name) { headers.append(HTTPField(name: name, value: value)) }
        }
        return try await client.execute(
            uri: request.path, method: HTTPRequest.Method(request.method) ?? .get, headers: headers,
            body: request.body.isEmpty && request.method == "GET" ? nil : ByteBuffer(bytes: request.body))
    }

    /// Row counts of every table.
    static func counts(_ inspector: DatabaseQueue) throws -> [String: Int] {
        try inspector.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            var counts: [String: Int] = [:]
            for table in tables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
            return counts
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check` over the whole file.
    static func soundness(_ inspector: DatabaseQueue) throws -> [String] {
        try inspector.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems.append("integrity_check: \(integrity.prefix(3).joined(separator: "; "))") }
            let foreign = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            if !foreign.isEmpty { problems.append("foreign_key_check: \(foreign.count) rows, first \(foreign[0])") }
            return problems
        }
    }

    /// An admin with a session and an API token, made through the store as the CLI makes them.
    private func signIn(_ database: AppDatabase) async throws -> (cookie: String, csrf: String, token: String, email: String) {
        let email = "fuzz-admin@fuzz.example"
        // No password can match this hash: the session below is the only way in.
        let user = try await database.createUser(email: email, name: "Fuzz", role: .admin, passwordHash: "!", by: .cli)
        let session = "fuzz-session-\(seed)"
        let csrf = "fuzz-csrf-\(seed)"
        try await database.createSession(
            userID: user.id, tokenHash: APIToken.hash(session), csrfToken: csrf, ip: nil, userAgent: nil, lifetime: 86_400)
        let token = "slt_fuzz_admin_\(seed)"
        _ = try await database.createToken(name: "fuzz", role: .admin, tokenHash: APIToken.hash(token), userID: nil, by: .cli)
        return ("shortlist_session=\(session)", csrf, token, email)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
