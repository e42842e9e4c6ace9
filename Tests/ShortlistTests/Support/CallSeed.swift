import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Retell
import Testing
@testable import Shortlist

/// A campaign with targets, one candidate being called, and our call row — what the dialer leaves
/// behind when it has placed a call (built directly here; the dialer is another piece).
struct CallSeed {
    let campaignID: String
    let candidateID: String
    let callID: String
    let phone = "+15125550134"

    /// `retellCallID` nil: the create-phone-call answer has not arrived yet.
    static func make(
        _ app: TestApp, client: any TestClientProtocol, retellCallID: String? = "call_test_1",
        attempts: Int = 1, maxAttempts: Int = 3
    ) async throws -> CallSeed {
        let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver"}"#)
        let jobID = try #require(job.object["id"] as? String)
        let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: """
            {"name":"Spring","job_id":"\(jobID)","calling":{"max_attempts":\(maxAttempts),"retry_after_minutes":60},
             "targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}},
                        {"key":"expected_salary","name":"Salary","goal_type":"number","knockout":{"max":60000}},
                        {"key":"shift","name":"Shift","goal_type":"choice","choices":["day","night"]}]}
            """)
        let campaignID = try #require(campaign.object["id"] as? String)
        _ = try await client.send(.post, "/api/v1/campaigns/\(campaignID)/candidates", token: app.recruiterToken,
                                  json: #"[{"full_name":"Jane Doe","phone":"+15125550134"}]"#)
        let callID = "call-row-1"
        let candidateID = try await app.database.writer.write { db -> String in
            let candidate = try #require(try String.fetchOne(db, sql: "SELECT id FROM campaign_candidates WHERE campaign_id = ?", arguments: [campaignID]))
            try db.execute(sql: """
                INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, attempt, retell_call_id, retell_agent_id,
                  agent_version, phone_number, call_status, created_at, updated_at, idempotency_key)
                VALUES (?, ?, ?, ?, ?, 'agent_1', 1, '+15125550134', ?, ?, ?, 'idem-1')
                """, arguments: [callID, campaignID, candidate, attempts, retellCallID, retellCallID == nil ? "dialing" : "registered",
                                 app.clock.now(), app.clock.now()])
            try db.execute(sql: "UPDATE campaign_candidates SET status = 'calling', attempts = ?, last_call_id = ? WHERE id = ?",
                           arguments: [attempts, callID, candidate])
            return candidate
        }
        return CallSeed(campaignID: campaignID, candidateID: candidateID, callID: callID)
    }

    func call(_ app: TestApp) async throws -> RetellCallRecord {
        try await app.database.writer.read { db in try RetellCallRecord.fetchOne(db, key: callID)! }
    }

    func candidate(_ app: TestApp) async throws -> CampaignCandidateRecord {
        try await app.database.writer.read { db in try CampaignCandidateRecord.fetchOne(db, key: candidateID)! }
    }

    func analysis(_ app: TestApp) async throws -> CallAnalysisRecord? {
        try await app.database.writer.read { db in try CallAnalysisRecord.fetchOne(db, key: callID) }
    }
}

/// Webhook bodies shaped like Retell's, and posting them signed.
enum Hook {
    static func body(
        _ event: String, callID: String = "call_test_1", status: String, reason: String? = nil,
        custom: String? = nil, metadata: String? = #"{"shortlist_call_id":"call-row-1"}"#, extra: String = ""
    ) -> String {
        var call = #""call_id":"\#(callID)","agent_id":"agent_1","agent_version":3,"call_type":"phone_call","direction":"outbound","from_number":"+14155550100","to_number":"+15125550134","call_status":"\#(status)""#
        if let metadata { call += #","metadata":\#(metadata)"# }
        if status != "registered" { call += #","start_timestamp":1795000000000"# }
        if event != "call_started" {
            call += #","end_timestamp":1795000095000,"duration_ms":95000,"transcript":"Agent: Hello\nUser: Hi","recording_url":"https://r.example/rec.wav","call_cost":{"combined_cost":31.6,"total_duration_seconds":95}"#
        }
        if let reason { call += #","disconnection_reason":"\#(reason)""# }
        if event == "call_analyzed" {
            call += #","call_analysis":{"call_summary":"Keen, licensed.","user_sentiment":"Positive","call_successful":true,"in_voicemail":false"#
            if let custom { call += #","custom_analysis_data":\#(custom)"# }
            call += "}"
        }
        return #"{"event":"\#(event)","call":{\#(call)\#(extra)}}"#
    }

    static func post(
        _ client: any TestClientProtocol, _ body: String, app: TestApp, signature: String? = "sign", key: String = TestApp.webhookKey,
        at timestampMS: Int64? = nil
    ) async throws -> TestResponse {
        let now = Int64((app.clock.now().timeIntervalSince1970 * 1000).rounded())
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature {
            headers[HTTPField.Name("X-Retell-Signature")!] = signature == "sign"
                ? WebhookSignature.sign(body: Data(body.utf8), key: key, timestampMS: timestampMS ?? now) : signature
        }
        return try await client.execute(uri: "/webhooks/retell", method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
