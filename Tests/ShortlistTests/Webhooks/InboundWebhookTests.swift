import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Retell
import Testing
@testable import Shortlist

/// `POST /webhooks/retell/inbound` over HTTP: who reaches a campaign's agent, what the answer
/// carries, what is recorded, and what an unsigned or bad delivery costs.
@Suite("Inbound webhook")
struct InboundWebhookTests {
    static let campaignNumber = "+14155550100"

    static func body(from phone: String, to number: String = campaignNumber) -> String {
        #"{"event":"call_inbound","call_inbound":{"from_number":"\#(phone)","to_number":"\#(number)"}}"#
    }

    static func post(
        _ client: any TestClientProtocol, _ body: String, app: TestApp, signature: String? = "sign"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature {
            let now = Int64((app.clock.now().timeIntervalSince1970 * 1000).rounded())
            headers[HTTPField.Name("X-Retell-Signature")!] = signature == "sign"
                ? WebhookSignature.sign(body: Data(body.utf8), key: TestApp.webhookKey, timestampMS: now) : signature
        }
        return try await client.execute(uri: "/webhooks/retell/inbound", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// The seeded campaign with an agent at (in-memory) Retell; its one call ended without an answer,
    /// so the candidate waits for a retry.
    static func calledCandidate(_ app: TestApp, _ client: any TestClientProtocol) async throws -> CallSeed {
        let seed = try await CallSeed.make(app, client: client)
        let agent = try await client.send(.post, "/api/v1/campaigns/\(seed.campaignID)/agent", token: app.recruiterToken)
        #expect(agent.status == .ok, "\(agent.text)")
        let ended = Hook.body("call_ended", status: "not_connected", reason: "dial_no_answer")
        #expect(try await Hook.post(client, ended, app: app).status == .noContent)
        return seed
    }

    static func inboundAudit(_ app: TestApp) async throws -> [AuditLogRecord] {
        try await app.database.writer.read { db in
            try AuditLogRecord.filter(["call.inbound", "call.inbound_declined"].contains(Column("action"))).order(Column("at")).fetchAll(db)
        }
    }

    static func calls(_ app: TestApp) async throws -> [RetellCallRecord] {
        try await app.database.writer.read { db in try RetellCallRecord.order(Column("created_at"), Column("id")).fetchAll(db) }
    }

    @Test("A refused signature is 401 and records no call and no audit row; the delivery is kept like any rejected webhook")
    func signatureRefused() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await Self.calledCandidate(app, client)
            for signature in [nil, "v=1,d=00", WebhookSignature.sign(body: Data("other".utf8), key: TestApp.webhookKey, timestampMS: 1_795_000_000_000)] {
                let response = try await Self.post(client, Self.body(from: seed.phone), app: app, signature: signature)
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "invalid_signature")
            }
            #expect(try await Self.calls(app).count == 1)
            #expect(try await Self.inboundAudit(app).isEmpty)
            let rejected = try await app.database.writer.read { db in
                try WebhookEventRecord.filter(Column("signature_valid") == false).fetchAll(db)
            }
            #expect(rejected.count == 3 && rejected.allSatisfy { $0.event == "call_inbound" })
        }
    }

    @Test("A signed but bad body is 400 or 422 naming the field, and nothing is written")
    func badBodies() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await Self.calledCandidate(app, client)
            let notJSON = try await Self.post(client, "from=+15125550134", app: app)
            #expect(notJSON.status == .badRequest)
            let badNumber = try await Self.post(client, Self.body(from: "5125550134"), app: app)
            #expect(badNumber.status == .unprocessableContent)
            #expect(badNumber.errorField == "call_inbound.from_number")
            let wrongEvent = try await Self.post(
                client, Self.body(from: seed.phone).replacingOccurrences(of: #""event":"call_inbound""#, with: #""event":"call_ended""#), app: app)
            #expect(wrongEvent.errorField == "event")
            #expect(try await Self.calls(app).count == 1)
            #expect(try await Self.inboundAudit(app).isEmpty)
            let tooBig = try await Self.post(client, String(repeating: " ", count: 1_048_577), app: app)
            #expect(tooBig.status == .contentTooLarge)
        }
    }

    @Test("An unknown caller gets no override; only an audit row with the number masked is written")
    func unknownCaller() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            _ = try await Self.calledCandidate(app, client)
            let response = try await Self.post(client, Self.body(from: "+15125550199"), app: app)
            #expect(response.status == .ok)
            #expect(response.text == #"{"call_inbound":{}}"#)
            #expect(try await Self.calls(app).count == 1)
            let audit = try await Self.inboundAudit(app)
            #expect(audit.map(\.action) == ["call.inbound_declined"])
            #expect(audit.first?.detail.contains("unknown_caller") == true)
            #expect(audit.first?.detail.contains("5125550199") == false)
            #expect(audit.first?.detail.contains(PhoneNumber.mask("+15125550199")) == true)
        }
    }

    @Test("A called candidate whose number is on the do-not-call list, or whose campaign is archived, gets no override")
    func declinedCandidates() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await Self.calledCandidate(app, client)
            let added = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"\#(seed.phone)"}"#)
            #expect(added.status == .created, "\(added.text)")
            let onList = try await Self.post(client, Self.body(from: seed.phone), app: app)
            #expect(onList.text == #"{"call_inbound":{}}"#)
            #expect(try await client.send(.delete, "/api/v1/dnc/\(seed.phone)", token: app.recruiterToken).status == .noContent)
            let archived = try await client.send(.post, "/api/v1/campaigns/\(seed.campaignID)/archive", token: app.recruiterToken)
            #expect(archived.status == .ok, "\(archived.text)")
            let afterArchive = try await Self.post(client, Self.body(from: seed.phone), app: app)
            #expect(afterArchive.text == #"{"call_inbound":{}}"#)
            #expect(try await Self.calls(app).count == 1)
            let audit = try await Self.inboundAudit(app)
            #expect(audit.map(\.action) == ["call.inbound_declined", "call.inbound_declined"])
            #expect(audit[0].detail.contains("do_not_call") && audit[1].detail.contains("campaign_archived"))
        }
    }

    @Test("A callback time asked for on a call the candidate made is kept for the recruiter without re-queueing them")
    func callbackAskedOnInboundCall() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await Self.calledCandidate(app, client)
            let before = try await seed.candidate(app)
            let response = try await Self.post(client, Self.body(from: seed.phone), app: app)
            #expect(response.status == .ok, "\(response.text)")
            let inbound = try #require(try await Self.calls(app).first { $0.direction == .inbound })
            let meta = #"{"shortlist_call_id":"\#(inbound.id)"}"#
            // The clock says Wednesday 18 November; the candidate asks for Thursday at 15:00 their (the campaign's) time.
            let custom = #"{"callback_at":"2026-11-19 15:00"}"#
            for (event, status) in [("call_started", "ongoing"), ("call_ended", "ended"), ("call_analyzed", "ended")] {
                let body = Hook.body(event, callID: "call_in_cb", status: status, reason: "user_requested_callback", custom: custom, metadata: meta)
                #expect(try await Hook.post(client, body, app: app).status == .noContent)
            }
            let after = try await seed.candidate(app)
            let zoneName = try await app.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT timezone FROM campaigns WHERE id = ?", arguments: [seed.campaignID])
            }
            let name = try #require(zoneName)
            let zone = try #require(TimeZone(identifier: name))
            #expect(after.callbackAt != nil)
            #expect(after.callbackAt == CallbackText.parse("2026-11-19 15:00", zone: zone))
            #expect(after.status == before.status && after.attempts == before.attempts)
            #expect(after.nextAttemptAt == before.nextAttemptAt)
        }
    }

    @Test("A called candidate reaches the campaign's agent with their variables and metadata naming a new inbound attempt; its webhooks then judge them, spending no attempt")
    func routedAndJudged() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let seed = try await Self.calledCandidate(app, client)
            let agentID = try #require(try await app.database.agent(campaignID: seed.campaignID)?.retellAgentID)
            let response = try await Self.post(client, Self.body(from: seed.phone), app: app)
            #expect(response.status == .ok)
            // No phone number in the answer: Retell has the caller's and ours already.
            #expect(!response.text.contains("5125550134") && !response.text.contains("4155550100"))
            let answer = try #require(response.object["call_inbound"] as? [String: Any])
            #expect(answer["override_agent_id"] as? String == agentID)
            #expect(answer["dynamic_variables"] as? [String: String] == [
                "candidate_name": "Jane Doe", "first_name": "Jane", "job_title": "Driver", "company": "Acme", "location": "",
                "today": "Wednesday 18 November 2026",
            ])
            let metadata = try #require(answer["metadata"] as? [String: Any])
            let calls = try await Self.calls(app)
            let inbound = try #require(calls.first { $0.id != seed.callID })
            #expect(calls.count == 2)
            #expect(metadata["shortlist_call_id"] as? String == inbound.id)
            #expect(metadata["campaign_id"] as? String == seed.campaignID)
            #expect(metadata["attempt"] as? Int == 2)
            #expect(inbound.direction == .inbound && inbound.attempt == 2 && inbound.status == .dialing)
            #expect(inbound.campaignCandidateID == seed.candidateID && inbound.retellAgentID == agentID)
            #expect(try await Self.inboundAudit(app).map(\.action) == ["call.inbound"])
            #expect(try await seed.candidate(app).attempts == 1)

            // Retell's webhooks for the call carry the metadata: they find the inbound row.
            let meta = #"{"shortlist_call_id":"\#(inbound.id)"}"#
            let custom = #"{"available_to_work":true,"interested":true,"has_license":true,"expected_salary":50000,"shift":"day"}"#
            for (event, status) in [("call_started", "ongoing"), ("call_ended", "ended"), ("call_analyzed", "ended")] {
                let body = Hook.body(event, callID: "call_in_1", status: status, reason: "user_hangup", custom: custom, metadata: meta)
                #expect(try await Hook.post(client, body, app: app).status == .noContent)
            }
            let judged = try #require(try await Self.calls(app).first { $0.id != seed.callID })
            #expect(judged.id == inbound.id && judged.status == .analyzed && judged.retellCallID == "call_in_1")
            #expect(judged.direction == .inbound)
            let candidate = try await seed.candidate(app)
            #expect(candidate.status == .completed && candidate.outcome == .qualified && candidate.qualified == true)
            #expect(candidate.lastCallID == inbound.id && candidate.attempts == 1)
            let analysis = try await app.database.writer.read { db in try CallAnalysisRecord.fetchOne(db, key: inbound.id) }
            #expect(analysis?.interested == true)

            // The candidate page marks the inbound attempt, and only it.
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let page = try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: admin.cookie])
            let html = String(buffer: page.body)
            #expect(html.contains(#"<h2>Attempt 2: <span class="tag tone-good" title="analyzed">Done</span>\#n <span class="tag tone-active" title="inbound">Candidate called back</span>"#), "\(html)")
            #expect(html.components(separatedBy: "Candidate called back").count == 2)
        }
    }

    @Test("Unsigned deliveries to either webhook URL count against one limit per address")
    func sharedLimit() async throws {
        let app = try await TestApp.make { $0.security.webhookRejectsPerMinute = 1 }
        try await app.test { client in
            #expect(try await Hook.post(client, "{}", app: app, signature: nil).status == .unauthorized)
            let second = try await Self.post(client, Self.body(from: "+15125550134"), app: app, signature: nil)
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] == "60")
        }
    }

    @Test("Inbound calls that failed do not count as bad dials for the safety auto-pause; the same calls placed by us do")
    func safetyRuleIgnoresInbound() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE campaigns SET status = 'active' WHERE id = ?", arguments: [seed.campaignID])
                for index in 0..<20 {
                    try db.execute(sql: """
                        INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, attempt, retell_agent_id, agent_version,
                          phone_number, call_status, disconnection_reason, created_at, updated_at, idempotency_key, direction)
                        VALUES (?, ?, ?, ?, 'agent_1', 1, ?, 'failed', 'dial_failed', ?, ?, ?, 'inbound')
                        """, arguments: ["in-\(index)", seed.campaignID, seed.candidateID, index + 2, seed.phone,
                                         app.clock.now(), app.clock.now(), "idem-in-\(index)"])
                }
            }
            #expect(try await app.database.applySafetyPause(now: app.clock.now()).isEmpty)
            try await app.database.writer.write { db in try db.execute(sql: "UPDATE retell_calls SET direction = 'outbound'") }
            #expect(try await app.database.applySafetyPause(now: app.clock.now()).map(\.id) == [seed.campaignID])
        }
    }
}
