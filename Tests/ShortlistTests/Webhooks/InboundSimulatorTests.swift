import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// A candidate calls back, end to end: the app on a live local port, the Retell simulator over
/// HTTP placing the outbound calls of two campaigns to the same number, then an inbound call from
/// that number that asks the app's inbound webhook for the agent and plays out with it.
@Suite("Inbound calls against the Retell simulator")
struct InboundSimulatorTests {
    static let apiKey = "key_sim_inbound"
    static let phone = "+15125550177"

    @Test("A called candidate's call back is tracked as an inbound attempt of the newest campaign that called them, analysed, and the candidate updated")
    func callBack() async throws {
        try await SimulatorApp.run(apiKey: Self.apiKey, seed: 7, concurrencyLimit: 5) { app, client, sim in
            // Two campaigns call the same person, one after the other; both calls are answered.
            await sim.script([CallScript(outcome: .answered), CallScript(outcome: .answered)])
            let older = try await DialerHarness.make(app, client, candidates: [(Self.phone, nil)])
            try await Self.runUntilDone(older, sim: sim)
            let newer = try await DialerHarness.make(
                app, client, candidates: [(Self.phone, nil)], at: DialerHarness.wednesdayMorning.addingTimeInterval(3_600))
            try await Self.runUntilDone(newer, sim: sim)
            let before = try #require(try await newer.candidates().first)
            let olderBefore = try #require(try await older.candidates().first)

            // The candidate calls the campaign number back; an answered call with an opt-out-free analysis.
            await sim.script([CallScript(outcome: .answered)])
            let placed = try await sim.placeInboundCall(from: Self.phone, to: "+14155550100")
            #expect(placed.webhookStatus == 200)
            let simCallID = try #require(placed.callID, "\(placed.answer)")
            let inbound = try await Self.waitForAnalysis(newer, retellCallID: simCallID)

            #expect(inbound.direction == .inbound)
            #expect(inbound.campaignID == newer.campaignID)
            #expect(inbound.campaignCandidateID == before.id)
            #expect(inbound.attempt == 2)
            let simulated = try #require(await sim.calls.last)
            #expect(simulated.direction == "inbound" && simulated.fromNumber == Self.phone)
            #expect(simulated.metadata["shortlist_call_id"] == inbound.id)
            #expect(simulated.agentID == (try await app.database.agent(campaignID: newer.campaignID))?.retellAgentID)
            #expect(!placed.answer.contains(Self.phone.dropFirst()))

            let analysis = try await app.database.writer.read { db in try CallAnalysisRecord.fetchOne(db, key: inbound.id) }
            #expect(analysis != nil)
            let after = try #require(try await newer.candidates().first)
            #expect(after.lastCallID == inbound.id)
            #expect(after.status == .completed && after.outcome != nil)
            #expect(after.attempts == before.attempts)
            // The older campaign's candidate is left as it was.
            #expect(try await older.candidates().first == olderBefore)
            let detail = try await client.send(.get, "/api/v1/calls/\(inbound.id)", token: app.viewerToken)
            #expect(detail.status == .ok)
        }
    }

    @Test("A call from a number nobody called is not taken by any campaign agent and leaves no call row")
    func strangerCalls() async throws {
        let clock = FixedClock(DialerHarness.wednesdayMorning)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sim = RetellSimulator(
            configuration: SimulatorConfiguration(apiKey: Self.apiKey, speedup: 3_000, seed: 7),
            logger: logger, clock: { Int64((clock.now().timeIntervalSince1970 * 1000).rounded()) })
        _ = try await sim.start()
        var failure: (any Error)?
        do {
            let app = try await TestApp.make(webhookKeys: [Self.apiKey], clock: clock)
            try await app.test(.live) { client in
                await sim.redirectInboundWebhook(to: "http://127.0.0.1:\(try #require(client.port))/webhooks/retell/inbound")
                let placed = try await sim.placeInboundCall(from: "+15125550111", to: "+14155550100")
                #expect(placed.webhookStatus == 200 && placed.callID == nil)
                #expect(placed.answer == #"{"call_inbound":{}}"#)
                #expect(await sim.calls.isEmpty)
                let rows = try await app.database.writer.read { db in try RetellCallRecord.fetchCount(db) }
                #expect(rows == 0)
            }
        } catch {
            failure = error
        }
        await sim.stop()
        if let failure { throw failure }
    }

    /// Ticks the dialer until every candidate of the harness is done, waiting for webhooks while
    /// calls are in flight and moving the clock to the next due time otherwise.
    static func runUntilDone(_ harness: DialerHarness, sim: RetellSimulator) async throws {
        let dialer = harness.dialer(concurrency: 5, perSecond: 100)
        for _ in 0..<5_000 {
            let report = await dialer.tick(now: harness.app.clock.now())
            if try await harness.candidates().allSatisfy({ $0.status == .completed }) { return }
            if try await harness.inFlight() > 0 {
                await harness.app.doorbell.wait(timeout: .milliseconds(20))
            } else if let next = report.nextWake {
                harness.app.clock.set(max(next, harness.app.clock.now()))
            }
        }
        Issue.record("the campaign's candidates never finished")
    }

    /// Our row for Retell's call, once its analysis has been applied (webhooks arrive on their own).
    static func waitForAnalysis(_ harness: DialerHarness, retellCallID: String) async throws -> RetellCallRecord {
        for _ in 0..<1_000 {
            let row = try await harness.app.database.writer.read { db in
                try RetellCallRecord.filter(Column("retell_call_id") == retellCallID).fetchOne(db)
            }
            if let row, row.status == .analyzed { return row }
            await harness.app.doorbell.wait(timeout: .milliseconds(20))
        }
        throw InboundTimeout()
    }

    struct InboundTimeout: Error {}
}
