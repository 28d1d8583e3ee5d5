/// Multiclass metrics per group of one field or one intersection of fields, with the gaps
/// between the groups large enough to judge.
public struct MulticlassSliceBreakdown: Encodable, Equatable, Sendable {
    public var fields: [String]
    /// The fields joined by " × ".
    public var name: String
    /// In the order of `SliceBreakdown`'s groups.
    public var groups: [MulticlassSliceGroup]
    /// Max − min accuracy; nil with fewer than two judgeable groups.
    public var accuracyGap: SliceGap?
    /// Equal opportunity one class at a time: class name → max − min recall of that class,
    /// over the judgeable groups that have rows of it; classes with fewer than two are absent.
    public var truePositiveRateGaps: [String: SliceGap]

    /// Breaks `data` down by the combination of `fields`.
    /// - Parameter minimumSupport: groups with fewer rows are flagged `too_small`.
    /// - Throws: `EvaluationError` when a field is not in `columns` or its length differs.
    /// - Complexity: O(k · n log n + resamples · k · n) over all groups together.
    public static func compute(
        _ data: ScoredClasses, columns: GroupColumns, fields: [String], bootstrap: BootstrapSettings,
        minimumSupport: Int = 30
    ) throws -> MulticlassSliceBreakdown {
        let grouped = try GroupedRows(columns: columns, fields: fields, rows: data.count)
        let groups = grouped.groups(minimumSupport: minimumSupport) { rows, salt in
            MulticlassMetrics.compute(data.subset(rows), bootstrap: bootstrap, salt: salt)
        }
        var recallGaps: [String: SliceGap] = [:]
        for (c, name) in data.classes.enumerated() {
            recallGaps[name] = .between(groups.map { ($0.name, $0.tooSmall, $0.metrics.perClass[c].recall.value) })
        }
        return MulticlassSliceBreakdown(
            fields: fields, name: grouped.name, groups: groups,
            accuracyGap: .between(groups.map { ($0.name, $0.tooSmall, $0.metrics.accuracy.value) }),
            truePositiveRateGaps: recallGaps)
    }

    enum CodingKeys: String, CodingKey {
        case fields, name, groups
        case accuracyGap = "accuracy_gap"
        case truePositiveRateGaps = "true_positive_rate_gaps"
    }
}
