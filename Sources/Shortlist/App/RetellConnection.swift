import AsyncHTTPClient
import Foundation
import Logging
import Retell
import RetellSimulator

/// The daemon's way to Retell: the real HTTP client, pointed at `[retell] base_url` in live mode,
/// or at a Retell simulator started in-process on a loopback port in simulator mode, so the
/// production path is what runs either way. No client in live mode without an API key.
public struct RetellConnection: Sendable {
    public let client: (any RetellClient)?
    /// The keys webhook signatures are checked against (the API key first, then rotation keys).
    public let webhookKeys: [String]
    let httpClient: HTTPClient?
    let simulator: RetellSimulator?

    /// The key the in-process simulator expects when none is configured.
    static let simulatorKey = "simulator-api-key"

    public static func open(_ config: Config, logger: Logger) async throws -> RetellConnection {
        let retell = config.retell
        switch retell.mode {
        case .live:
            guard !retell.apiKey.isEmpty else {
                return RetellConnection(client: nil, webhookKeys: retell.webhookKeys, httpClient: nil, simulator: nil)
            }
            let http = makeHTTPClient()
            return RetellConnection(
                client: HTTPRetellClient(baseURL: retell.baseURL, apiKey: retell.apiKey, httpClient: http),
                webhookKeys: [retell.apiKey] + retell.webhookKeys, httpClient: http, simulator: nil)
        case .simulator:
            let key = retell.apiKey.isEmpty ? simulatorKey : retell.apiKey
            var simulatorLogger = logger
            simulatorLogger[metadataKey: "component"] = "retell-simulator"
            let simulator = RetellSimulator(configuration: simulatorConfiguration(config, apiKey: key), logger: simulatorLogger)
            let port = try await simulator.start()
            let http = makeHTTPClient()
            return RetellConnection(
                client: HTTPRetellClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, httpClient: http),
                webhookKeys: [key] + retell.webhookKeys, httpClient: http, simulator: simulator)
        }
    }

    /// The simulator as `[simulator]` describes it, on an ephemeral loopback port.
    public static func simulatorConfiguration(_ config: Config, apiKey: String, port: Int = 0) -> SimulatorConfiguration {
        let sim = config.simulator
        var settings = SimulatorConfiguration(
            host: "127.0.0.1", port: port, apiKey: apiKey, concurrencyLimit: config.retell.concurrency,
            speedup: sim.speedup, seed: UInt64(sim.seed),
            outcomes: OutcomeWeights(
                answered: sim.answered, voicemail: sim.voicemail, noAnswer: sim.noAnswer, busy: sim.busy,
                invalidNumber: sim.invalidNumber, optOut: sim.optOut))
        // The simulator's numbers ask the daemon which agent takes a call, as a Retell number set up
        // per the README would.
        settings.inboundWebhookURL = config.inboundWebhookURL
        return settings
    }

    static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Stops the simulator and closes the HTTP client's connections.
    public func close() async {
        await simulator?.stop()
        try? await httpClient?.shutdown()
    }
}
