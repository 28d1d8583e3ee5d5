import Evaluation
import Registry

extension EndpointPage {
    /// Every headline metric of every evaluated version side by side, the best value in bold
    /// (for metrics where better has a direction).
    var comparison: String {
        let evaluated = state.versions(of: endpoint.name).compactMap { version -> (VersionRecord, HeadlineMetrics)? in
            context.evidence[version.id]?.evaluation.map { (version, $0.metrics) }
        }
        guard evaluated.count > 1 else { return "" }
        let registrationOrder = evaluated.sorted { ($0.0.registration?.seq ?? 0) < ($1.0.registration?.seq ?? 0) }
        let rows = MetricName.allCases.map { name -> [String] in
            let values = evaluated.map { $0.1[name].value }
            let known = values.compactMap { $0 }
            let best = name.higherIsBetter.flatMap { higher in higher ? known.max() : known.min() }
            let trend = registrationOrder.compactMap { version, metrics in
                metrics[name].value.map { (version: version.id.shortName, value: $0) }
            }
            return [HTML.escape(name.rawValue)]
                + evaluated.map { _, metrics in
                    let text = Self.estimate(metrics[name])
                    return best != nil && metrics[name].value == best ? "<strong>\(text)</strong>" : text
                } + [Charts.sparkline(id: "trend-\(name.rawValue)", metric: name.rawValue, points: trend)]
        }
        return "<h2 id=\"comparison\">Comparison</h2>\n"
            + "<p>All headline metrics on each version's test set, best in bold; the last column "
            + "follows each metric across versions in the order they were registered.</p>\n"
            + HTML.table(["Metric"] + evaluated.map { $0.0.id.shortName } + ["Across versions"], rows)
    }
}
