import Evaluation
import Registry

extension EndpointPage {
    /// Every headline metric of every evaluated version side by side, the best value in bold
    /// (for metrics where better has a direction).
    var comparison: String {
        let all = state.versions(of: endpoint.name).compactMap { version -> (VersionRecord, HeadlineMetrics)? in
            context.evidence[version.id]?.evaluation?.binary.map { (version, $0.metrics) }
        }
        guard all.count > 1 else { return "" }
        let registrationOrder = all.sorted { ($0.0.registration?.seq ?? 0) < ($1.0.registration?.seq ?? 0) }
        let evaluated = Self.shown(registrationOrder)
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
            + "<p>All headline metrics on each version's test set, best in bold"
            + (evaluated.count < all.count
                ? " (the production version and the most recently registered, \(evaluated.count) of \(all.count))"
                : "")
            + "; the last column follows each metric across all versions in the order they were registered.</p>\n"
            + HTML.table(["Metric"] + evaluated.map { $0.0.id.shortName } + ["Across versions"], rows)
    }

    /// At most `limit` columns: the production version and the most recently registered ones,
    /// in the versions table's order.
    static func shown(
        _ registrationOrder: [(VersionRecord, HeadlineMetrics)], limit: Int = 8
    )
        -> [(VersionRecord, HeadlineMetrics)]
    {
        guard registrationOrder.count > limit else { return registrationOrder.sorted { $0.0.id < $1.0.id } }
        var kept = registrationOrder.filter { $0.0.status == .production }
        for item in registrationOrder.reversed() where kept.count < limit && item.0.status != .production {
            kept.append(item)
        }
        return kept.sorted { $0.0.id < $1.0.id }
    }
}
