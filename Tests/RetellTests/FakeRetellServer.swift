import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Retell
import Testing

/// A scripted stand-in for Retell on a loopback port: it records every request and answers each
/// path with the replies queued for it, in order (then with the last one again).
actor FakeRetell {
    struct Seen: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var contentType: String?
        var body: Data

        var bodyText: String { String(decoding: body, as: UTF8.self) }
        var bodyJSON: RetellJSON? { try? JSONDecoder().decode(RetellJSON.self, from: body) }
    }

    enum Reply: Sendable {
        case json(Int, String, headers: [String: String] = [:])
        /// Never answers (until the test ends).
        case hang
    }

    private(set) var seen: [Seen] = []
    private var script: [String: [Reply]] = [:]
    private var released = false

    /// Queues `replies` for `path` (e.g. "/v2/get-call/call_1").
    func reply(_ path: String, _ replies: Reply...) {
        script[path, default: []].append(contentsOf: replies)
    }

    func requests(to path: String) -> [Seen] { seen.filter { $0.path == path } }

    func release() { released = true }
    var isReleased: Bool { released }

    fileprivate func receive(_ request: Seen) -> Reply {
        seen.append(request)
        guard var queue = script[request.path], !queue.isEmpty else {
            return .json(404, #"{"status":"error","message":"no scripted reply for \#(request.path)"}"#)
        }
        let next = queue.count > 1 ? queue.removeFirst() : queue[0]
        script[request.path] = queue
        return next
    }

    fileprivate func respond(to request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 4 << 20)
        let seen = Seen(
            method: request.method.rawValue, path: request.uri.path,
            authorization: request.headers[.authorization], contentType: request.headers[.contentType],
            body: Data(buffer.readableBytesView))
        switch receive(seen) {
        case .json(let status, let body, let extra):
            var headers: HTTPFields = [.contentType: "application/json"]
            for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
            return Response(status: .init(code: status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        case .hang:
            let start = ContinuousClock.now
            while !isReleased, ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(10))
            }
            return Response(status: .serviceUnavailable)
        }
    }
}

/// Records the waits between retries instead of sleeping.
actor SleepRecorder {
    private(set) var waits: [Duration] = []
    func record(_ wait: Duration) { waits.append(wait) }
}

enum FakeRetellServer {
    static let apiKey = "key_test_secret_0123456789"

    /// Runs `body` with a fake Retell listening on a loopback port and a client pointed at it.
    static func run(
        retry: RetryPolicy = RetryPolicy(jitter: { 0 }),
        timeouts: RequestTimeouts = .init(),
        _ body: @Sendable (FakeRetell, HTTPRetellClient, SleepRecorder) async throws -> Void
    ) async throws {
        let fake = FakeRetell()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch] {
            router.on("**", method: method) { request, _ in try await fake.respond(to: request) }
        }
        var logger = Logger(label: "fake-retell")
        logger.logLevel = .error
        let app = Application(router: router, logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await withHTTPClient { httpClient in
                let recorder = SleepRecorder()
                let retell = HTTPRetellClient(
                    baseURL: "http://localhost:\(port)/", apiKey: apiKey, httpClient: httpClient,
                    retry: retry, timeouts: timeouts, sleeper: { await recorder.record($0) })
                do {
                    try await body(fake, retell, recorder)
                    await fake.release()
                } catch {
                    await fake.release()
                    throw error
                }
            }
        }
    }

    /// An `HTTPClient` made the way Shortlist makes it, shut down afterwards.
    static func withHTTPClient<T: Sendable>(
        configuration: HTTPClient.Configuration = HTTPRetellClient.httpClientConfiguration(),
        _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let value = try await body(httpClient)
            try await httpClient.shutdown()
            return value
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}
