import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Preview, report and results")
struct ReportsTests {
    @Test("The preview counts who is dialable now, who waits for their window and who is skipped, before any money is spent")
    func preview() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: [
                ("+15125551000", nil), ("+15125551001", nil), ("+15125551002", nil),
                ("+81312345678", "Asia/Tokyo"),
            ], startBatch: false)
            _ = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"+15125551002"}"#)
            let response = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/preview", token: app.viewerToken)
            #expect(response.status == .ok)
            let body = response.object
            #expect(body["eligible"] as? Int == 2)
            #expect(body["outside_hours"] as? Int == 1)
            #expect(body["skipped"] as? [String: Int] == ["do_not_call": 1, "outside_hours": 1])
            #expect(body["first_dial_at"] as? String == "2026-11-18T17:00:00Z")
            // No history yet: 3 candidates a batch would take × 2 minutes, 18 cents each.
            #expect(body["estimated_minutes"] as? Int == 6)
            #expect(body["estimated_cost_cents"] as? Int == 54)
            #expect(body["estimate_basis"] as? String == "default")
            #expect(await harness.retell.createdCalls.isEmpty)
        }
    }

    @Test("The report gives the five metrics from the calls, and null rates before anything happened")
    func report() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(4),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":2,"retry_after_minutes":60}"#)
            let empty = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/report", token: app.viewerToken).object
            #expect(empty["candidates"] as? Int == 4)
            #expect(empty["call_completion_rate"] is NSNull)
            #expect(empty["cost_per_qualified_lead_cents"] is NSNull)

            _ = await harness.tick(harness.dialer())
            let calls = try await harness.calls()
            try await harness.converse(calls[0])  // qualified, 31.6 cents
            try await harness.converse(calls[1], custom: #"{"available_to_work":true,"interested":false}"#)  // 31.6 cents
            try await harness.end(calls[2], reason: "dial_no_answer")
            try await harness.end(calls[3], reason: "voicemail_reached")
            let body = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/report", token: app.viewerToken).object
            #expect(body["placed_calls"] as? Int == 4)
            #expect(body["completed_calls"] as? Int == 2)
            #expect(body["called"] as? Int == 4)
            #expect(body["answered"] as? Int == 2)
            #expect(body["qualified"] as? Int == 1)
            #expect(body["call_completion_rate"] as? Double == 0.5)
            #expect(body["response_rate"] as? Double == 0.5)
            #expect(body["qualification_rate"] as? Double == 0.5)
            // 2 answered × 10 manual minutes + 2 unanswered attempts × 2 minutes.
            #expect(body["time_saved_minutes"] as? Int == 24)
            let cost = try #require(body["total_cost_cents"] as? Int)
            #expect(cost > 0)
            #expect(body["cost_per_qualified_lead_cents"] as? Int == cost)
        }
    }

    @Test("results.csv has one row a candidate with the standard answers and a column per target; viewers get masked phones")
    func resultsCSV() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3))
            _ = await harness.tick(harness.dialer())
            let calls = try await harness.calls()
            try await harness.converse(calls[0], custom: #"{"available_to_work":true,"interested":true,"know_referee":false,"has_license":"true"}"#)
            let response = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/results.csv", token: app.recruiterToken)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = response.text.components(separatedBy: "\r\n")
            #expect(lines[0] == "full_name,phone,status,outcome,qualified,attempts,available_to_work,interested,know_referee,has_license,summary,user_sentiment,last_call_at"
                + ",decision,decision_note,callback_at,status_label,outcome_label,decision_label,consent,source")
            #expect(lines[1].hasPrefix("Person 0 Example,+15125551000,completed,qualified,true,1,true,true,false,true,\"Keen, licensed.\",Positive,2026-11-18T"))
            #expect(lines[2] == "Person 1 Example,+15125551001,calling,,,1,,,,,,,2026-11-18T17:00:00Z,,,,On a call now,,,,json import by token:recruiter")
            #expect(lines.count == 5 && lines[4].isEmpty)
            let viewer = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/results.csv", token: app.viewerToken)
            #expect(!viewer.text.contains("5125551000"))
        }
    }

    @Test("Cells are quoted per RFC 4180 and formula-like cells are defused; plain numbers and phones stay", arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("@SUM(A1)", "'@SUM(A1)"), ("+15125550134", "+15125550134"),
        ("-12.5", "-12.5"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("", ""),
    ])
    func cells(_ input: String, _ expected: String) {
        #expect(ResultsCSV.cell(input) == expected)
    }

    @Test("Unknown campaigns are 404 for preview, report and results")
    func unknown() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            for path in ["preview", "report", "results.csv"] {
                let response = try await client.send(.get, "/api/v1/campaigns/nope/\(path)", token: app.viewerToken)
                #expect(response.status == .notFound, "\(path)")
            }
        }
    }
}
