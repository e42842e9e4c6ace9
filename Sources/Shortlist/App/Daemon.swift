import Foundation
import Hummingbird
import Logging
import RetellSimulator
import ServiceLifecycle

/// `shortlist serve`: open and migrate the database, serve HTTP, tell systemd when ready, ping its
/// watchdog, and on SIGTERM/SIGINT stop accepting, let in-flight requests finish, checkpoint the
/// WAL and close the database.
public struct Daemon {
    public let config: Config
    public let warnings: [ConfigProblem]

    public init(loaded: LoadedConfig) {
        config = loaded.config
        warnings = loaded.warnings
    }

    /// - Parameter onReady: runs once the server listens (in its own task), with what a caller
    ///   needs to act on the running daemon (`shortlist demo` seeds its data here).
    public func run(onReady: @escaping @Sendable (RunningDaemon) async -> Void = { _ in }) async throws {
        let registry = ProcessBootstrap.bootstrap()
        let logger = Logger(label: "shortlist")
        for warning in warnings { logger.warning("config", metadata: ["problem": "\(warning)"]) }
        let database = try AppDatabase.openFile(path: config.database.path, busyTimeoutMS: config.database.busyTimeoutMS)
        let applied = try database.migrate()
        logger.info("database ready", metadata: ["path": "\(config.database.path)", "migrations_applied": "\(applied.joined(separator: ","))"])

        try await database.deleteExpiredSessions()
        let notifier = SystemdNotifier()
        let retell = try await RetellConnection.open(config, logger: logger)
        let dependencies = Dependencies(
            database: database, clock: SystemClock(), metrics: registry, logger: logger, retell: retell.client,
            webhookKeys: retell.webhookKeys)
        let listen = config.server.listen
        let shared = AppServices(config: config, dependencies: dependencies)
        let app = try buildApplication(config: config, dependencies: dependencies, services: shared) { [config] port in
            logger.info("listening", metadata: ["address": "\(listen)", "port": "\(port)", "version": "\(ShortlistVersion.current)"])
            notifier.ready(status: "listening on port \(port)")
            let running = RunningDaemon(
                config: config, port: port, dependencies: dependencies, services: shared, simulator: retell.simulator)
            Task { await onReady(running) }
        }
        var services: [any Service] = [app, RetentionService(
            sweep: RetentionSweep(
                database: database, retention: config.retention, clock: SystemClock(), recordings: config.recordingStore,
                eraser: CandidateEraser(
                    database: database, recordings: config.recordingStore, workBell: dependencies.workBell, logger: logger)),
            logger: logger)]
        if config.backup.everyHours > 0 {
            services.append(BackupService(
                schedule: BackupSchedule(database: database, settings: config.backup, clock: SystemClock(), logger: logger),
                clock: SystemClock(), logger: logger))
        }
        var workHandlers: [any WorkHandler] = []
        if let client = retell.client {
            workHandlers.append(DeleteRetellCallWork(retell: client))
            if config.recordingPolicy.fetch {
                workHandlers.append(FetchRecordingWork(
                    database: database, retell: client, store: config.recordingStore, download: config.recordingDownload()))
            }
        }
        services.append(WorkQueueService(
            queue: WorkQueue(database: database, handlers: workHandlers, clock: SystemClock(), logger: logger),
            bell: dependencies.workBell))
        if let client = retell.client {
            // Before the reconciler's first look: a create request the last process never saw
            // answered may have placed a call, so its row is `unknown` until Retell is asked.
            let interrupted = try await database.markInterruptedDialsUnknown()
            if interrupted > 0 {
                logger.warning("calls interrupted by the last stop are unknown until reconciled", metadata: ["calls": "\(interrupted)"])
            }
            services.append(ReconcilerService(reconciler: Reconciler(
                database: database, retell: client, clock: SystemClock(), logger: logger,
                recordings: config.recordingPolicy, onApplied: dependencies.afterCallChange)))
            // Last in the list, first to stop: no new dials once shutdown begins, while the
            // server still takes the webhooks of calls in flight.
            services.append(DialerService(
                dialer: Dialer(
                    database: database, retell: client,
                    limits: DialLimits(concurrency: config.retell.concurrency, callsPerSecond: config.retell.maxCallsPerSecond),
                    logger: logger, status: dependencies.dialerStatus, onApplied: dependencies.afterCallChange,
                    onBatch: { [events = dependencies.events] in LiveEvents.publish($0, to: events) }),
                doorbell: dependencies.doorbell, clock: SystemClock()))
        }
        if let interval = notifier.watchdogInterval {
            services.append(WatchdogService(notifier: notifier, database: database, interval: interval / 2, logger: logger))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()

        notifier.stopping()
        await retell.close()
        logger.info("shutting down: checkpointing the database")
        let folded = try database.checkpoint()
        logger.info("database checkpointed", metadata: [
            "wal_frames": "\(folded.walFrames)", "checkpointed_frames": "\(folded.checkpointedFrames)"])
        try database.close()
        logger.info("stopped")
    }
}

/// A daemon that is listening: its config, bound port, dependencies, the services its routes use
/// and (in simulator mode) the in-process Retell simulator.
public struct RunningDaemon: Sendable {
    public let config: Config
    public let port: Int
    public let dependencies: Dependencies
    public let services: AppServices
    public let simulator: RetellSimulator?
}

/// Pings systemd's watchdog while the database still takes writes; a hung daemon gets restarted.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let database: AppDatabase
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await database.checkWritable()
                    notifier.watchdog()
                } catch {
                    logger.error("watchdog: database not writable, not pinging", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
