import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting

/// The rows the cases aim at: a job, a campaign with a target of every type, three candidates
/// and a placed call for each (the rows the dialer leaves behind, written directly).
enum FuzzSeed {
    struct SeedError: Error, CustomStringConvertible { var description: String }

    static func make(
        _ client: any TestClientProtocol, inspector: DatabaseQueue, cookie: String, csrf: String, token: String, email: String
    ) async throws -> FuzzTargets {
        let jobID = try await create(client, "/api/v1/jobs", token: token, json: #"{"company":"Acme","title":"Driver"}"#)
        let campaignID = try await create(client, "/api/v1/campaigns", token: token, json: """
            {"name":"Fuzz","job_id":"\(jobID)","calling":{"max_attempts":3,"retry_after_minutes":60},
             "targets":[{"key":"has_license","name":"Licence","goal_type":"boolean","knockout":{"equals":true}},
                        {"key":"expected_salary","name":"Salary","goal_type":"number","knockout":{"max":60000}},
                        {"key":"shift","name":"Shift","goal_type":"choice","choices":["day","night"]},
                        {"key":"notes","name":"Notes","goal_type":"text"}]}
            """)
        let imported = try await post(client, "/api/v1/campaigns/\(campaignID)/candidates", token: token, json: """
            [{"full_name":"Ann One","phone":"+15125550131"},{"full_name":"Bo Two","phone":"+15125550132"},
             {"full_name":"Cy Three","phone":"+15125550133"}]
            """)
        guard imported.status.code < 300 else { throw SeedError(description: "candidate import answered \(imported.status.code)") }
        let calls = try await inspector.write { db -> [(id: String, retellID: String)] in
            let rows = try Row.fetchAll(db, sql: "SELECT cc.id AS id, c.phone AS phone FROM campaign_candidates cc JOIN candidates c ON c.id = cc.candidate_id WHERE cc.campaign_id = ? ORDER BY cc.seq", arguments: [campaignID])
            var calls: [(id: String, retellID: String)] = []
            let now = "2026-11-18 11:06:40.000"
            for (index, row) in rows.enumerated() {
                let candidate: String = row["id"]
                let call = (id: "fuzz-call-\(index)", retellID: "call_fuzz_\(index)")
                try db.execute(sql: """
                    INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, attempt, retell_call_id, retell_agent_id,
                      agent_version, phone_number, call_status, created_at, updated_at, idempotency_key)
                    VALUES (?, ?, ?, 1, ?, 'agent_fuzz', 1, ?, 'registered', ?, ?, ?)
                    """, arguments: [call.id, campaignID, candidate, call.retellID, row["phone"] as String, now, now, "idem-fuzz-\(index)"])
                try db.execute(sql: "UPDATE campaign_candidates SET status = 'calling', attempts = 1, last_call_id = ? WHERE id = ?",
                               arguments: [call.id, candidate])
                calls.append(call)
            }
            return calls
        }
        guard !calls.isEmpty else { throw SeedError(description: "no candidates were imported") }
        let candidateID = try await inspector.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM campaign_candidates WHERE campaign_id = ? ORDER BY seq", arguments: [campaignID])
        } ?? ""
        return FuzzTargets(
            jobID: jobID, campaignID: campaignID, candidateID: candidateID, calls: calls, sessionCookie: cookie, csrf: csrf,
            adminToken: token, adminEmail: email)
    }

    private static func post(_ client: any TestClientProtocol, _ path: String, token: String, json: String) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(string: json))
    }

    /// Posts `json` and returns the new row's `id`.
    private static func create(_ client: any TestClientProtocol, _ path: String, token: String, json: String) async throws -> String {
        let response = try await post(client, path, token: token, json: json)
        let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any]
        guard let id = object?["id"] as? String else {
            throw SeedError(description: "\(path) answered \(response.status.code): \(String(buffer: response.body).prefix(200))")
        }
        return id
    }
}
