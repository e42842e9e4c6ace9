import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import Logging
import Retell
import RetellSimulator
import Testing
@testable import Shortlist

/// The app on a live local port talking to the Retell simulator over HTTP, both on one fixed clock
/// that starts on Wednesday at 11:00 in Chicago (`DialerHarness.wednesdayMorning`); the simulator's
/// call and inbound webhooks come back to the app. The simulator and its HTTP client are stopped
/// whatever the body does. `speedup` compresses the simulator's call times (and the callbacks
/// its candidates ask for, a few simulated minutes ahead).
enum SimulatorApp {
    static func run(
        apiKey: String, seed: UInt64, concurrencyLimit: Int, speedup: Double = 3_000,
        database: (@Sendable (FixedClock) throws -> AppDatabase)? = nil,
        configure: (inout Config) -> Void = { _ in },
        _ body: @escaping @Sendable (TestApp, any TestClientProtocol, RetellSimulator) async throws -> Void
    ) async throws {
        let clock = FixedClock(DialerHarness.wednesdayMorning)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sim = RetellSimulator(
            configuration: SimulatorConfiguration(apiKey: apiKey, concurrencyLimit: concurrencyLimit, speedup: speedup, seed: seed),
            logger: logger, clock: { Int64((clock.now().timeIntervalSince1970 * 1000).rounded()) })
        let port = try await sim.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let retell = HTTPRetellClient(baseURL: "http://127.0.0.1:\(port)", apiKey: apiKey, httpClient: http)
        var failure: (any Error)?
        do {
            let app = try await TestApp.make(
                client: retell, webhookKeys: [apiKey], clock: clock, database: try database?(clock), configure: configure)
            try await app.test(.live) { client in
                let base = "http://127.0.0.1:\(try #require(client.port))"
                await sim.redirectWebhooks(to: base + "/webhooks/retell")
                await sim.redirectInboundWebhook(to: base + "/webhooks/retell/inbound")
                try await body(app, client, sim)
            }
        } catch {
            failure = error
        }
        await sim.stop()
        try await http.shutdown()
        if let failure { throw failure }
    }
}
