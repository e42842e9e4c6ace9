import Foundation
import Logging
import Prometheus

/// Everything the application is built from that a test may want to replace.
public struct Dependencies: Sendable {
    public var database: AppDatabase
    public var clock: any WallClock
    public var metrics: PrometheusCollectorRegistry
    public var logger: Logger

    public init(database: AppDatabase, clock: any WallClock, metrics: PrometheusCollectorRegistry, logger: Logger) {
        self.database = database
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }
}
