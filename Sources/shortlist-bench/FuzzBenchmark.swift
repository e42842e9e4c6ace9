import Foundation
import ShortlistFuzz

/// `fuzz [--cases N] [--seed S]`: the fuzz suite's generators for N cases against the real
/// application; prints cases run, failures found (each with its case number, to replay) and cases/second.
struct FuzzBenchmark {
    var cases = 2_000
    var seed: UInt64 = 20_261_205
    /// The first case's number: `--from 373 --cases 1` replays case 373 alone.
    var first = 0

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--cases":
                guard let number = Int(value), number > 0 else { throw BenchError("--cases must be a positive whole number") }
                cases = number
            case "--seed":
                guard let number = UInt64(value) else { throw BenchError("--seed must be a whole number from 0 to 2^64-1") }
                seed = number
            case "--from":
                guard let number = Int(value), number >= 0 else { throw BenchError("--from must be a whole number from 0") }
                first = number
            default:
                throw BenchError("unknown option \(flag); use --cases N --seed S [--from K]")
            }
        }
    }

    func run() async throws {
        let harness = FuzzHarness(seed: seed, staticDir: FileManager.default.currentDirectoryPath + "/static")
        let report = try await harness.run(cases: cases, first: first)
        for failure in report.failures { print("failure: \(failure)") }
        print("answers: " + report.answers.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        print(String(format: "slowest case: %.0f ms (", report.slowest.milliseconds) + report.slowest.label + ")")
        print("fuzz: seed \(seed), \(report.cases) cases run, \(report.failures.count) failures found, "
              + String(format: "%.1f cases/s", report.casesPerSecond))
        if !report.failures.isEmpty { exit(1) }
    }
}
