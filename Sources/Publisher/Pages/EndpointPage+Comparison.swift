import Evaluation
import Models
import Registry

extension EndpointPage {
    /// A version and its report's headline metrics.
    typealias Evaluated = (version: VersionRecord, metrics: [(name: String, estimate: MetricEstimate)])

    /// Every headline metric of the endpoint's task of every version evaluated on it side by side,
    /// the best value in bold (for metrics where better has a direction) among the versions
    /// measured on the same test rows as the production version (without one, the most recently
    /// registered): a version whose rows were held out with another seed or came from another
    /// test file is shown but never bold, and a note names it (trial20 #4: a seed-7 version's
    /// RMSE was bold as the best beside seed-42 ones that `modelpress diff` calls not comparable).
    var comparison: String {
        let task = endpoint.definition.schema.task
        let all = state.versions(of: endpoint.name).compactMap { version -> Evaluated? in
            guard let report = context.evidence[version.id]?.evaluation, report.task == task else { return nil }
            return (version, report.headline)
        }
        guard all.count > 1, let names = all.first?.metrics.map(\.name) else { return "" }
        let registrationOrder = all.sorted { ($0.0.registration?.seq ?? 0) < ($1.0.registration?.seq ?? 0) }
        let evaluated = Self.shown(registrationOrder)
        func value(_ metrics: [(name: String, estimate: MetricEstimate)], _ name: String) -> MetricEstimate? {
            metrics.first { $0.name == name }?.estimate
        }
        let reference = registrationOrder.last { $0.version.status == .production } ?? registrationOrder.last!
        let referenceRows = testRows(reference)
        let comparable = evaluated.filter { testRows($0) == referenceRows }
        let rows = names.map { name -> [String] in
            let known = comparable.compactMap { value($0.metrics, name)?.value }
            let best = EvaluationReport.higherIsBetter(name).flatMap { higher in higher ? known.max() : known.min() }
            let trend = registrationOrder.compactMap { version, metrics in
                value(metrics, name)?.value.map { (version: version.id.shortName, value: $0) }
            }
            return [HTML.escape(name)]
                + evaluated.map { item in
                    let estimate = value(item.metrics, name)
                    let text = Self.estimate(estimate)
                    let isBest = best != nil && estimate?.value == best && testRows(item) == referenceRows
                    return isBest ? "<strong>\(text)</strong>" : text
                } + [Charts.sparkline(id: "trend-\(name)", metric: name, points: trend)]
        }
        let others = evaluated.filter { testRows($0) != referenceRows }.map(\.version.id.shortName)
        let rowsNote =
            others.isEmpty
            ? nil
            : "bold marks the best among the versions measured on the same test rows as "
                + "\(reference.version.id.shortName) (\(reference.version.status == .production ? "production" : "the newest")); "
                + "\(others.joined(separator: ", ")) \(others.count == 1 ? "was" : "were") measured on other test rows "
                + "(held out with another seed, or another test file), so \(others.count == 1 ? "its" : "their") "
                + "metrics are not comparable with those and never bold"
        return "<h2 id=\"comparison\">Comparison</h2>\n"
            + "<p>All headline metrics on each version's test set, best in bold"
            + (evaluated.count < all.count
                ? " (the production version and the most recently registered, \(evaluated.count) of \(all.count))"
                : "")
            + "; the last column follows each metric across all versions in the order they were registered.</p>\n"
            + (dataNote(all).map { "<p class=\"note\">Note: \(HTML.escape($0)).</p>\n" } ?? "")
            + (rowsNote.map { "<p class=\"note\">Note: \(HTML.escape($0)).</p>\n" } ?? "")
            + HTML.table(["Metric"] + evaluated.map { $0.0.id.shortName } + ["Across versions"], rows)
    }

    /// What names the rows `item`'s test metrics were measured on (`DataSplit.testRowsIdentity`);
    /// nil when its training.json is not there to say.
    private func testRows(_ item: Evaluated) -> String? {
        guard let evidence = context.evidence[item.version.id], let report = evidence.evaluation else { return nil }
        return DataSplit.testRowsIdentity(dataSHA256: report.dataset.sha256, split: evidence.split)
    }

    /// `modelpress diff`'s note when the versions' reports were computed on different test data.
    private func dataNote(_ all: [Evaluated]) -> String? {
        MetricsDiff.differentData(
            all.sorted { $0.version.id < $1.version.id }.compactMap { item in
                context.evidence[item.version.id]?.evaluation.map { (item.version.id.shortName, $0.dataset) }
            })
    }

    /// At most `limit` columns: the production version and the most recently registered ones,
    /// in the versions table's order.
    static func shown(_ registrationOrder: [Evaluated], limit: Int = 8) -> [Evaluated] {
        guard registrationOrder.count > limit else { return registrationOrder.sorted { $0.0.id < $1.0.id } }
        var kept = registrationOrder.filter { $0.0.status == .production }
        for item in registrationOrder.reversed() where kept.count < limit && item.0.status != .production {
            kept.append(item)
        }
        return kept.sorted { $0.0.id < $1.0.id }
    }
}
