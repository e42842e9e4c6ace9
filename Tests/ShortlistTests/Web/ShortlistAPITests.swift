import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

/// A campaign of four candidates, one attempt each: Person 0 and Person 3 answered and qualified,
/// Person 1 answered without a licence (a knock-out miss), Person 2 did not answer.
struct ShortlistScenario {
    let harness: DialerHarness
    /// Campaign-candidate ids in import order.
    let ids: [String]
    var campaignID: String { harness.campaignID }

    static func make(_ app: TestApp, _ client: any TestClientProtocol) async throws -> ShortlistScenario {
        let harness = try await DialerHarness.make(
            app, client, candidates: DialerHarness.phones(4),
            calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":1,"retry_after_minutes":60}"#)
        _ = await harness.tick(harness.dialer())
        let calls = try await harness.calls()
        try await harness.converse(calls[0])
        try await harness.converse(calls[1], custom: #"{"available_to_work":true,"interested":true,"has_license":false}"#)
        try await harness.end(calls[2], reason: "dial_no_answer")
        try await harness.converse(calls[3])
        let ids = try await harness.candidates().map(\.id)
        return ShortlistScenario(harness: harness, ids: ids)
    }
}

@Suite("Shortlist API")
struct ShortlistAPITests {
    static func names(_ response: TestResponse) -> [String] {
        ((response.object["items"] as? [[String: Any]]) ?? []).compactMap { $0["full_name"] as? String }
    }

    @Test("The shortlist lists answered candidates only, qualified first then by name, with each target's answer")
    func orderAndColumns() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let response = try await client.send(.get, "/api/v1/campaigns/\(scenario.campaignID)/shortlist", token: app.recruiterToken)
            #expect(response.status == .ok, "\(response.text)")
            #expect(Self.names(response) == ["Person 0 Example", "Person 3 Example", "Person 1 Example"])
            let items = try #require(response.object["items"] as? [[String: Any]])
            #expect(items[0]["campaign_candidate_id"] as? String == scenario.ids[0])
            #expect(items[0]["phone"] as? String == "+15125551000")
            #expect(items[0]["qualified"] as? Bool == true)
            #expect((items[0]["answers"] as? [String: Any])?["has_license"] as? Bool == true)
            #expect((items[2]["answers"] as? [String: Any])?["has_license"] as? Bool == false)
            #expect(items[2]["qualified"] as? Bool == false)
            #expect(items[0]["summary"] as? String == "Keen, licensed.")
            #expect(items[0]["decision"] is NSNull)
            #expect(items[0]["callback_at"] is NSNull)
            #expect(response.object["next_cursor"] is NSNull)
            let viewer = try await client.send(.get, "/api/v1/campaigns/\(scenario.campaignID)/shortlist", token: app.viewerToken)
            #expect(!viewer.text.contains("+15125551000"))
        }
    }

