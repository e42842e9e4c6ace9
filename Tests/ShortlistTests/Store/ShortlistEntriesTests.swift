import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

/// `shortlist_entries` (migration `v6_shortlist`) is kept by triggers whichever code writes calls,
/// analyses, candidates and names; these tests change each behind the store's back.
@Suite("Shortlist entries kept by triggers")
struct ShortlistEntriesTests {
    static func entries(_ app: TestApp) async throws -> [Row] {
        try await app.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM shortlist_entries ORDER BY campaign_candidate_id")
        }
    }

    @Test("A later voicemail keeps the answered call on the list, a rename and a decision follow, and a voicemail analysis lists nobody")
    func triggers() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await Self.entries(app).isEmpty)
            for event in ["call_ended", "call_analyzed"] {
                let response = try await Hook.post(client, Hook.body(event, status: "ended", reason: "user_hangup",
                    custom: #"{"available_to_work":true,"interested":true,"has_license":true,"expected_salary":50000}"#), app: app)
                #expect(response.status == .noContent)
            }
            #expect(try await app.database.shortlistRow(campaignCandidateID: seed.candidateID)?.callID == seed.callID)
            try await app.database.writer.write { db in
                // A second attempt that reached a voicemail, analysed as one: the answered call stays the row's call.
                try db.execute(sql: """
                    INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, attempt, retell_call_id, retell_agent_id,
                      agent_version, phone_number, call_status, disconnection_reason, created_at, updated_at, idempotency_key)
                    VALUES ('call-row-2', ?, ?, 2, 'call_test_2', 'agent_1', 1, '+15125550134', 'ended', 'user_hangup', ?, ?, 'idem-2')
                    """, arguments: [seed.campaignID, seed.candidateID, app.clock.now().addingTimeInterval(60), app.clock.now()])
                try db.execute(sql: """
                    INSERT INTO retell_call_analysis (call_id, in_voicemail, custom_responses, created_at, updated_at)
                    VALUES ('call-row-2', 1, '{}', ?, ?)
                    """, arguments: [app.clock.now(), app.clock.now()])
                try db.execute(sql: "UPDATE candidates SET full_name = 'Jane Roe'")
            }
            let entries = try await Self.entries(app)
            #expect(entries.count == 1)
            #expect(entries.first?["call_id"] as String? == seed.callID)
            #expect(entries.first?["full_name"] as String? == "Jane Roe")
            #expect(entries.first?["qualified"] as Bool? == true)
            // The voicemail flag arriving late on the answered call takes the candidate off the list.
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_call_analysis SET in_voicemail = 1 WHERE call_id = ?", arguments: [seed.callID])
            }
            #expect(try await Self.entries(app).isEmpty)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE retell_call_analysis SET in_voicemail = 0 WHERE call_id = ?", arguments: [seed.callID])
            }
            _ = try await app.database.decide(
                campaignCandidateID: seed.candidateID, DecisionChange(decision: .some(.interview), note: nil), by: .cli)
            #expect(try await Self.entries(app).first?["decision"] as String? == "interview")
            let interview = try await app.database.shortlist(
                campaignID: seed.campaignID, filter: .decided(.interview), order: .standard, after: nil, limit: 10)
            #expect(interview.items.map(\.fullName) == ["Jane Roe"])
        }
    }

    @Test("The migration's backfill finds the same rows as the triggers keep")
    func backfill() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            _ = try await ShortlistScenario.make(app, client)
            let kept = try await Self.entries(app)
            #expect(kept.count == 3)
            try await app.database.writer.write { db in
                try db.execute(sql: "DELETE FROM shortlist_entries")
                try db.execute(sql: Migrations.v6Shortlist[3])
            }
            #expect(try await Self.entries(app) == kept)
        }
    }
}
