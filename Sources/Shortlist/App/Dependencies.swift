import Foundation
import Logging
import Prometheus
import Retell

/// Everything the application is built from that a test may want to replace.
public struct Dependencies: Sendable {
    public var database: AppDatabase
    public var clock: any WallClock
    public var metrics: PrometheusCollectorRegistry
    public var logger: Logger
    /// Retell (the real HTTP client, pointed at Retell or at the simulator); nil when no key is set.
    public var retell: (any RetellClient)?
    /// Keys webhook signatures are checked against (empty: every webhook is refused).
    public var webhookKeys: [String]
    /// Live updates for `/api/v1/events`, published after each commit.
    public var events: EventHub

    public init(
        database: AppDatabase, clock: any WallClock, metrics: PrometheusCollectorRegistry, logger: Logger,
        retell: (any RetellClient)?, webhookKeys: [String] = [], events: EventHub = EventHub()
    ) {
        self.events = events
        self.retell = retell
        self.webhookKeys = webhookKeys
        self.database = database
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }
}
