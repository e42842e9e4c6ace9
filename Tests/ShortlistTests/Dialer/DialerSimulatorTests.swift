import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// The dialer end to end: the app on a live local port, the Retell simulator over HTTP placing
/// seeded calls on a compressed timeline and posting signed webhooks back. The clock is the app's
/// fixed clock, shared with the simulator; the loop below moves it on only when nothing is in
/// flight, to the next time something is due (a retry an hour later, the next window opening).
@Suite("Dialer against the Retell simulator")
struct DialerSimulatorTests {
    static let apiKey = "key_sim_dialer"
    static let zones = [("+121255501", "America/New_York"), ("+131255501", "America/Chicago"),
                        ("+121355501", "America/Los_Angeles"), ("+4420794600", "Europe/London")]

    @Test("A 50-candidate campaign runs to completion, every candidate terminal, the concurrency limit never exceeded")
    func fiftyCandidates() async throws {
        try await SimulatorApp.run(apiKey: Self.apiKey, seed: 11, concurrencyLimit: 10) { app, client, sim in
            let clock = app.clock
            let people = (0..<50).map { index in
                let zone = Self.zones[index % Self.zones.count]
                return ("\(zone.0)\(String(format: "%02d", index))", Optional(zone.1))
            }
            let harness = try await DialerHarness.make(app, client, candidates: people)
            let dialer = harness.dialer(concurrency: 10, perSecond: 100)
            var maxInFlight = 0
            var finished = false
            for _ in 0..<20_000 {
                let report = await dialer.tick(now: clock.now())
                let inFlight = try await harness.inFlight()
                maxInFlight = max(maxInFlight, inFlight)
                if try await harness.candidates().allSatisfy({ $0.status == .completed }) {
                    finished = true
                    break
                }
                if inFlight > 0 {
                    await app.doorbell.wait(timeout: .milliseconds(20))
                } else if let next = report.nextWake {
                    clock.set(max(next, clock.now()))
                }
            }
            #expect(finished)
            #expect(maxInFlight <= 10)
            #expect(await sim.maxConcurrentObserved <= 10)
            let candidates = try await harness.candidates()
            #expect(candidates.allSatisfy { $0.outcome != nil && $0.attempts >= 1 && $0.attempts <= 3 })
            // Every call the simulator placed is one of ours, once; nobody beyond three attempts.
            let simulated = await sim.calls
            let ours = try await harness.calls().compactMap(\.retellCallID)
            #expect(Set(simulated.map(\.callID)) == Set(ours))
            #expect(simulated.count == ours.count)
            let perNumber = Dictionary(grouping: simulated, by: \.toNumber)
            #expect(perNumber.count == 50)
            #expect(perNumber.values.allSatisfy { $0.count <= 3 })
            let batch = try await harness.batch()
            #expect(batch.status == .completed)
            #expect(batch.completedCalls + batch.failedCalls == simulated.count)
            let report = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/report", token: app.viewerToken).object
            #expect(report["placed_calls"] as? Int == simulated.count)
        }
    }
}
