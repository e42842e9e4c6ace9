import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A local stand-in for Retell's API: the endpoints Shortlist uses, with Retell's validation,
/// errors, concurrency limit and idempotency, and calls that play out on a time-compressed,
/// seeded timeline and post signed webhooks to the agent's `webhook_url`.
///
/// Run it as a ServiceLifecycle `Service` with `run()` (serves until graceful shutdown or
/// cancellation), or `start()` / `stop()` for tests and in-process use.
public final class RetellSimulator: Service, Sendable {
    /// Milliseconds since the epoch from the system clock.
    public static let wallClockMS: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    public let configuration: SimulatorConfiguration
    let logger: Logger
    let clock: @Sendable () -> Int64
    let state: SimulatorState
    let gate = DeliveryGate()
    /// Holds ringing calls before they end or connect (`holdCalls()`).
    let ringGate = DeliveryGate()
    private let running = Mutex(Running())

    private struct Running {
        var port: Int?
        var task: Task<Void, any Error>?
        var group: ServiceGroup?
        var inbound: InboundCallPlacer?
    }

    /// - Parameters:
    ///   - clock: milliseconds since the epoch, used for every timestamp, the idempotency window
    ///     and webhook signatures (sleeps use real time divided by `speedup`).
    public init(
        configuration: SimulatorConfiguration = SimulatorConfiguration(),
        logger: Logger = Logger(label: "retell-simulator"),
        clock: @escaping @Sendable () -> Int64 = RetellSimulator.wallClockMS
    ) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.state = SimulatorState(configuration: configuration, clock: clock)
    }

    // MARK: - Running

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// Serves until graceful shutdown or cancellation; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let (jobs, submit) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
        let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void = { submit.yield($0) }
        let speedup = configuration.speedup > 0 && configuration.speedup.isFinite ? configuration.speedup : 1
        let playback = CallPlayback(
            state: state, renderer: { [self] in renderer() },
            sender: WebhookSender(
                client: httpClient, apiKey: configuration.apiKey, clock: clock,
                retryDelaySeconds: max(0.01, 2 / speedup), gate: gate, logger: logger),
            ringGate: ringGate,
            speedup: speedup, logger: logger, spawn: spawn)
        let startPlayback: @Sendable (StoredCall) -> Void = { call in spawn { await playback.play(call) } }
        let inbound = InboundCallPlacer(
            client: httpClient, apiKey: configuration.apiKey, clock: clock, state: state, retryDelaySeconds: max(0.01, 2 / speedup), logger: logger,
            startPlayback: startPlayback)
        let router = Router()
        SimulatorRoutes(
            state: state, configuration: configuration, renderer: { [self] in renderer() },
            startPlayback: startPlayback, placeInbound: inbound.place, signer: fileSigner
        ).register(on: router)
        // Graceful shutdown goes last to first: background work (playback, deliveries) is
        // cancelled, then the server drains.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: application(router, onListening)), .init(service: BackgroundWork(jobs: jobs))],
            gracefulShutdownSignals: [], logger: logger))
        running.withLock {
            $0.group = group
            $0.inbound = inbound
        }
        let outcome = await Result { try await group.run() }
        submit.finish()
        running.withLock {
            $0.port = nil
            $0.group = nil
            $0.inbound = nil
        }
        try? await httpClient.shutdown()
        try outcome.get()
    }

    private func application(
        _ router: Router<BasicRequestContext>, _ onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "RetellSimulator"),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                running.withLock { $0.port = port }
                logger.info("retell simulator listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
                await onListening(port)
            },
            logger: logger)
    }

    /// Starts serving in the background and returns the bound port once it is listening.
    public func start() async throws -> Int {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let task = try running.withLock { running -> Task<Void, any Error> in
            guard running.task == nil else { throw SimulatorStartupError("the simulator is already running") }
            let task = Task {
                defer { portSink.finish() }
                try await self.run { port in portSink.yield(port) }
            }
            running.task = task
            return task
        }
        for await port in ports { return port }
        running.withLock { $0.task = nil }
        try await task.value
        throw SimulatorStartupError("the simulator stopped before it was listening")
    }

    /// Stops what `start()` started: the server, playback and webhook deliveries.
    public func stop() async {
        let (task, group) = running.withLock { running in
            defer { running.task = nil }
            return (running.task, running.group)
        }
        if let group { await group.triggerGracefulShutdown() } else { task?.cancel() }
        _ = try? await task?.value
    }

    /// Someone calls `to` (one of our numbers) from `from`: the number's inbound webhook is asked
    /// which agent answers (signed `call_inbound`), and the call plays out with that agent, the
    /// answer's variables and metadata, sending the usual webhooks with `direction: "inbound"`.
    /// Needs `inboundWebhookURL` and a running simulator.
    public func placeInboundCall(from: String, to: String) async throws -> InboundCallResult {
        guard let inbound = running.withLock({ $0.inbound }) else {
            throw SimulatorStartupError("the simulator is not running")
        }
        return try await inbound.place(from: from, to: to)
    }

    /// The bound port while running.
    public var port: Int? { running.withLock { $0.port } }

    /// What `recording_url` and `public_log_url` start with.
    public var baseURL: String {
        if let base = configuration.publicBaseURL { return base.hasSuffix("/") ? String(base.dropLast()) : base }
        return "http://\(configuration.host):\(port ?? configuration.port)"
    }

    func renderer() -> CallObjectRenderer { CallObjectRenderer(baseURL: baseURL, signer: fileSigner) }

    /// Signs and checks the recording and log addresses.
    var fileSigner: SignedFileURL {
        SignedFileURL(apiKey: configuration.apiKey, lifetimeMS: configuration.signedURLLifetimeMS, clock: clock)
    }

    /// The bytes behind every answered call's `recording_url`: a short, real WAV.
    public static var recordingBytes: [UInt8] { SimulatorRoutes.recording }

    // MARK: - Observing

    /// Every call created so far, in creation order.
    public var calls: [SimulatedCallRecord] {
        get async { await state.allCalls.map(\.record) }
    }

    /// The highest number of calls registered or ongoing at the same time.
    public var maxConcurrentObserved: Int {
        get async { await state.maxConcurrentObserved }
    }

    /// How many create-phone-call requests were refused with 429 at the concurrency limit.
    public var concurrencyRefusals: Int {
        get async { await state.concurrencyRefusals }
    }

    /// The ids of the calls deleted through `DELETE /v2/delete-call/{id}`, in order.
    public var deletedCallIDs: [String] {
        get async { await state.deletedCallIDs }
    }

    /// Calls registered or ongoing now.
    public var currentConcurrency: Int {
        get async { await state.inFlightCount }
    }
}

/// Runs the jobs the routes and playback hand over (call playback, webhook retries) until
/// graceful shutdown, which cancels them: a simulated call has nothing to finish.
private struct BackgroundWork: Service {
    let jobs: AsyncStream<@Sendable () async -> Void>

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await job in jobs { group.addTask { await job() } }
            }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// Why `start()` failed.
public struct SimulatorStartupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
