import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing
@testable import Shortlist

@Suite("Live events: the hub and GET /api/v1/events", .timeLimit(.minutes(1)))
struct EventsAPITests {
    static func call(_ number: Int, campaign: String = "00000000-0000-0000-0000-000000000001") -> LiveEvent {
        LiveEvent(name: "call.updated", data: #"{"id":"call-\#(number)","campaign_id":"\#(campaign)","call_status":"ended"}"#)
    }

    /// Reads `count` events from `stream`.
    static func take(_ count: Int, from stream: AsyncStream<LiveEvent>) async -> [LiveEvent] {
        var taken: [LiveEvent] = []
        for await event in stream {
            taken.append(event)
            if taken.count == count { break }
        }
        return taken
    }

    // MARK: The hub

    @Test("The hub delivers every published event to every subscriber, in publishing order")
    func fanOutInOrder() async {
        let hub = EventHub()
        let first = hub.subscribe(), second = hub.subscribe()
        #expect(hub.subscriberCount == 2)
        let events = (1...5).map { Self.call($0) } + [LiveEvent(name: "batch.updated", data: #"{"id":"b"}"#)]
        for event in events { hub.publish(event) }
        #expect(await Self.take(6, from: first.stream) == events)
        #expect(await Self.take(6, from: second.stream) == events)
    }

    @Test("A subscriber that never reads does not hold up publishing; its buffer keeps only the newest 256 events")
    func stalledSubscriber() async throws {
        let hub = EventHub()
        let stalled = hub.subscribe()
        let reader = hub.subscribe()
        let (progress, progressSink) = AsyncStream.makeStream(of: Int.self)
        let reading = Task {
            var received: [LiveEvent] = []
            for await event in reader.stream {
                received.append(event)
                if received.count.isMultiple(of: 250) { progressSink.yield(received.count) }
            }
            return received
        }
        // Publish in rounds smaller than a buffer and let the reader catch up after each, so the
        // reader never falls behind by more than it may, whatever the scheduling.
        var progressIterator = progress.makeAsyncIterator()
        for round in 0..<40 {
            for number in (round * 250)..<((round + 1) * 250) { hub.publish(Self.call(number)) }
            #expect(await progressIterator.next() == (round + 1) * 250)
        }
        hub.unsubscribe(reader.id)
        let received = await reading.value
        #expect(received.count == 10_000)
        #expect(received == (0..<10_000).map { Self.call($0) })

        hub.unsubscribe(stalled.id)
        var kept: [LiveEvent] = []
        for await event in stalled.stream { kept.append(event) }
        #expect(kept == (9_744..<10_000).map { Self.call($0) })
        #expect(hub.droppedCount == 10_000 - 256)
    }

    @Test("Unsubscribing ends the stream, stops delivery and drops the subscriber count")
    func unsubscribe() async {
        let hub = EventHub()
        let leaving = hub.subscribe(), staying = hub.subscribe()
        hub.publish(Self.call(1))
        hub.unsubscribe(leaving.id)
        #expect(hub.subscriberCount == 1)
        hub.publish(Self.call(2))
        var afterLeaving: [LiveEvent] = []
        for await event in leaving.stream { afterLeaving.append(event) }
        #expect(afterLeaving == [Self.call(1)])
        #expect(await Self.take(2, from: staying.stream) == [Self.call(1), Self.call(2)])
        hub.unsubscribe(leaving.id)
        #expect(hub.subscriberCount == 1)
    }

    @Test("Cancelling the task that reads a subscription ends the subscription")
    func cancelledReader() async {
        let hub = EventHub()
        let subscription = hub.subscribe()
        let (started, startedSink) = AsyncStream.makeStream(of: Void.self)
        let reading = Task {
            startedSink.yield()
            for await _ in subscription.stream {}
        }
        var startedIterator = started.makeAsyncIterator()
        await startedIterator.next()
        reading.cancel()
        await reading.value
        #expect(hub.subscriberCount == 0)
    }

    // MARK: Framing and filtering

    @Test("Frames are written in SSE syntax, a multi-line payload as one data line each")
    func framing() {
        #expect(SSEFrame.retry(milliseconds: 3000).text == "retry: 3000\n\n")
        #expect(SSEFrame.heartbeat.text == ": heartbeat\n\n")
        #expect(SSEFrame.event(LiveEvent(name: "batch.updated", data: #"{"id":"b"}"#)).text
            == "event: batch.updated\ndata: {\"id\":\"b\"}\n\n")
        #expect(SSEFrame.event(LiveEvent(name: "x", data: "{\n}")).text == "event: x\ndata: {\ndata: }\n\n")
    }

    @Test("The campaign filter admits only events whose JSON names that campaign")
    func campaignFilter() throws {
        let filter = try EventFilter(campaignID: "00000000-0000-0000-0000-00000000000A")
        #expect(filter.admits(Self.call(1, campaign: "00000000-0000-0000-0000-00000000000a")))
        #expect(!filter.admits(Self.call(1, campaign: "00000000-0000-0000-0000-00000000000b")))
        #expect(!filter.admits(LiveEvent(name: "batch.updated", data: #"{"id":"b"}"#)))
        #expect(!filter.admits(LiveEvent(name: "batch.updated", data: "not json")))
        #expect(try EventFilter(campaignID: nil).admits(LiveEvent(name: "x", data: "not json")))
        #expect(try EventFilter(campaignID: "").campaignID == nil)
        #expect(throws: APIError.self) { try EventFilter(campaignID: "campaign-1") }
    }

    // MARK: Over HTTP

    @Test("The stream answers text/event-stream, starts with a retry hint and carries a published event exactly")
    func streamsEvents() async throws {
        let hub = EventHub()
        try await Self.application(hub: hub, heartbeat: .seconds(3600)).test(.live) { client in
            try await EventStreamClient.open(port: try #require(client.port), headers: Self.auth) { response, reader in
                #expect(response.status.code == 200)
                #expect(response.headers.first(name: "content-type") == "text/event-stream; charset=utf-8")
                #expect(response.headers.first(name: "cache-control") == "no-cache")
                #expect(response.headers.first(name: "x-accel-buffering") == "no")
                // The server subscribes before it writes the retry hint: once that is read, publish.
                try await reader.read(until: "retry: 3000\n\n")
                #expect(hub.subscriberCount == 1)
                hub.publish(LiveEvent(name: "call.updated", data: #"{"id":"c1","call_status":"ended"}"#))
                let text = try await reader.read(until: "}\n\n")
                #expect(text == "retry: 3000\n\nevent: call.updated\ndata: {\"id\":\"c1\",\"call_status\":\"ended\"}\n\n")
            }
        }
    }

    @Test("An idle stream sends heartbeat comments")
    func heartbeats() async throws {
        let hub = EventHub()
        try await Self.application(hub: hub, heartbeat: .milliseconds(50)).test(.live) { client in
            try await EventStreamClient.open(port: try #require(client.port), headers: Self.auth) { _, reader in
                let text = try await reader.read(until: ": heartbeat\n\n: heartbeat\n\n")
                #expect(text.hasPrefix("retry: 3000\n\n: heartbeat\n\n"))
            }
        }
    }

    @Test("With campaign_id the stream carries only that campaign's events")
    func filteredStream() async throws {
        let hub = EventHub()
        let wanted = "00000000-0000-0000-0000-000000000002"
        try await Self.application(hub: hub, heartbeat: .seconds(3600)).test(.live) { client in
            try await EventStreamClient.open(port: try #require(client.port), path: "/api/v1/events?campaign_id=\(wanted)", headers: Self.auth) { _, reader in
                try await reader.read(until: "retry: 3000\n\n")
                hub.publish(Self.call(1))
                hub.publish(Self.call(2, campaign: wanted))
                let text = try await reader.read(until: "}\n\n")
                #expect(text == "retry: 3000\n\n" + SSEFrame.event(Self.call(2, campaign: wanted)).text)
            }
        }
    }

    @Test("A malformed campaign_id is a 400 naming the field")
    func badCampaignID() async throws {
        try await Self.application(hub: EventHub(), heartbeat: .seconds(3600)).test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/events?campaign_id=nope", method: .get, headers: [.authorization: Self.auth["Authorization"] ?? ""])
            #expect(response.status == .badRequest)
            #expect(response.errorField == "campaign_id")
        }
    }

    @Test("When the client goes away the server ends its subscription")
    func clientLeaves() async throws {
        let hub = EventHub()
        try await Self.application(hub: hub, heartbeat: .milliseconds(50)).test(.live) { client in
            try await EventStreamClient.open(port: try #require(client.port), headers: Self.auth) { _, reader in
                try await reader.read(until: "retry: 3000\n\n")
                #expect(hub.subscriberCount == 1)
            }
            // The next heartbeat write fails on the closed connection; allow a generous bound.
            let deadline = ContinuousClock.now + .seconds(5)
            while hub.subscriberCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(hub.subscriberCount == 0)
        }
    }

    /// No graceful-shutdown deadline is set, so nothing but the shutdown itself can end the stream
    /// (the heartbeat is an hour away). If streams ignored shutdown this would hang; the time limit
    /// turns that into a failure instead of a stuck run. No wall-clock assertion: machines are noisy.
    @Test("Shutting the server down ends open streams instead of waiting on them", .timeLimit(.minutes(1)))
    func shutdownEndsStreams() async throws {
        let hub = EventHub()
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try await Self.application(hub: hub, heartbeat: .seconds(3600)) { portSink.yield($0) }
        let configuration = ServiceGroupConfiguration(services: [app], logger: Self.logger)
        let server = ServiceGroup(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await server.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = try #require(await portIterator.next())
            try await EventStreamClient.open(port: port, headers: Self.auth) { _, reader in
                try await reader.read(until: "retry: 3000\n\n")
                await server.triggerGracefulShutdown()
                #expect(try await reader.readToEnd() == "retry: 3000\n\n")
            }
            try await tasks.next()
        }
        #expect(hub.subscriberCount == 0)
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    static let token = "slt_events_test"
    static let auth = ["Authorization": "Bearer \(token)"]

    /// Only the events route behind the token middleware, over a database holding one admin token.
    static func application(
        hub: EventHub, heartbeat: Duration, onServerRunning: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let database = try AppDatabase.inMemory(clock: FixedClock(TestApp.start), ids: SequentialIDGenerator())
        _ = try await database.createToken(name: "events", role: .admin, tokenHash: APIToken.hash(token), userID: nil, by: .cli)
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.group().add(middleware: TokenAuthMiddleware(database: database))
            .get("/api/v1/events", use: EventsAPI(hub: hub, database: database, heartbeat: heartbeat).stream)
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { onServerRunning($0.localAddress?.port ?? 0) }, logger: logger)
    }
}

/// A streaming HTTP client for one SSE response: reads the body as it arrives.
struct EventStreamClient {
    var iterator: HTTPClientResponse.Body.AsyncIterator
    var received = ""

    /// Opens `path` on the local server, runs `body`, then closes the connection.
    static func open(
        port: Int, path: String = "/api/v1/events", headers: [String: String] = [:],
        _ body: (HTTPClientResponse, inout EventStreamClient) async throws -> Void
    ) async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            // The deadline covers the whole streamed body: generous, as a loaded CI machine is slow; the
            // tests' own time limits catch a stream that never ends.
            let response = try await http.execute(request, timeout: .seconds(60))
            var reader = EventStreamClient(iterator: response.body.makeAsyncIterator())
            try await body(response, &reader)
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    /// Reads until everything received so far ends with `suffix`; returns everything received.
    @discardableResult
    mutating func read(until suffix: String) async throws -> String {
        while !received.hasSuffix(suffix) {
            guard let buffer = try await iterator.next() else {
                throw StreamEnded(received: received)
            }
            received += String(buffer: buffer)
        }
        return received
    }

    /// Reads until the server ends the response; returns everything received.
    mutating func readToEnd() async throws -> String {
        while let buffer = try await iterator.next() { received += String(buffer: buffer) }
        return received
    }

    struct StreamEnded: Error { var received: String }
}
