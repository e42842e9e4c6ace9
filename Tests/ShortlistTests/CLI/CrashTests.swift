import Foundation
import Logging
import RetellSimulator
import Testing
@testable import Shortlist
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The real `shortlist serve` process against a Retell simulator that lives in the test process,
/// so the simulator's record of every call survives the daemon being killed.
@Suite("Crash safety", .serialized)
struct CrashTests {
    static let apiKey = "key_crash_test"

    @Test("SIGKILL mid-batch, then a restart: no number is dialled while a call to it is in flight, and no attempt beyond max_attempts",
          .timeLimit(.minutes(10)))
    func killMidBatch() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        var logger = Logger(label: "sim")
        logger.logLevel = .critical
        let sim = RetellSimulator(configuration: SimulatorConfiguration(
            apiKey: Self.apiKey, concurrencyLimit: 5, speedup: 100, seed: 5,
            outcomes: OutcomeWeights(answered: 0.4, voicemail: 0.2, noAnswer: 0.3, busy: 0.1, invalidNumber: 0, optOut: 0)),
            logger: logger)
        let simPort = try await sim.start()
        let environment = [
            "SHORTLIST_RETELL_MODE": "live", "SHORTLIST_RETELL_API_KEY": Self.apiKey,
            "SHORTLIST_RETELL_BASE_URL": "http://127.0.0.1:\(simPort)", "SHORTLIST_RETELL_FROM_NUMBER": "+14155550100",
            "SHORTLIST_RETELL_CONCURRENCY": "5", "SHORTLIST_RETELL_MAX_CALLS_PER_SECOND": "10",
        ]
        let created = try binary.run(
            ["token", "create", "--name", "crash", "--role", "admin", "--config", folder.configPath],
            environment: environment, in: folder.url)
        let token = try #require(created.stdout.split(separator: "\n").last.map(String.init), "\(created.stderr)")
        var daemon = try await DaemonProcess.start(binary, folder, environment: environment)
        defer { daemon.process.terminate() }
        let api = API(base: "http://127.0.0.1:\(daemon.port)/api/v1", token: token)
        await sim.redirectWebhooks(to: "http://127.0.0.1:\(daemon.port)/webhooks/retell")

        // A campaign calling now: candidates in zones where it is daytime.
        let zones = Demo.openZones(at: Date())
        let job = try await api.send("POST", "/jobs", #"{"company":"Acme","title":"Driver"}"#)
        let campaign = try await api.send("POST", "/campaigns", """
            {"name":"Crash","job_id":"\(job["id"] as? String ?? "")","calling":{"timezone":"\(zones[0].zone)",
             "window_start":"08:00","window_end":"21:00","days":["mon","tue","wed","thu","fri","sat","sun"],
             "max_attempts":2,"retry_after_minutes":1}}
            """)
        let campaignID = try #require(campaign["id"] as? String, "\(campaign)")
        _ = try await api.send("POST", "/campaigns/\(campaignID)/agent", nil)
        let rows = (0..<20).map { index in
            let zone = zones[index % zones.count]
            return #"{"full_name":"Person \#(index)","phone":"\#(zone.prefix)\#(String(format: "%02d", index))","timezone":"\#(zone.zone)"}"#
        }
        _ = try await api.send("POST", "/campaigns/\(campaignID)/candidates", "[\(rows.joined(separator: ","))]")
        let batch = try await api.send("POST", "/campaigns/\(campaignID)/batches", nil)
        let batchID = try #require(batch["id"] as? String, "\(batch)")

        // Mid-batch: calls placed and in flight. Webhooks wait at the simulator while the daemon
        // is down (as Retell retries a delivery), so nothing is lost but the daemon's own state.
        for _ in 0..<1_000 where await sim.calls.count < 6 { try await Task.sleep(for: .milliseconds(10)) }
        await sim.pauseWebhooks()
        kill(daemon.process.processIdentifier, SIGKILL)
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationReason == .uncaughtSignal)
        daemon = try await DaemonProcess.start(
            binary, folder, environment: environment.merging(["SHORTLIST_SERVER_LISTEN": "127.0.0.1:\(daemon.port)"]) { $1 })
        await sim.resumeWebhooks()

        var status = ""
        for _ in 0..<2_400 {
            status = try await api.send("GET", "/batches/\(batchID)", nil)["status"] as? String ?? ""
            if status == "completed" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(status == "completed")
        let calls = await sim.calls
        let byNumber = Dictionary(grouping: calls, by: \.toNumber)
        #expect(byNumber.count == 20)
        for (number, attempts) in byNumber {
            #expect(attempts.count <= 2, "\(PhoneNumber.mask(number)) dialled \(attempts.count) times")
            let ordered = attempts.sorted { $0.createdMS < $1.createdMS }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                let ended = try #require(earlier.endedMS, "a call to \(PhoneNumber.mask(number)) never ended")
                #expect(ended <= later.createdMS, "\(PhoneNumber.mask(number)) dialled while a call to it was in flight")
            }
        }
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0)
        await sim.stop()
    }

    struct DaemonProcess {
        var process: Process
        var port: Int

        static func start(_ binary: ShortlistBinary, _ folder: DaemonFolder, environment: [String: String]) async throws -> DaemonProcess {
            let process = binary.makeProcess(["serve", "--config", folder.configPath], environment: environment, in: folder.url)
            let log = LogCollector()
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { log.append($0.availableData) }
            try process.run()
            for _ in 0..<3_000 {
                if let port = log.port { return DaemonProcess(process: process, port: port) }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            process.terminate()
            Issue.record("daemon did not start: \(log.text)")
            throw CancellationError()
        }
    }

    /// JSON over real HTTP with the bearer token.
    struct API {
        let base: String
        let token: String

        func send(_ method: String, _ path: String, _ json: String?) async throws -> [String: Any] {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            if let json {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(json.utf8)
            }
            let (data, _) = try await URLSession.shared.data(for: request)
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        }
    }
}
