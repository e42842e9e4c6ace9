import Foundation
import Hummingbird
import Logging
import NIOCore

/// Every endpoint with its controller, wired to the dependencies.
func routeTable(config: Config, dependencies: Dependencies, services: AppServices? = nil) throws -> RouteTable {
    let database = dependencies.database
    let services = services ?? AppServices(config: config, dependencies: dependencies)
    let defaults = try campaignDefaults(config)
    let renderer = try PageRenderer(staticDir: config.server.staticDir)
    let sessions = AdminSessions(
        database: database, lifetime: TimeInterval(config.security.sessionHours) * 3_600,
        secureCookies: config.security.cookieSecure)
    let events = EventsAPI(hub: dependencies.events, database: database, heartbeat: dependencies.eventHeartbeat)
    let export = ResultsExport(database: database)
    let passwords = PasswordChecker()
    let backups = BackupReport(
        database: database, settings: config.backup, clock: dependencies.clock, registry: dependencies.metrics)
    let dashboard = DashboardPages(database: database, renderer: renderer, dialer: dependencies.dialerStatus, backups: backups)
    return RouteTable(
        health: HealthAPI(database: database, retellMode: retellState(config), dialer: dependencies.dialerStatus, backups: backups),
        metrics: MetricsAPI(
            registry: dependencies.metrics,
            gauges: StateGauges(database: dependencies.database, registry: dependencies.metrics, clock: dependencies.clock),
            backups: backups),
        openAPI: try OpenAPIDocument(staticDir: config.server.staticDir),
        jobs: JobsAPI(database: database, maxBodyBytes: config.server.maxBodyBytes),
        campaigns: CampaignsAPI(
            database: database, defaults: defaults, maxBodyBytes: config.server.maxBodyBytes, control: services.batches),
        candidates: CandidatesAPI(database: database, defaultCountry: config.calling.defaultCountry),
        dnc: DNCAPI(database: database, defaultCountry: config.calling.defaultCountry, maxBodyBytes: config.server.maxBodyBytes),
        agents: AgentsAPI(agents: services.agents, database: database),
        webhook: WebhookAPI(receiver: WebhookReceiver(
            database: database, keys: dependencies.webhookKeys, clock: dependencies.clock, logger: dependencies.logger,
            rejectsPerMinute: config.security.webhookRejectsPerMinute, recordings: config.recordingPolicy,
            onApplied: dependencies.afterCallChange),
            inboundCalls: InboundCalls(database: database, logger: dependencies.logger, onApplied: dependencies.afterCallChange)),
        calls: CallsAPI(database: database),
        events: events,
        batches: BatchesAPI(database: database, maxBodyBytes: config.server.maxBodyBytes, control: services.batches),
        reports: ReportsAPI(
            database: database, clock: dependencies.clock, manualMinutesPerCall: config.calling.manualMinutesPerCall,
            export: export),
        shortlist: ShortlistAPI(database: database, decisions: services.decisions, maxBodyBytes: config.server.maxBodyBytes),
        signIn: SignInPages(
            database: database, sessions: sessions, throttle: LoginThrottle(clock: dependencies.clock), passwords: passwords, renderer: renderer),
        dashboard: dashboard,
        stylesheet: try StaticFile(staticDir: config.server.staticDir, name: "app.css", contentType: "text/css; charset=utf-8"),
        jobPages: JobPages(database: database, renderer: renderer, chrome: dashboard.chrome, batches: services.batches),
        campaignPages: CampaignPages(
            database: database, renderer: renderer, chrome: dashboard.chrome,
            agents: services.agents, clock: dependencies.clock, batches: services.batches,
            defaultCountry: config.calling.defaultCountry),
        campaignForms: CampaignFormPages(
            database: database, renderer: renderer, chrome: dashboard.chrome, defaults: defaults, batches: services.batches),
        candidatePages: CandidatePages(
            database: database, renderer: renderer, chrome: dashboard.chrome, recordingSetup: RecordingSetup(config)),
        livePages: LivePages(
            database: database, sessions: sessions, renderer: renderer, chrome: dashboard.chrome,
            events: events),
        reportPages: ReportPages(
            database: database, renderer: renderer, chrome: dashboard.chrome,
            manualMinutesPerCall: config.calling.manualMinutesPerCall, export: export),
        dncPages: DNCPages(
            database: database, renderer: renderer, chrome: dashboard.chrome,
            defaultCountry: config.calling.defaultCountry),
        usersPages: UsersPages(
            database: database, renderer: renderer, chrome: dashboard.chrome, passwords: passwords),
        auditPages: AuditPages(database: database, renderer: renderer, chrome: dashboard.chrome),
        shortlistPages: ShortlistPages(
            database: database, renderer: renderer, chrome: dashboard.chrome, decisions: services.decisions),
        erase: EraseAPI(database: database, eraser: services.eraser),
        erasePages: ErasePages(database: database, eraser: services.eraser, renderer: renderer, chrome: dashboard.chrome),
        script: try StaticFile(staticDir: config.server.staticDir, name: "app.js", contentType: "text/javascript; charset=utf-8"),
        recordings: RecordingsAPI(database: database, store: config.recordingStore, sessions: sessions),
        sessions: sessions)
}

