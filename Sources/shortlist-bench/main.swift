import Foundation
import Shortlist

// Benchmarks print figures; they assert nothing. Run in release:
//   swift run -c release shortlist-bench all
// Commands: import | startup | rss | webhooks | dialer | pages [candidates] | fuzz [--cases N] [--seed S] |
// recordings [MiB] | disk [calls] [--as-before] | all. Each figure is the median of several runs.

let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? "all"
let runs = 5

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func report(_ name: String, _ values: [Double], unit: String, goal: String, digits: Int = 1) {
    let format = "%.\(digits)f"
    let shown = values.map { String(format: format, $0) }.joined(separator: ", ")
    print("\(name): median \(String(format: format, median(values))) \(unit) (runs: \(shown); goal \(goal))")
}

switch which {
case "import":
    try await ImportBenchmark(rows: 100_000).run(times: runs)
case "startup", "rss":
    try await DaemonBenchmark().run(times: runs)
case "webhooks":
    try await WebhookBenchmark(calls: arguments.dropFirst().first.flatMap { Int($0) } ?? 5_000).run(times: runs)
case "dialer":
    try await DialerBenchmark(candidates: arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000).run(times: 3)
case "pages":
    try await PageBenchmark(candidates: arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000).run(times: 3)
case "recordings":
    try await RecordingBenchmark(mebibytes: arguments.dropFirst().first.flatMap { Int($0) }.map { min(max($0, 1), 1_024) } ?? 32).run(times: runs)
case "fuzz":
    try await FuzzBenchmark(arguments: Array(arguments.dropFirst())).run()
case "disk":
    try await DiskBenchmark(arguments: Array(arguments.dropFirst())).run()
case "all":
    try await ImportBenchmark(rows: 100_000).run(times: runs)
    try await DaemonBenchmark().run(times: runs)
    try await WebhookBenchmark(calls: 5_000).run(times: runs)
    try await DialerBenchmark(candidates: 1_000).run(times: 3)
    try await PageBenchmark(candidates: 100_000).run(times: 3)
    try await RecordingBenchmark(mebibytes: 32).run(times: runs)
default:
    FileHandle.standardError.write(Data("usage: shortlist-bench import|startup|rss|webhooks|dialer|pages|fuzz [--cases N] [--seed S]|recordings [MiB]|disk [calls] [--as-before]|all\n".utf8))
    exit(1)
}
