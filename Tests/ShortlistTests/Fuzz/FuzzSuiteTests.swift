import Foundation
import ShortlistFuzz
import Testing

/// The bounded fuzz run of `swift test`: a fixed seed, every family of hostile input, through the
/// real application. A longer run is `shortlist-bench fuzz --cases N --seed S`.
@Suite("Fuzz: hostile input never crashes the daemon nor corrupts its state")
struct FuzzSuiteTests {
    static let seed: UInt64 = 20_261_205

    func run(_ family: FuzzRequest.Family, cases: Int) async throws {
        // Long texts of 64 KiB keep the run short; the bench mode uses 1 MiB.
        let harness = FuzzHarness(seed: Self.seed, staticDir: TestApp.repositoryRoot.appendingPathComponent("static").path, longTextBytes: 1 << 16)
        let report = try await harness.run(cases: cases, families: [family])
        #expect(report.cases == cases)
        #expect(report.failures.isEmpty, "\(report.failures.prefix(10).joined(separator: "\n"))")
    }

    @Test("Signed webhooks with hostile analysis values, costs, durations, timestamps and metadata are answered below 500")
    func webhooks() async throws { try await run(.webhook, cases: 300) }

    @Test("Every admin form and page query with hostile fields and buttons is answered below 500 and a rejected one writes nothing")
    func forms() async throws { try await run(.form, cases: 300) }

    @Test("JSON API bodies and list queries with hostile values are answered below 500 and a rejected one writes nothing")
    func api() async throws { try await run(.api, cases: 300) }

    @Test("Multipart uploads and CSV files with hostile framing and cells are answered below 500")
    func uploads() async throws { try await run(.upload, cases: 150) }

    @Test("The same seed generates the same cases")
    func deterministic() {
        var first = HostileInput(seed: 7), second = HostileInput(seed: 7)
        let a = (0..<50).map { _ in first.jsonValue() }
        let b = (0..<50).map { _ in second.jsonValue() }
        #expect(a == b)
        var third = HostileInput(seed: 8)
        #expect((0..<50).map { _ in third.jsonValue() } != a)
    }
}