/// The composition root: the router with its middleware and the route table, from config and
/// dependencies. `serve`, `demo` and the tests all build the app through here.
public func buildRouter(
    config: Config, dependencies: Dependencies, services: AppServices? = nil
) throws -> Router<AppRequestContext> {
    let database = dependencies.database
    let table = try routeTable(config: config, dependencies: dependencies, services: services)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ClientAddressMiddleware(trustedProxies: config.server.trustedProxies))
    router.add(middleware: BodyPaceMiddleware(
        grace: .seconds(config.server.idleTimeoutSeconds), minBytesPerSecond: BodyPaceMiddleware.minimumRate))
    // After the client address: HSTS needs to know whether the client came over https.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: AccessLogMiddleware(clock: dependencies.clock))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: APIErrorMiddleware())
    let withToken = router.group().add(middleware: TokenAuthMiddleware(database: database))
    for endpoint in table.service + table.api + table.open {
        if endpoint.needsToken {
            withToken.on(RouterPath(endpoint.path), method: endpoint.method, use: endpoint.handler)
        } else {
            router.on(RouterPath(endpoint.path), method: endpoint.method, use: endpoint.handler)
        }
    }
    let signedIn = router.group().add(middleware: PageAuthMiddleware(sessions: table.sessions))
    for endpoint in table.pages {
        signedIn.on(RouterPath(endpoint.path), method: endpoint.method, use: endpoint.handler)
    }
    return router
}

/// The HTTP application bound to `[server] listen`; `onServerRunning` gets the bound port.
/// `services` defaults to a set built here; the daemon passes its own so the demo shares them.
public func buildApplication(
    config: Config, dependencies: Dependencies, services: AppServices? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    guard let address = ListenAddress(parsing: config.server.listen) else {
        throw StartupError("server.listen \"\(config.server.listen)\" is not host:port")
    }
    let connections = ConnectionLimit(max: config.server.maxConnections, logger: dependencies.logger)
    return Application(
        router: try buildRouter(config: config, dependencies: dependencies, services: services),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [connections.handler()],
            idleTimeout: .seconds(Int64(config.server.idleTimeoutSeconds)))),
        configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? address.port) },
        logger: dependencies.logger)
}

/// What a new campaign gets when the client leaves a setting out: the config's `[calling]`.
func campaignDefaults(_ config: Config) throws -> CampaignDefaults {
    let calling = config.calling
    guard case .success(let days) = Weekday.parseList(calling.days) else { throw StartupError("calling.days is not valid") }
    return CampaignDefaults(
        fromNumber: config.retell.fromNumber, defaultCountry: calling.defaultCountry,
        calling: CallingSettings(
            timezone: calling.timezone, window: try CallingWindow(parsing: calling.window), days: days,
            maxAttempts: calling.maxAttempts, retryAfterMinutes: calling.retryAfterMinutes))
}

/// How agents are configured at Retell.
func agentSettings(_ config: Config) -> AgentSettings {
    AgentSettings(
        voiceID: config.retell.voiceID, model: config.retell.model, webhookURL: config.webhookURL,
        maxCallMinutes: config.retell.maxCallMinutes)
}

/// `/healthz`'s word for the Retell side: the mode, or that no key is set.
func retellState(_ config: Config) -> String {
    if config.retell.mode == .simulator { return "simulator" }
    return config.retell.apiKey.isEmpty ? "not_configured" : "live"
}
