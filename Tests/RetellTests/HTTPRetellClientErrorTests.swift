import AsyncHTTPClient
import Foundation
import Retell
import Testing

/// Each error class and the retry rules, against a fake Retell over loopback HTTP.
@Suite("HTTP client errors and retries")
struct HTTPRetellClientErrorTests {
    static let call = #"{"call_id":"call_1","agent_id":"agent_1","call_status":"registered"}"#
    static let phoneCall = CreatePhoneCallRequest(fromNumber: "+14155550123", toNumber: "+12065550187")

    /// Runs `operation` and returns the `RetellError` it must throw.
    static func failure<T>(_ operation: () async throws -> T) async -> RetellError? {
        do {
            _ = try await operation()
            Issue.record("expected a RetellError")
            return nil
        } catch let error as RetellError {
            return error
        } catch {
            Issue.record("threw \(type(of: error)), not RetellError: \(error)")
            return nil
        }
    }

    @Test("401 is an auth failure with Retell's message, not retried")
    func unauthorized() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/get-concurrency", .json(401, #"{"status":"error","message":"API key is missing or invalid."}"#))
            let error = try #require(await Self.failure { try await retell.getConcurrency() })
            #expect(error.kind == .http(status: 401))
            #expect(error.status == 401)
            #expect(error.message == "API key is missing or invalid.")
            #expect(error.isAuthFailure)
            #expect(!error.isRetryable)
            #expect(await fake.seen.count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test("402 is a billing failure")
    func paymentRequired() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v2/create-phone-call", .json(402, #"{"status":"error","message":"Trial has ended, please add payment method."}"#))
            let error = try #require(await Self.failure { try await retell.createPhoneCall(Self.phoneCall) })
            #expect(error.isBillingFailure)
            #expect(error.message == "Trial has ended, please add payment method.")
            #expect(!error.isRetryable)
        }
    }

    @Test("422 for an unknown id carries Retell's message and is not retried")
    func unknownID() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v2/get-call/call_nope", .json(422, #"{"status":"error","message":"Cannot find requested asset under given api key."}"#))
            let error = try #require(await Self.failure { try await retell.getCall(id: "call_nope") })
            #expect(error.isUnknownID)
            #expect(error.message == "Cannot find requested asset under given api key.")
            #expect(error.description == "Retell answered HTTP 422: Cannot find requested asset under given api key.")
            #expect(await fake.seen.count == 1)
        }
    }

    @Test("429 with Retry-After is retried after exactly that wait, then succeeds")
    func rateLimitedThenSuccess() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/v2/get-call/call_1",
                             .json(429, #"{"status":"error","message":"Account rate limited, please throttle your requests."}"#, headers: ["retry-after": "3"]),
                             .json(429, "{}", headers: ["retry-after-ms": "1500"]),
                             .json(200, Self.call))
            let call = try await retell.getCall(id: "call_1")
            #expect(call.callID == "call_1")
            #expect(await recorder.waits == [.seconds(3), .milliseconds(1500)])
            #expect(await fake.seen.count == 3)
        }
    }

    @Test("500 is retried with exponential backoff, then succeeds")
    func serverErrorThenSuccess() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/get-agent/agent_1",
                             .json(500, #"{"status":"error","message":"An unexpected server error occurred."}"#),
                             .json(503, "<html>busy</html>"),
                             .json(200, #"{"agent_id":"agent_1"}"#))
            let agent = try await retell.getAgent(id: "agent_1")
            #expect(agent.agentID == "agent_1")
            #expect(await recorder.waits == [.milliseconds(500), .seconds(1)])
            #expect(await fake.seen.count == 3)
        }
    }

    @Test("500 on every attempt gives up after two retries with Retell's message")
    func serverErrorExhausted() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/update-agent/agent_1", .json(500, #"{"status":"error","message":"An unexpected server error occurred."}"#))
            let error = try #require(await Self.failure { try await retell.updateAgent(id: "agent_1", AgentRequest(agentName: "x")) })
            #expect(error.status == 500)
            #expect(error.isRetryable)
            #expect(error.message == "An unexpected server error occurred.")
            #expect(await fake.seen.count == 3)
            #expect(await recorder.waits.count == 2)
        }
    }

    @Test("A non-JSON error body gets a plain description")
    func plainErrorBody() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v3/list-calls", .json(400, "<html>Bad</html>"))
            let error = try #require(await Self.failure { try await retell.listCalls(ListCallsRequest()) })
            #expect(error.message == "HTTP 400 Bad Request")
            #expect(!error.isRetryable)
        }
    }

    @Test("create-phone-call without an idempotency key is never retried")
    func createPhoneCallNotRetried() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/v2/create-phone-call", .json(500, #"{"status":"error","message":"An unexpected server error occurred."}"#),
                             .json(201, Self.call))
            let error = try #require(await Self.failure { try await retell.createPhoneCall(Self.phoneCall) })
            #expect(error.status == 500)
            #expect(error.isRetryable)
            #expect(await fake.seen.count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test("create-phone-call with an idempotency key is retried with the same key and body")
    func createPhoneCallRetriedWithKey() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/v2/create-phone-call", .json(500, "{}"), .json(201, Self.call))
            var request = Self.phoneCall
            request.idempotencyKey = "idem-42"
            let call = try await retell.createPhoneCall(request)
            #expect(call.callID == "call_1")
            let seen = await fake.seen
            #expect(seen.count == 2)
            #expect(seen[0].body == seen[1].body)
            #expect(seen[1].bodyJSON?["idempotency_key"] == "idem-42")
            #expect(await recorder.waits.count == 1)
        }
    }

    @Test("create-agent and create-retell-llm are never retried, even on 429")
    func createsNotRetried() async throws {
        try await FakeRetellServer.run { fake, retell, recorder in
            await fake.reply("/create-agent", .json(500, "{}"), .json(201, #"{"agent_id":"agent_1"}"#))
            await fake.reply("/create-retell-llm", .json(429, "{}", headers: ["retry-after": "1"]), .json(201, #"{"llm_id":"llm_1"}"#))
            let agentError = try #require(await Self.failure { try await retell.createAgent(AgentRequest(voiceID: "v")) })
            #expect(agentError.status == 500)
            let llmError = try #require(await Self.failure { try await retell.createRetellLLM(RetellLLMRequest()) })
            #expect(llmError.status == 429)
            #expect(llmError.retryAfter == .seconds(1))
            #expect(await fake.requests(to: "/create-agent").count == 1)
            #expect(await fake.requests(to: "/create-retell-llm").count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test("A server that never answers is a timeout, retried for a GET")
    func timeout() async throws {
        try await FakeRetellServer.run(
            retry: RetryPolicy(maxRetries: 1, jitter: { 0 }), timeouts: .all(.milliseconds(300))
        ) { fake, retell, recorder in
            await fake.reply("/v2/get-call/call_1", .hang)
            let error = try #require(await Self.failure { try await retell.getCall(id: "call_1") })
            #expect(error.kind == .timeout)
            #expect(error.isRetryable)
            #expect(await fake.seen.count == 2)
            #expect(await recorder.waits == [.milliseconds(500)])
        }
    }

    @Test("A 2xx answer that is not JSON or lacks required fields is invalid, not retried")
    func badSuccessBodies() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/v2/get-call/call_1", .json(200, "not json"))
            await fake.reply("/v2/get-call/call_2", .json(200, #"{"agent_id":"a","call_status":"ended"}"#))
            let invalid = try #require(await Self.failure { try await retell.getCall(id: "call_1") })
            #expect(invalid.kind == .invalidResponse)
            let decoding = try #require(await Self.failure { try await retell.getCall(id: "call_2") })
            #expect(decoding.kind == .decoding)
            #expect(decoding.message.contains("call_id"))
            #expect(await fake.seen.count == 2)
        }
    }

    @Test("The API key never appears in an error, even when a server echoes it")
    func keyRedacted() async throws {
        try await FakeRetellServer.run { fake, retell, _ in
            await fake.reply("/get-concurrency", .json(401, #"{"message":"bad key \#(FakeRetellServer.apiKey)"}"#))
            let error = try #require(await Self.failure { try await retell.getConcurrency() })
            #expect(!error.message.contains(FakeRetellServer.apiKey))
            #expect(!error.description.contains(FakeRetellServer.apiKey))
            #expect(!String(describing: retell).contains(FakeRetellServer.apiKey))
        }
    }

    @Test("A refused connection is a transport error, retried for a GET")
    func connectionRefused() async throws {
        var configuration = HTTPRetellClient.httpClientConfiguration()
        configuration.connectionPool.retryConnectionEstablishment = false
        try await FakeRetellServer.withHTTPClient(configuration: configuration) { httpClient in
            let recorder = SleepRecorder()
            let retell = HTTPRetellClient(
                baseURL: "http://127.0.0.1:1", apiKey: FakeRetellServer.apiKey, httpClient: httpClient,
                retry: RetryPolicy(jitter: { 0 }), timeouts: .all(.seconds(5)), sleeper: { await recorder.record($0) })
            let error = try #require(await Self.failure { try await retell.getConcurrency() })
            #expect(error.kind == .transport)
            #expect(error.isRetryable)
            #expect(!error.message.contains(FakeRetellServer.apiKey))
            #expect(await recorder.waits == [.milliseconds(500), .seconds(1)])
        }
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("Backoff doubles from 0.5 s up to 8 s, shortened by at most a quarter of jitter")
    func backoff() {
        let none = RetryPolicy(maxRetries: 6, jitter: { 0 })
        #expect((0..<6).map(none.delay(beforeRetry:)) == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
        let full = RetryPolicy(jitter: { 1 })
        #expect(full.delay(beforeRetry: 0) == .milliseconds(375))
        #expect(RetryPolicy.none.maxRetries == 0)
    }

    @Test("With no retries a 500 is thrown at once")
    func noRetries() async throws {
        try await FakeRetellServer.run(retry: .none) { fake, retell, recorder in
            await fake.reply("/get-concurrency", .json(500, "{}"))
            let error = try #require(await HTTPRetellClientErrorTests.failure { try await retell.getConcurrency() })
            #expect(error.status == 500)
            #expect(await fake.seen.count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test("Default retryability: 408, 429 and 5xx, transport and timeout; other 4xx and bad bodies not")
    func retryability() {
        for status in [408, 429, 500, 502, 503] { #expect(RetellError.http(status, "").isRetryable) }
        for status in [400, 401, 402, 403, 404, 409, 422] { #expect(!RetellError.http(status, "").isRetryable) }
        #expect(RetellError.transport("x").isRetryable)
        #expect(RetellError.timeout("x").isRetryable)
        #expect(!RetellError(kind: .decoding, message: "x").isRetryable)
        #expect(!RetellError(kind: .invalidResponse, message: "x").isRetryable)
    }
}
