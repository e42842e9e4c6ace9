import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Batches API")
struct BatchesAPITests {
    @Test("A batch takes every free candidate, queues them due now, activates the campaign and is audited")
    func startsAll() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3))
            let batch = try await client.send(.get, "/api/v1/batches/\(harness.batchID)", token: app.viewerToken).object
            #expect(batch["status"] as? String == "in_progress")
            #expect(batch["total_candidates"] as? Int == 3)
            #expect(batch["completed_calls"] as? Int == 0)
            #expect(try await harness.candidates().allSatisfy { $0.status == .queued && $0.batchID == harness.batchID })
            let campaign = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)", token: app.viewerToken).object
            #expect(campaign["status"] as? String == "active")
            let list = try await client.send(.get, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.viewerToken).object
            #expect((list["items"] as? [[String: Any]])?.count == 1)
            #expect(try await app.database.auditLog(subjectType: "batch").first?.action == "batch.start")
            // Nobody is free any more: a second batch has nothing to take.
            let second = try await client.send(.post, "/api/v1/campaigns/\(harness.campaignID)/batches", token: app.recruiterToken)
            #expect(second.status == .unprocessableContent)
            #expect(second.errorField == "candidate_ids")
        }
    }

    @Test("Given ids (campaign-candidate or candidate) start a batch over just those; unknown or busy ids are refused naming the field")
    func givenIDs() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3), startBatch: false)
            let rows = try await harness.candidates()
            let path = "/api/v1/campaigns/\(harness.campaignID)/batches"
            let started = try await client.send(.post, path, token: app.recruiterToken,
                                                json: #"{"candidate_ids":["\#(rows[0].id)","\#(rows[1].candidateID)"]}"#)
            #expect(started.status == .created)
            #expect(started.object["total_candidates"] as? Int == 2)
            #expect(try await harness.candidates().map(\.status) == [.queued, .queued, .pending])
            let busy = try await client.send(.post, path, token: app.recruiterToken, json: #"{"candidate_ids":["\#(rows[0].id)"]}"#)
            #expect(busy.status == .unprocessableContent)
            #expect(busy.errorField == "candidate_ids")
            let unknown = try await client.send(.post, path, token: app.recruiterToken, json: #"{"candidate_ids":["nobody"]}"#)
            #expect(unknown.status == .unprocessableContent)
            let extra = try await client.send(.post, path, token: app.recruiterToken, json: #"{"candidates":[]}"#)
            #expect(extra.status == .unprocessableContent)
            #expect(extra.errorField == "candidates")
            #expect(try await harness.candidates()[2].status == .pending)
        }
    }

    @Test("Only the campaign's owner or an admin runs its calls; viewers cannot; no agent is a conflict")
    func permissions() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2), startBatch: false)
            let other = "slt_test_other_recruiter"
            _ = try await app.database.createToken(name: "other", role: .recruiter, tokenHash: APIToken.hash(other), userID: nil, by: .cli)
            let path = "/api/v1/campaigns/\(harness.campaignID)/batches"
            #expect(try await client.send(.post, path, token: other).status == .forbidden)
            #expect(try await client.send(.post, path, token: app.viewerToken).status == .forbidden)
            let byAdmin = try await client.send(.post, path, token: app.adminToken)
            #expect(byAdmin.status == .created)
            let batchID = try #require(byAdmin.object["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/batches/\(batchID)/pause", token: other).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/batches/\(batchID)/pause", token: app.recruiterToken).status == .ok)
            #expect(try await client.send(.get, "/api/v1/batches/missing", token: app.viewerToken).status == .notFound)

            // A campaign without an agent cannot start calling.
            let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Cook"}"#)
            let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken,
                                                 json: #"{"name":"Bare","job_id":"\#(job.object["id"] as? String ?? "")"}"#)
            let bare = try #require(campaign.object["id"] as? String)
            let noAgent = try await client.send(.post, "/api/v1/campaigns/\(bare)/batches", token: app.recruiterToken)
            #expect(noAgent.status == .conflict)
            #expect(noAgent.text.contains("agent"))
        }
    }
}
