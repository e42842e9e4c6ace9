import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Starts the real `shortlist serve` binary (built beside this one) on a fresh database and
/// measures start to ready (spawn until /healthz answers 200) and idle RSS after 2 s.
struct DaemonBenchmark {
    var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("shortlist")
    }

    func run(times: Int) async throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("startup/rss: \(binary.path) is missing; build it first (swift build -c release)")
            return
        }
        var ready: [Double] = []
        var rss: [Double] = []
        for _ in 0..<times {
            let (ms, kib) = try await once()
            ready.append(ms)
            rss.append(kib / 1024)
        }
        report("start to ready", ready, unit: "ms", goal: "< 300 ms")
        report("idle RSS", rss, unit: "MiB", goal: "< 40 MB")
    }

    private func once() async throws -> (Double, Double) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SHORTLIST_") }
        environment["SHORTLIST_SERVER_LISTEN"] = "127.0.0.1:\(port)"
        environment["SHORTLIST_DATABASE_PATH"] = folder.appendingPathComponent("db.sqlite").path
        environment["SHORTLIST_SERVER_STATIC_DIR"] = FileManager.default.currentDirectoryPath + "/static"
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        while !(await healthy(port: port)) {
            guard process.isRunning, ContinuousClock.now - start < .seconds(30) else {
                throw BenchError("daemon did not become ready (run from the repository root so static/ is found)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let readyMS = (ContinuousClock.now - start).milliseconds
        try await Task.sleep(for: .seconds(2))
        return (readyMS, residentKiB(pid: process.processIdentifier))
    }

    private func healthy(port: Int) async -> Bool {
        guard let url = URL(string: "http://127.0.0.1:\(port)/healthz") else { return false }
        return await withCheckedContinuation { continuation in
            let task = URLSession.shared.dataTask(with: url) { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode == 200)
            }
            task.resume()
        }
    }

    private func residentKiB(pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return .nan }
        return Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
