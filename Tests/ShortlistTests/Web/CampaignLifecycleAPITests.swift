import Foundation
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Campaign lifecycle API")
struct CampaignLifecycleAPITests {
    static let oneAttempt = #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":1,"retry_after_minutes":60}"#

    static func status(_ client: any TestClientProtocol, _ app: TestApp, _ id: String) async throws -> String? {
        try await client.send(.get, "/api/v1/campaigns/\(id)", token: app.viewerToken).object["status"] as? String
    }

    @Test("A campaign completes when its last batch ends, is active again with a new batch, and completes again when that is cancelled")
    func completeReactivateComplete() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2), calling: Self.oneAttempt)
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 2)
            let calls = try await harness.calls()
            try await harness.converse(calls[0])
            #expect(try await Self.status(client, app, harness.campaignID) == "active")
            try await harness.end(calls[1], reason: "dial_busy")
            #expect(try await harness.batch().status == .completed)
            #expect(try await Self.status(client, app, harness.campaignID) == "completed")
            let completion = try #require(try await app.database.auditLog(subjectType: "campaign").first)
            #expect(completion.action == "campaign.complete")
            #expect(completion.actorLabel == "system")

            // A completed campaign takes new candidates, edits and a new batch, which makes it active.
            let path = "/api/v1/campaigns/\(harness.campaignID)"
            let imported = try await client.send(.post, "\(path)/candidates", token: app.recruiterToken,
                                                 json: #"[{"full_name":"Late Comer","phone":"+15125559000"}]"#)
            #expect(imported.object["imported"] as? Int == 1, "\(imported.text)")
            #expect(try await client.send(.patch, path, token: app.recruiterToken, json: #"{"name":"Spring, round two"}"#).status == .ok)
            let second = try await client.send(.post, "\(path)/batches", token: app.recruiterToken)
            #expect(second.status == .created, "\(second.text)")
            #expect(try await Self.status(client, app, harness.campaignID) == "active")

            // Cancelling the only running batch (nobody being called) completes it at once.
            let secondID = try #require(second.object["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/batches/\(secondID)/cancel", token: app.recruiterToken).status == .ok)
            #expect(try await Self.status(client, app, harness.campaignID) == "completed")
            let actions = try await app.database.auditLog(subjectType: "campaign").map(\.action)
            #expect(actions.filter { $0 == "campaign.complete" }.count == 2)
        }
    }

    @Test("A batch cancelled with calls in flight completes its campaign when the last of those calls ends")
    func cancelledWithCallsInFlight() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2), calling: Self.oneAttempt)
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 2)
            #expect(try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken).status == .ok)
            #expect(try await Self.status(client, app, harness.campaignID) == "active")
            let calls = try await harness.calls()
            try await harness.converse(calls[0])
            #expect(try await Self.status(client, app, harness.campaignID) == "active")
            try await harness.end(calls[1])
            #expect(try await Self.status(client, app, harness.campaignID) == "completed")
        }
    }

    @Test("A call of a cancelled batch that ends unanswered leaves its candidate pending, not queued, and the campaign completes")
    func cancelledThenUnanswered() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            let dialer = harness.dialer()
            #expect(await harness.tick(dialer).placed == 1)
            #expect(try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken).status == .ok)
            let call = try #require(try await harness.calls().first)
            try await harness.end(call)
            let candidate = try #require(try await harness.candidates().first)
            #expect(candidate.status == .pending)
            #expect(candidate.nextAttemptAt == nil)
            #expect(candidate.attempts == 1)
            #expect(try await Self.status(client, app, harness.campaignID) == "completed")
        }
    }

    @Test("Archiving is for the owner or an admin, refused while a batch runs, and leaves the campaign read-only")
    func archive() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            let path = "/api/v1/campaigns/\(harness.campaignID)"
            let other = "slt_test_other_recruiter"
            _ = try await app.database.createToken(name: "other", role: .recruiter, tokenHash: APIToken.hash(other), userID: nil, by: .cli)
            #expect(try await client.send(.post, "\(path)/archive", token: app.viewerToken).status == .forbidden)
            #expect(try await client.send(.post, "\(path)/archive", token: other).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/campaigns/missing/archive", token: app.adminToken).status == .notFound)

            let running = try await client.send(.post, "\(path)/archive", token: app.recruiterToken)
            #expect(running.status == .conflict)
            #expect(running.text.contains("still running"))
            #expect(try await Self.status(client, app, harness.campaignID) == "active")

            #expect(try await client.send(.post, "/api/v1/batches/\(harness.batchID)/cancel", token: app.recruiterToken).status == .ok)
            let archived = try await client.send(.post, "\(path)/archive", token: app.recruiterToken)
            #expect(archived.status == .ok, "\(archived.text)")
            #expect(archived.object["status"] as? String == "archived")
            let entry = try #require(try await app.database.auditLog(subjectType: "campaign").first)
            #expect(entry.action == "campaign.archive")

            // Read-only from now on: every change is a 409 that says why; reading still works.
            let refusals = [
                try await client.send(.patch, path, token: app.recruiterToken, json: #"{"name":"Renamed"}"#),
                try await client.send(.post, "\(path)/candidates", token: app.recruiterToken, json: #"[{"full_name":"Late Comer","phone":"+15125559000"}]"#),
                try await client.send(.post, "\(path)/agent", token: app.recruiterToken),
                try await client.send(.post, "\(path)/batches", token: app.adminToken),
                try await client.send(.post, "\(path)/archive", token: app.adminToken),
            ]
            for refusal in refusals {
                #expect(refusal.status == .conflict, "\(refusal.text)")
                #expect(refusal.text.contains("archived"), "\(refusal.text)")
            }
            #expect(try await client.send(.get, "\(path)/report", token: app.viewerToken).status == .ok)
            #expect(try await client.send(.get, path, token: app.viewerToken).object["name"] as? String == "Spring")
        }
    }
}
