import AsyncHTTPClient
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// Issue 11's journey end to end, over HTTP against the Retell simulator: the targets change after
/// the agent exists, calls start and use the new version; a candidate asks to be called back and is
/// called at that time; another calls the campaign number back; the shortlist lists the answered
/// candidates qualified first with each target's answer; a decision set on the page shows in the
/// API, the CSV and the audit log.
@Suite("Shortlist journey against the Retell simulator")
struct ShortlistJourneyTests {
    static let apiKey = "key_sim_journey"
    static let phones = ["+15125550181", "+15125550182", "+15125550183"]
    static let targets = #"""
        {"targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}},
                    {"key":"years_driving","name":"Years driving","goal_type":"number"}]}
        """#

    @Test("Edit targets → start uses the new agent version; a callback is dialled at its time; a call back is an inbound attempt; the shortlist and a decision reach the API, the CSV and the audit log")
    func journey() async throws {
        // At 60× the callback the simulator's candidate asks for lies seconds ahead of the call, so it is
        // still to come when the answer arrives and the dialer must wait for it.
        try await SimulatorApp.run(apiKey: Self.apiKey, seed: 5, concurrencyLimit: 5, speedup: 60) { app, client, sim in
            let clock = app.clock
            let harness = try await DialerHarness.make(
                app, client, candidates: Self.phones.map { ($0, nil) }, startBatch: false)
            let campaignID = harness.campaignID

            // 1. The targets change after the agent exists: the agent is out of date.
            #expect(try await app.database.agent(campaignID: campaignID)?.version == 1)
            let patched = try await client.send(.patch, "/api/v1/campaigns/\(campaignID)", token: app.recruiterToken, json: Self.targets)
            #expect(patched.status == .ok, "\(patched.text)")
            let agent = try #require(patched.object["agent"] as? [String: Any])
            #expect(agent["up_to_date"] as? Bool == false)

            // 2. Starting brings it up to date first: version 2, and every call uses it.
            // Dialled in order: answered, asks for a callback, answered; then the callback is answered.
            await sim.script([
                CallScript(outcome: .answered), CallScript(outcome: .callbackRequested), CallScript(outcome: .answered),
                CallScript(outcome: .answered),
            ])
            let batch = try await client.send(.post, "/api/v1/campaigns/\(campaignID)/batches", token: app.recruiterToken)
            #expect(batch.status == .created, "\(batch.text)")
            let current = try #require(try await app.database.agent(campaignID: campaignID))
            #expect(current.version == 2)
            #expect(current.fields.map(\.name).contains("years_driving"))
            let versions = try await app.database.writer.read { db in
                try CampaignAgentVersionRecord.filter(Column("campaign_id") == campaignID).order(Column("version")).fetchAll(db)
            }
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.last?.analysisFields.contains("years_driving") == true)

            // 3. Run the batch. The second candidate asks to be called back and is re-queued for that time.
            let dialer = harness.dialer(concurrency: 1, perSecond: 100)
            var callbackAt: Date?
            for _ in 0..<5_000 {
                let report = await dialer.tick(now: clock.now())
                let candidates = try await harness.candidates()
                if callbackAt == nil, let asked = candidates[1].callbackAt {
                    callbackAt = asked
                    #expect(candidates[1].status == .queued && candidates[1].nextAttemptAt == asked)
                }
                if candidates.allSatisfy({ $0.status == .completed }) { break }
                if try await harness.inFlight() > 0 {
                    await app.doorbell.wait(timeout: .milliseconds(20))
                } else if let next = report.nextWake {
                    clock.set(max(next, clock.now()))
                }
            }
            let candidates = try await harness.candidates()
            #expect(candidates.allSatisfy { $0.status == .completed })
            let asked = try #require(callbackAt, "nobody asked to be called back")
            let calls = try await harness.calls()
            #expect(calls.allSatisfy { $0.agentVersion == 2 && $0.retellAgentID == current.retellAgentID })
            let callbacks = calls.filter { $0.campaignCandidateID == candidates[1].id }.sorted { $0.attempt < $1.attempt }
            #expect(callbacks.count == 2)
            // The callback was placed at the time asked for, not a retry interval later.
            #expect(callbacks.last?.createdAt == asked)
            let askedText = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT callback_at FROM retell_call_analysis WHERE call_id = ?", arguments: [callbacks[0].id])
            }
            let spoken = try #require(askedText)
            // The simulator answers in UTC (`…Z`), inside the calling window: the time asked is the time dialled.
            #expect(CallbackText.parse(spoken, zone: TimeZone(secondsFromGMT: 0)!) == asked, "\(spoken)")

            // 4. The first candidate calls the campaign number back: an inbound attempt of this campaign, analysed.
            await sim.script([CallScript(outcome: .answered)])
            let placed = try await sim.placeInboundCall(from: Self.phones[0], to: "+14155550100")
            let simCallID = try #require(placed.callID, "\(placed.answer)")
            let inbound = try await InboundSimulatorTests.waitForAnalysis(harness, retellCallID: simCallID)
            #expect(inbound.direction == .inbound && inbound.campaignID == campaignID)
            #expect(inbound.campaignCandidateID == candidates[0].id && inbound.agentVersion == 2)
            let inboundAnalysis = try await app.database.writer.read { db in try CallAnalysisRecord.fetchOne(db, key: inbound.id) }
            #expect(inboundAnalysis != nil)

            // 5. The shortlist: every answered candidate, qualified first, each target's answer.
            let list = try await client.send(.get, "/api/v1/campaigns/\(campaignID)/shortlist", token: app.viewerToken)
            #expect(list.status == .ok, "\(list.text)")
            let items = try #require(list.object["items"] as? [[String: Any]])
            #expect(items.count == 3)
            let qualified = items.map { $0["qualified"] as? Bool ?? false }
            #expect(qualified == qualified.sorted { $0 && !$1 })
            for item in items {
                let answers = try #require(item["answers"] as? [String: Any])
                #expect(Set(answers.keys) == ["has_license", "years_driving"], "\(item)")
            }

            // 6. A decision set on the page shows in the API, the CSV and the audit log.
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let chosen = try #require(items.first?["campaign_candidate_id"] as? String)
            let response = try await SignInPagesTests.post(
                client, "/campaigns/\(campaignID)/shortlist/\(chosen)/decision",
                form: [("_csrf", admin.csrf), ("back", ""), ("decision", "interview")], cookie: admin.cookie)
            #expect(response.status == .seeOther || response.status == .found)
            let decided = try await client.send(.get, "/api/v1/campaigns/\(campaignID)/shortlist?decision=interview", token: app.viewerToken)
            let decidedItems = try #require(decided.object["items"] as? [[String: Any]])
            #expect(decidedItems.map { $0["campaign_candidate_id"] as? String } == [chosen])
            let csv = try await client.send(.get, "/api/v1/campaigns/\(campaignID)/results.csv", token: app.viewerToken)
            let header = try #require(csv.text.split(separator: "\r\n").first ?? csv.text.split(separator: "\n").first)
            #expect(header.contains("decision"))
            #expect(csv.text.contains(",interview,") && csv.text.contains("Interview"))
            let audit = try await app.database.writer.read { db in
                try AuditLogRecord.filter(Column("action") == "candidate.decision").fetchAll(db)
            }
            #expect(audit.count == 1 && audit.first?.subjectID == chosen && audit.first?.detail.contains("interview") == true)
        }
    }
}
