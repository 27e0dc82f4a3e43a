import EcoCore
import Foundation
import Metrics
import Prometheus

/// Prometheus metrics at `/metrics`: the request counters and timers of Hummingbird's MetricsMiddleware (swift-metrics)
/// exported by swift-prometheus.
public final class MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry

    private static let shared: MetricsEndpoint = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return MetricsEndpoint(registry: registry)
    }()

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// The process-wide endpoint; the first call bootstraps the metrics system (which may happen once per process).
    public static func bootstrap() -> MetricsEndpoint { shared }

    public func render() -> String { registry.emitToString() }
}
