import Basics
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
        // Test files of other bytes may hold the same rows (a CRLF copy, trial21 #9): their text
        // is read only when the bytes differ.
        let texts = Set(evaluated.map { testRows($0) }).count > 1 ? DataText(root: context.root) : nil
        var identities: [VersionID: String] = [:]
        for item in evaluated + [reference] { identities[item.version.id] = testRows(item, texts: texts) }
        func identity(_ item: Evaluated) -> String? { identities[item.version.id] }
        let referenceRows = identity(reference)
        let comparable = evaluated.filter { identity($0) == referenceRows }
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
                    let isBest = best != nil && estimate?.value == best && identity(item) == referenceRows
                    return isBest ? "<strong>\(text)</strong>" : text
                } + [Charts.sparkline(id: "trend-\(name)", metric: name, points: trend)]
        }
        let rowsNote = Self.rowsNote(
            groups: Self.testRowGroups(
                evaluated.map { (name: $0.version.id.shortName, testRows: identity($0), source: source($0)) }),
            reference: reference.version.id.shortName, production: reference.version.status == .production)
        return "<h2 id=\"comparison\">Comparison</h2>\n"
            + "<p>All headline metrics on each version's test set, best in bold"
            + (evaluated.count < all.count
                ? " (the production version and the most recently registered, \(evaluated.count) of \(all.count))"
                : "")
            + "; the last column follows each metric across all versions in the order they were registered.</p>\n"
            + (rowsNote.map { "<p class=\"note\">Note: \(HTML.escape($0)).</p>\n" } ?? "")
            + HTML.table(["Metric"] + evaluated.map { $0.0.id.shortName } + ["Across versions"], rows)
    }

    /// What names the rows `item`'s test metrics were measured on (`DataSplit.testRowsIdentity`),
    /// the file named by its text when `texts` can read it; nil without an evaluation report.
    private func testRows(_ item: Evaluated, texts: DataText? = nil) -> String? {
        guard let evidence = context.evidence[item.version.id], let report = evidence.evaluation else { return nil }
        let file = texts?.identity(path: report.dataset.path, sha256: report.dataset.sha256) ?? report.dataset.sha256
        return DataSplit.testRowsIdentity(dataSHA256: file, split: evidence.split)
    }

    /// Where `item`'s test rows came from: the file its report names (the test file, or the
    /// training file the rows were held out of), with the split when they were held out.
    private func source(_ item: Evaluated) -> TestRowsSource? {
        guard let evidence = context.evidence[item.version.id], let report = evidence.evaluation else { return nil }
        return TestRowsSource(
            path: report.dataset.path, sha256: report.dataset.sha256,
            rows: evidence.split?.testRows ?? report.dataset.rows,
            seed: evidence.split?.seed)
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

/// Where one version's test rows came from, for the comparison's note.
struct TestRowsSource: Equatable {
    /// The test file, or the training file the rows were held out of (relative to the root).
    var path: String
    var sha256: String
    /// How many test rows.
    var rows: Int
    /// The seed the rows were held out with; nil for a test file.
    var seed: UInt64?
}

extension EndpointPage {
    /// The versions measured on one set of test rows (one `DataSplit.testRowsIdentity`), in
    /// column order, each with where its rows came from.
    typealias TestRowsGroup = (identity: String?, members: [(name: String, source: TestRowsSource?)])

    /// `versions` grouped by the identity of their test rows, groups in order of first appearance.
    static func testRowGroups(
        _ versions: [(name: String, testRows: String?, source: TestRowsSource?)]
    )
        -> [TestRowsGroup]
    {
        var groups: [TestRowsGroup] = []
        for version in versions {
            if let index = groups.firstIndex(where: { $0.identity == version.testRows }) {
                groups[index].members.append((version.name, version.source))
            } else {
                groups.append((version.testRows, [(version.name, version.source)]))
            }
        }
        return groups
    }

    /// The one note on the comparison's test rows (trial21 #5: a note grouping reports by file
    /// digest named one path for two, and put a seed-7 version with seed-42 ones that the next
    /// note called never bold): each group of versions measured on the same rows — the rule the
    /// bolding applies — with where the rows came from, each version's own path and the same
    /// bytes at two paths called so (or the same text in other bytes); then which versions are never bold because their rows are
    /// not `reference`'s. Nil when every version was measured on the same rows.
    static func rowsNote(groups: [TestRowsGroup], reference: String, production: Bool) -> String? {
        guard groups.count > 1 else { return nil }
        let sourcesByGroup = groups.map { $0.members.compactMap(\.source) }
        let described = groups.enumerated().map { index, group -> String in
            let names = group.members.map(\.name).joined(separator: ", ")
            let sources = sourcesByGroup[index]
            guard let first = sources.first else { return "\(names): no training record says which rows" }
            // A path that names other bytes too (the file changed between versions) gets its digest.
            let changed = groups.indices.contains { other in
                other != index
                    && sources.contains { mine in
                        sourcesByGroup[other].contains { $0.path == mine.path && $0.sha256 != mine.sha256 }
                    }
            }
            let digest = changed ? ["SHA-256 \(first.sha256.prefix(12))"] : []
            var ordered: [String] = []
            for source in sources where !ordered.contains(source.path) { ordered.append(source.path) }
            let files =
                ordered.count == 1
                ? first.path
                : ordered.map { path in
                    "\(path) (\(group.members.filter { $0.source?.path == path }.map(\.name).joined(separator: ", ")))"
                }.joined(separator: " and ")
                    + (Set(sources.map(\.sha256)).count == 1
                        ? ", the same bytes" : ", the same rows in other bytes (line ends or a byte order mark)")
            let rows = counted(first.rows, "row")
            guard first.seed != nil else {
                return "\(names) on test file \(files) (\((digest + [rows]).joined(separator: ", ")))"
            }
            var seeds: [String] = []
            for seed in sources.compactMap(\.seed).map(String.init) where !seeds.contains(seed) { seeds.append(seed) }
            return "\(names) on \(rows) held out of \(files)" + digest.map { " (\($0))" }.joined()
                + " with seed \(seeds.joined(separator: " or "))"
        }
        let others = groups.filter { !$0.members.contains { $0.name == reference } }.flatMap { $0.members.map(\.name) }
        return "the versions were measured on \(groups.count) different sets of test rows: "
            + described.joined(separator: "; ") + ". Bold marks the best among the versions measured on the same rows "
            + "as \(reference) (\(production ? "production" : "the newest")); \(others.joined(separator: ", ")) "
            + "\(others.count == 1 ? "was" : "were") measured on other rows, so \(others.count == 1 ? "its" : "their") "
            + "metrics are not comparable with those and never bold"
    }
}
