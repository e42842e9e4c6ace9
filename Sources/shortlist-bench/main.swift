import Foundation
import Shortlist

// Benchmarks print figures; they assert nothing. Run in release:
//   swift run -c release shortlist-bench all
// Commands: import | startup | rss | webhooks | all. Each figure is the median of several runs.

let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? "all"
let runs = 5

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func report(_ name: String, _ values: [Double], unit: String, goal: String) {
    let shown = values.map { String(format: "%.1f", $0) }.joined(separator: ", ")
    print(String(format: "%@: median %.1f %@ (runs: %@; goal %@)", name, median(values), unit, shown, goal))
}

switch which {
case "import":
    try await ImportBenchmark(rows: 100_000).run(times: runs)
case "startup", "rss":
    try await DaemonBenchmark().run(times: runs)
case "webhooks":
    try await WebhookBenchmark(calls: arguments.dropFirst().first.flatMap { Int($0) } ?? 5_000).run(times: runs)
case "all":
    try await ImportBenchmark(rows: 100_000).run(times: runs)
    try await DaemonBenchmark().run(times: runs)
    try await WebhookBenchmark(calls: 5_000).run(times: runs)
default:
    FileHandle.standardError.write(Data("usage: shortlist-bench import|startup|rss|webhooks|all\n".utf8))
    exit(1)
}
