import Foundation
import Shortlist

/// Imports a generated CSV of `rows` candidates into a fresh file database: parse, validate and
/// normalise, then store in one transaction — the same calls the import endpoint makes.
struct ImportBenchmark {
    let rows: Int

    func csv() -> Data {
        let areas = ["212", "312", "415", "512", "617", "702", "206", "303", "404", "713"]
        var text = "full_name,phone,email,timezone,external_id,consent\r\n"
        text.reserveCapacity(rows * 90)
        for index in 0..<rows {
            let area = areas[index % areas.count]
            let exchange = 200 + (index / areas.count) / 10_000
            let line = (index / areas.count) % 10_000
            let phone = "(\(area)) \(exchange)-\(String(format: "%04d", line))"
            text += "\"Candidate \(index), Jr\",\(phone),c\(index)@example.com,America/Chicago,ATS-\(index),web form\r\n"
        }
        return Data(text.utf8)
    }

    func run(times: Int) async throws {
        let data = csv()
        print("import: \(rows) rows, \(data.count / 1024) KiB of CSV")
        var parse: [Double] = []
        var store: [Double] = []
        var total: [Double] = []
        var storeCPU: [Double] = []
        for _ in 0..<times {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = try AppDatabase.openFile(path: folder.appendingPathComponent("db.sqlite").path, busyTimeoutMS: 5_000)
            try database.migrate()
            let campaign = try await BenchData.campaign(database)

            let start = ContinuousClock.now
            let plan = try CandidateImport.plan(csv: try CSVParser.parse(data), defaultCountry: "US")
            let parsed = ContinuousClock.now
            let cpuBefore = cpuSeconds()
            let result = try await database.importCandidates(plan.drafts, into: campaign, by: .cli, format: "csv")
            let done = ContinuousClock.now
            storeCPU.append((cpuSeconds() - cpuBefore) * 1000)
            precondition(result.imported == rows, "imported \(result.imported) of \(rows)")
            parse.append((parsed - start).milliseconds)
            store.append((done - parsed).milliseconds)
            total.append((done - start).milliseconds)
            try database.close()
        }
        report("import parse+validate", parse, unit: "ms", goal: "-")
        report("import store (one transaction)", store, unit: "ms", goal: "-")
        report("import store, CPU time of the process", storeCPU, unit: "ms", goal: "-")
        report("import total", total, unit: "ms", goal: "< 3000 ms")
    }
}

/// User + system CPU seconds this process has used so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
