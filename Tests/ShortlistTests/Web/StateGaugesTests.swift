import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

/// The state gauges DESIGN §1 promises on `/metrics`: calls by status, active calls, queue depth,
/// recordings pending and background work waiting, read at scrape time at most every 10 s.
@Suite("Metrics: state gauges")
struct StateGaugesTests {
    static func scrape(_ client: any TestClientProtocol) async throws -> [String: Double] {
        let response = try await client.send(.get, "/metrics")
        #expect(response.status == .ok)
        var values: [String: Double] = [:]
        for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            values[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        return values
    }

    @Test("/metrics shows calls by status, active calls, queued and due candidates, recordings pending and work by kind, refreshed at most every 10 s")
    func gauges() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            _ = try await client.send(.post, "/api/v1/campaigns/\(seed.campaignID)/candidates", token: app.recruiterToken,
                                      json: #"[{"full_name":"Ann Lee","phone":"+15125550135"},{"full_name":"Bo Kim","phone":"+15125550136"}]"#)
            let now = app.clock.now()
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    UPDATE campaign_candidates SET status = 'queued', next_attempt_at =
                      CASE (SELECT phone FROM candidates WHERE candidates.id = candidate_id) WHEN '+15125550135' THEN ? ELSE ? END
                    WHERE id <> ?
                    """, arguments: [now.addingTimeInterval(-60), now.addingTimeInterval(3_600), seed.candidateID])
                try app.database.enqueueWork(.fetchRecording, subject: seed.callID, db: db)
                try app.database.enqueueWork(.deleteRetellCall, subject: "call_gone_1", db: db)
                try app.database.enqueueWork(.deleteRetellCall, subject: "call_gone_2", db: db)
                try db.execute(sql: """
                    INSERT INTO call_recordings (call_id, status, created_at, updated_at) VALUES (?, 'pending', ?, ?)
                    """, arguments: [seed.callID, now, now])
            }
            let first = try await Self.scrape(client)
            #expect(first[#"shortlist_calls{status="registered"}"#] == 1)
            #expect(first[#"shortlist_calls{status="ended"}"#] == 0)
            #expect(first["shortlist_calls_active"] == 1)
            #expect(first["shortlist_candidates_queued"] == 2)
            #expect(first["shortlist_candidates_due"] == 1)
            #expect(first["shortlist_recordings_pending"] == 1)
            #expect(first[#"shortlist_work_items{kind="fetch_recording"}"#] == 1)
            #expect(first[#"shortlist_work_items{kind="delete_retell_call"}"#] == 2)

            #expect(try await Hook.post(client, Hook.body("call_ended", status: "ended", reason: "user_hangup"), app: app).status == .noContent)
            // A scrape within 10 s of the last reuses its reading.
            app.clock.advance(by: 9)
            #expect(try await Self.scrape(client)["shortlist_calls_active"] == 1)
            app.clock.advance(by: 1)
            let later = try await Self.scrape(client)
            #expect(later[#"shortlist_calls{status="registered"}"#] == 0)
            #expect(later[#"shortlist_calls{status="ended"}"#] == 1)
            #expect(later["shortlist_calls_active"] == 0)
        }
    }
}