    @Test("Filter, sort and direction are checked, a wrong one is a 422 naming its field, and pages follow the cursor")
    func filterAndSort() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let base = "/api/v1/campaigns/\(scenario.campaignID)/shortlist"
            for (query, field) in [("decision=maybe", "decision"), ("sort=colour", "sort"), ("sort=answer.nope", "sort"), ("sort=name&dir=up", "dir")] {
                let response = try await client.send(.get, "\(base)?\(query)", token: app.viewerToken)
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect(response.errorField == field, "\(query)")
            }
            let byName = try await client.send(.get, "\(base)?sort=name&dir=desc", token: app.viewerToken)
            #expect(Self.names(byName) == ["Person 3 Example", "Person 1 Example", "Person 0 Example"])
            let byAnswer = try await client.send(.get, "\(base)?sort=answer.has_license", token: app.viewerToken)
            #expect(Self.names(byAnswer) == ["Person 1 Example", "Person 0 Example", "Person 3 Example"])
            let first = try await client.send(.get, "\(base)?limit=2", token: app.viewerToken)
            #expect(Self.names(first) == ["Person 0 Example", "Person 3 Example"])
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = try await client.send(.get, "\(base)?limit=2&cursor=\(cursor)", token: app.viewerToken)
            #expect(Self.names(second) == ["Person 1 Example"])
            #expect(try await client.send(.get, "\(base)?cursor=-4", token: app.viewerToken).status == .badRequest)
            _ = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[3])", token: app.recruiterToken, json: #"{"decision":"rejected"}"#)
            let rejected = try await client.send(.get, "\(base)?decision=rejected", token: app.viewerToken)
            #expect(Self.names(rejected) == ["Person 3 Example"])
            let undecided = try await client.send(.get, "\(base)?decision=none", token: app.viewerToken)
            #expect(Self.names(undecided) == ["Person 0 Example", "Person 1 Example"])
            let missing = try await client.send(.get, "/api/v1/campaigns/00000000-0000-0000-0000-000000000000/shortlist", token: app.viewerToken)
            #expect(missing.status == .notFound)
        }
    }

    @Test("PATCH lets the owner or an admin decide, refuses viewers and other recruiters, and checks its body")
    func patchRules() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let path = "/api/v1/campaign-candidates/\(scenario.ids[0])"
            let decided = try await client.send(.patch, path, token: app.recruiterToken, json: #"{"decision":"interview","decision_note":"Strong on nights"}"#)
            #expect(decided.status == .ok, "\(decided.text)")
            #expect(decided.object["decision"] as? String == "interview")
            #expect(decided.object["decision_note"] as? String == "Strong on nights")
            #expect(decided.object["decided_by"] as? String == "token:recruiter")
            #expect(decided.object["decided_at"] as? String == "2026-11-18T17:00:00Z")
            let admin = try await client.send(.patch, path, token: app.adminToken, json: #"{"decision":null}"#)
            #expect(admin.status == .ok)
            #expect(admin.object["decision"] is NSNull)
            #expect(admin.object["decision_note"] as? String == "Strong on nights")
            let viewer = try await client.send(.patch, path, token: app.viewerToken, json: #"{"decision":"rejected"}"#)
            #expect(viewer.status == .forbidden)
            let other = "slt_test_other_recruiter"
            _ = try await app.database.createToken(name: "other", role: .recruiter, tokenHash: APIToken.hash(other), userID: nil, by: .cli)
            #expect(try await client.send(.patch, path, token: other, json: #"{"decision":"rejected"}"#).status == .forbidden)
            let long = String(repeating: "a", count: 2_001)
            for (body, field) in [(#"{"decision":"maybe"}"#, "decision"), (#"{"decision_note":"a\u0000b"}"#, "decision_note"),
                                  (#"{"decision_note":"\#(long)"}"#, "decision_note"), (#"{"colour":"red"}"#, "colour"),
                                  ("{}", "decision"), (#"{"decision":3}"#, "decision")] {
                let response = try await client.send(.patch, path, token: app.recruiterToken, json: body)
                #expect(response.status == .unprocessableContent, "\(body.prefix(40))")
                #expect(response.errorField == field, "\(body.prefix(40))")
            }
            let unanswered = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[2])", token: app.recruiterToken, json: #"{"decision":"to_contact"}"#)
            #expect(unanswered.status == .conflict)
            let unknown = try await client.send(.patch, "/api/v1/campaign-candidates/nobody", token: app.recruiterToken, json: #"{"decision":"to_contact"}"#)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("A decision is audited without the note's text and published as campaign_candidate.updated")
    func auditAndEvent() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let subscription = app.events.subscribe()
            let response = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[0])", token: app.recruiterToken,
                                                 json: #"{"decision":"to_contact","decision_note":"Call after 5, has a cough"}"#)
            #expect(response.status == .ok)
            app.events.unsubscribe(subscription.id)
            var decisions: [String] = []
            for await event in subscription.stream where event.name == "campaign_candidate.updated" { decisions.append(event.data) }
            #expect(decisions.count == 1)
            let event = try #require(decisions.first)
            #expect(event.contains(#""decision":"to_contact""#))
            #expect(event.contains(#""campaign_id":"\#(scenario.campaignID)""#))
            #expect(!event.contains("cough"))
            let audit = try await app.database.auditLog(subjectType: "campaign_candidate", subjectID: scenario.ids[0])
            #expect(audit.map(\.action) == ["candidate.decision"])
            let detail = try #require(audit.first?.detail)
            #expect(detail.contains(#""from":"none""#) && detail.contains(#""to":"to_contact""#) && detail.contains(#""note_changed":"yes""#))
            #expect(!detail.contains("cough"))
        }
    }

    @Test("An archived campaign's decisions answer 409 and stay as they were")
    func archived() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            let archive = try await client.send(.post, "/api/v1/campaigns/\(scenario.campaignID)/archive", token: app.recruiterToken)
            #expect(archive.status == .ok, "\(archive.text)")
            let response = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[0])", token: app.recruiterToken, json: #"{"decision":"interview"}"#)
            #expect(response.status == .conflict)
            #expect(try await scenario.harness.candidates()[0].decision == nil)
        }
    }

    @Test("results.csv appends the decision, note, callback time and the plain-words labels to the existing columns")
    func csvColumns() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let scenario = try await ShortlistScenario.make(app, client)
            _ = try await client.send(.patch, "/api/v1/campaign-candidates/\(scenario.ids[0])", token: app.recruiterToken,
                                      json: #"{"decision":"interview","decision_note":"=HYPERLINK(\"x\")"}"#)
            let csv = try await client.send(.get, "/api/v1/campaigns/\(scenario.campaignID)/results.csv", token: app.recruiterToken)
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines[0] == "full_name,phone,status,outcome,qualified,attempts,available_to_work,interested,know_referee,has_license,"
                + "summary,user_sentiment,last_call_at,decision,decision_note,callback_at,status_label,outcome_label,decision_label,consent,source")
            #expect(lines[1].hasPrefix("Person 0 Example,+15125551000,completed,qualified,true,1,"))
            #expect(lines[1].hasSuffix(#",interview,"'=HYPERLINK(""x"")",,Finished,Qualified,Interview,,json import by token:recruiter"#), "\(lines[1])")
            #expect(lines[3].hasSuffix(",,,,Finished,Could not be reached,,,json import by token:recruiter"), "\(lines[3])")
        }
    }
}
