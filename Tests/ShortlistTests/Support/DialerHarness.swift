import Foundation
import GRDB
import HummingbirdTesting
import Logging
import Retell
import Testing
@testable import Shortlist

/// A campaign with an agent and imported candidates, set up through the API, and a dialer over
/// the app's database and in-memory Retell. The clock starts on a Wednesday at 11:00 in Chicago.
struct DialerHarness {
    /// 2026-11-18T17:00:00Z, a Wednesday: 11:00 in Chicago, 12:00 in New York, 02:00 next day in Tokyo.
    static let wednesdayMorning = Date(timeIntervalSince1970: 1_795_021_200)

    let app: TestApp
    let client: any TestClientProtocol
    let campaignID: String
    let batchID: String

    /// - Parameters:
    ///   - candidates: `(phone, timezone)` for each candidate, imported in this order.
    static func make(
        _ app: TestApp, _ client: any TestClientProtocol, candidates: [(String, String?)],
        calling: String = #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"],"max_attempts":3,"retry_after_minutes":60}"#,
        startBatch: Bool = true, at start: Date = wednesdayMorning
    ) async throws -> DialerHarness {
        app.clock.set(start)
        let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver","location":"Austin"}"#)
        let jobID = try #require(job.object["id"] as? String)
        let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: """
            {"name":"Spring","job_id":"\(jobID)","calling":\(calling),
             "targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}}]}
            """)
        let campaignID = try #require(campaign.object["id"] as? String, "\(campaign.text)")
        let agent = try await client.send(.post, "/api/v1/campaigns/\(campaignID)/agent", token: app.recruiterToken)
        #expect(agent.status == .ok, "\(agent.text)")
        let rows = candidates.enumerated().map { index, candidate in
            let zone = candidate.1.map { #","timezone":"\#($0)""# } ?? ""
            return #"{"full_name":"Person \#(index) Example","phone":"\#(candidate.0)"\#(zone)}"#
        }
        let imported = try await client.send(
            .post, "/api/v1/campaigns/\(campaignID)/candidates", token: app.recruiterToken, json: "[\(rows.joined(separator: ","))]")
        #expect(imported.object["imported"] as? Int == candidates.count, "\(imported.text)")
        var batchID = ""
        if startBatch {
            let batch = try await client.send(.post, "/api/v1/campaigns/\(campaignID)/batches", token: app.recruiterToken)
            #expect(batch.status == .created, "\(batch.text)")
            batchID = try #require(batch.object["id"] as? String)
        }
        return DialerHarness(app: app, client: client, campaignID: campaignID, batchID: batchID)
    }

    /// `count` US numbers, all in the campaign's zone.
    static func phones(_ count: Int, from first: Int = 1000) -> [(String, String?)] {
        (0..<count).map { ("+1512555\(first + $0)", nil) }
    }

    /// The in-memory Retell twin (for tests that script failures or read requests).
    var retell: InMemoryRetellClient { app.retell! }

    func dialer(concurrency: Int = 20, perSecond: Double = 100) -> Dialer {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return Dialer(
            database: app.database, retell: app.retellClient!, limits: DialLimits(concurrency: concurrency, callsPerSecond: perSecond),
            logger: logger, status: app.dialerStatus)
    }

    func tick(_ dialer: Dialer) async -> Dialer.Report {
        await dialer.tick(now: app.clock.now())
    }

    // MARK: Reading

    func candidates() async throws -> [CampaignCandidateRecord] {
        try await app.database.writer.read { db in
            try CampaignCandidateRecord.filter(Column("campaign_id") == campaignID).order(Column("seq")).fetchAll(db)
        }
    }

    func calls(status: [Shortlist.CallStatus]? = nil) async throws -> [RetellCallRecord] {
        try await app.database.writer.read { db in
            var request = RetellCallRecord.order(Column("created_at"), Column("id"))
            if let status { request = request.filter(status.map(\.rawValue).contains(Column("call_status"))) }
            return try request.fetchAll(db)
        }
    }

    func inFlight() async throws -> Int {
        try await calls(status: Shortlist.CallStatus.allCases.filter(\.isInFlight)).count
    }

    func batch(_ id: String? = nil) async throws -> BatchRecord {
        try await app.database.writer.read { db in try #require(try BatchRecord.fetchOne(db, key: id ?? batchID)) }
    }

    /// Numbers of the calls Retell placed, in order (a replayed idempotency key places none).
    func placedNumbers() async -> [String] {
        await retell.createdCalls.map(\.toNumber)
    }

    // MARK: Webhooks

    /// Ends one of our calls with a signed `call_ended` (not connected, `reason`).
    func end(_ call: RetellCallRecord, reason: String = "dial_no_answer") async throws {
        let retellID = try #require(call.retellCallID)
        let body = Hook.body("call_ended", callID: retellID, status: "not_connected", reason: reason,
                             metadata: #"{"shortlist_call_id":"\#(call.id)"}"#)
        let response = try await Hook.post(client, body, app: app)
        #expect(response.status == .noContent, "\(response.text)")
    }

    /// Ends one of our calls as a conversation and analyses it.
    func converse(_ call: RetellCallRecord, custom: String = #"{"available_to_work":true,"interested":true,"has_license":true}"#) async throws {
        let retellID = try #require(call.retellCallID)
        let metadata = #"{"shortlist_call_id":"\#(call.id)"}"#
        for event in ["call_ended", "call_analyzed"] {
            let body = Hook.body(event, callID: retellID, status: "ended", reason: "user_hangup", custom: custom, metadata: metadata)
            let response = try await Hook.post(client, body, app: app)
            #expect(response.status == .noContent, "\(response.text)")
        }
    }
}
