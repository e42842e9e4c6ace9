import Foundation
import Testing
@testable import Shortlist
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

@Suite("Daemon process", .serialized)
struct DaemonProcessTests {
    /// Starts `shortlist serve` and waits for its "listening" log line; returns the process, its port and its log.
    static func start(_ binary: ShortlistBinary, _ folder: DaemonFolder) async throws -> (Process, Int, LogCollector) {
        let process = binary.makeProcess(["serve", "--config", folder.configPath], environment: [:], in: folder.url)
        let log = LogCollector()
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { handle in log.append(handle.availableData) }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let port = log.port { return (process, port, log) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        Issue.record("daemon did not start: \(log.text)")
        throw CancellationError()
    }

    static func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test("serve listens on an ephemeral loopback port, answers over real HTTP, and exits 0 on SIGTERM with the WAL checkpointed")
    func sigtermExitsCleanly() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let (process, port, log) = try await Self.start(binary, folder)
        let (status, body) = try await Self.get("http://127.0.0.1:\(port)/healthz")
        #expect(status == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(#""database":"ok""#))
        let (unauthorized, _) = try await Self.get("http://127.0.0.1:\(port)/api/v1/jobs")
        #expect(unauthorized == 401)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(log.text.contains("msg=stopped"))
        // PASSIVE (Litestream-safe): every WAL frame is in the database file; the WAL file may stay.
        let frames = try #require(log.text.firstMatch(of: /[^_]wal_frames=(\d+)/)).1
        let folded = try #require(log.text.firstMatch(of: /checkpointed_frames=(\d+)/)).1
        #expect(frames == folded)
        #expect(!log.text.contains("slt_"))
    }

    @Test("serve exits 1 with the key at fault when the config is wrong")
    func badConfigExits1() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let result = try binary.run(["serve", "--config", folder.configPath], environment: ["SHORTLIST_CALLING_TIMEZONE": "Nowhere/Land"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("environment (SHORTLIST_CALLING_TIMEZONE): calling.timezone"))
    }
}

extension DaemonProcessTests {
    @Test("retell-sim serves the Retell API alone: it wants the key and answers get-concurrency")
    func retellSim() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let process = binary.makeProcess(
            ["retell-sim", "--port", "0", "--api-key", "rehearsal-key", "--config", folder.configPath], environment: [:], in: folder.url)
        let output = LogCollector()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var port: Int?
        for _ in 0..<1_500 where port == nil {
            port = output.text.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let bound = try #require(port, "retell-sim printed: \(output.text)")
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(bound)/get-concurrency")!)
        let (_, anonymous) = try await URLSession.shared.data(for: request)
        #expect((anonymous as? HTTPURLResponse)?.statusCode == 401)
        request.setValue("Bearer rehearsal-key", forHTTPHeaderField: "Authorization")
        let (body, answer) = try await URLSession.shared.data(for: request)
        #expect((answer as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("concurrency_limit"))
    }
}

/// Collects a child's log output across threads and finds the port it says it listens on.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    var port: Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("msg=listening") }),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("port=") })
        else { return nil }
        return Int(field.dropFirst("port=".count))
    }
}
