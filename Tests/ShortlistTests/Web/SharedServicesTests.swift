import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Retell
import Testing
@testable import Shortlist

/// The API and the admin page reach the same service for the same action: the same live events,
/// the same in-flight lock.
@Suite("One service per action, whichever door")
struct SharedServicesTests {
    @Test("Starting and pausing a batch from the campaign page publishes batch.updated, as the API does")
    func pagePublishesBatchEvents() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            let agent = try await SignInPagesTests.post(client, "/campaigns/\(id)/agent", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(agent.status == .seeOther)
            let (subscription, stream) = app.events.subscribe()
            defer { app.events.unsubscribe(subscription) }
            var events = stream.makeAsyncIterator()

            let start = try await SignInPagesTests.post(client, "/campaigns/\(id)/batches", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(start.status == .seeOther)
            let batch = try #require(try await app.database.batches(campaignID: id).first)
            let started = try #require(await events.next())
            #expect(started.name == "batch.updated")
            #expect(started.data.contains(#""id":"\#(batch.id)""#))
            #expect(started.data.contains(#""status":"in_progress""#))

            let pause = try await SignInPagesTests.post(client, "/batches/\(batch.id)/pause", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(pause.status == .seeOther)
            let paused = try #require(await events.next())
            #expect(paused.name == "batch.updated")
            #expect(paused.data.contains(#""status":"paused""#))
        }
    }

    @Test("An API request and a page request creating the same campaign's agent at once create one agent at Retell")
    func oneAgentAcrossDoors() async throws {
        let twin = InMemoryRetellClient(now: { 1_795_000_000_000 })
        let gated = HeldRetellClient(twin)
        let app = try await TestApp.make(client: gated) { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            // The API's request reaches Retell and is held there while the page's request comes in.
            async let viaAPI = client.send(.post, "/api/v1/campaigns/\(id)/agent", token: app.adminToken)
            try await gated.waitUntilHeld()
            let viaPage = try await SignInPagesTests.post(client, "/campaigns/\(id)/agent", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            await gated.release()
            let api = try await viaAPI

            #expect(api.status == .ok)
            #expect(viaPage.status == .unprocessableContent)
            #expect(String(buffer: viaPage.body).contains("being created or updated"))
            #expect(await twin.requests(for: .createRetellLLM).count == 1)
            #expect(await twin.requests(for: .createAgent).count == 1)
            #expect(try await app.database.agent(campaignID: id)?.version == 1)
        }
    }

    @Test("The report page's CSV download is the API's results.csv, byte for byte, for the same role")
    func oneResultsExport() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            let viaAPI = try await client.send(.get, "/api/v1/campaigns/\(id)/results.csv", token: app.adminToken)
            let viaPage = try await client.execute(uri: "/campaigns/\(id)/results.csv", method: .get, headers: [.cookie: admin.cookie])
            #expect(viaAPI.status == .ok)
            #expect(viaPage.status == .ok)
            #expect(viaPage.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(viaPage.text == viaAPI.text)
            #expect(viaPage.text.contains("Jane Doe,+15125550134,pending"))
            let missing = try await client.execute(uri: "/campaigns/nope/results.csv", method: .get, headers: [.cookie: admin.cookie])
            #expect(missing.status == .notFound)
        }
    }
}

/// Forwards to an in-memory Retell, holding the first create-LLM request until `release()`, so a
/// test can send a second request while the first is still at Retell. Later requests pass at once.
final class HeldRetellClient: RetellClient {
    private let inner: InMemoryRetellClient
    private let gate = Gate()

    init(_ inner: InMemoryRetellClient) { self.inner = inner }

    func waitUntilHeld() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while await !gate.isHolding {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func release() async { await gate.open() }

    func createRetellLLM(_ request: RetellLLMRequest) async throws -> RetellLLM {
        await gate.passFirstAfterOpen()
        return try await inner.createRetellLLM(request)
    }

    func getRetellLLM(id: String) async throws -> RetellLLM { try await inner.getRetellLLM(id: id) }
    func updateRetellLLM(id: String, _ request: RetellLLMRequest) async throws -> RetellLLM {
        try await inner.updateRetellLLM(id: id, request)
    }
    func createAgent(_ request: AgentRequest) async throws -> Agent { try await inner.createAgent(request) }
    func getAgent(id: String) async throws -> Agent { try await inner.getAgent(id: id) }
    func deleteCall(id: String) async throws { try await inner.deleteCall(id: id) }
    func updateAgent(id: String, _ request: AgentRequest) async throws -> Agent { try await inner.updateAgent(id: id, request) }
    func createPhoneCall(_ request: CreatePhoneCallRequest) async throws -> Call { try await inner.createPhoneCall(request) }
    func getCall(id: String) async throws -> Call { try await inner.getCall(id: id) }
    func listCalls(_ request: ListCallsRequest) async throws -> CallList { try await inner.listCalls(request) }
    func getConcurrency() async throws -> Concurrency { try await inner.getConcurrency() }

    /// Holds the first caller until `open()`; everyone after it passes.
    private actor Gate {
        private var used = false
        private var held: CheckedContinuation<Void, Never>?
        private var opened = false

        var isHolding: Bool { held != nil }

        func passFirstAfterOpen() async {
            guard !used, !opened else { return }
            used = true
            await withCheckedContinuation { held = $0 }
        }

        func open() {
            opened = true
            held?.resume()
            held = nil
        }
    }
}
