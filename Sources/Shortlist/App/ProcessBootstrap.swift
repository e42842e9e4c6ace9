import Foundation
import Logging
import Metrics
import Prometheus
import Synchronization

/// swift-log and swift-metrics keep one process-wide backend each; this sets them up exactly once
/// (the daemon calls it; tests may call it again) and hands back the metrics registry.
public enum ProcessBootstrap {
    private static let state = Mutex<PrometheusCollectorRegistry?>(nil)

    public static func bootstrap(logLevel: Logger.Level = .info) -> PrometheusCollectorRegistry {
        state.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            LoggingSystem.bootstrap { label in KeyValueLogHandler(label: label, level: logLevel) }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: created))
            registry = created
            return created
        }
    }
}
