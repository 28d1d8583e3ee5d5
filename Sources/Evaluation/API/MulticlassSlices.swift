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
    /// over the judgeable groups with at least the minimum support of rows of it (trial26 #5);
    /// classes with fewer than two such groups are absent.
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
            let gap = SliceGap.between(
                groups.map {
                    let perClass = $0.metrics.perClass[c]
                    return (
                        $0.name, $0.tooSmall, perClass.recall.value,
                        RateCounts(
                            successes: Self.count(perClass.recall.value, of: perClass.support), trials: perClass.support
                        )
                    )
                }, minimumTrials: minimumSupport)
            if let gap { recallGaps[name] = gap }
        }
        return MulticlassSliceBreakdown(
            fields: fields, name: grouped.name, groups: groups,
            accuracyGap: .between(
                groups.map {
                    (
                        $0.name, $0.tooSmall, $0.metrics.accuracy.value,
                        RateCounts(successes: Self.count($0.metrics.accuracy.value, of: $0.support), trials: $0.support)
                    )
                }, minimumTrials: minimumSupport),
            truePositiveRateGaps: recallGaps)
    }

    /// The successes a rate of `trials` stands for (the rate times the trials, rounded).
    private static func count(_ rate: Double?, of trials: Int) -> Int {
        Int(((rate ?? 0) * Double(trials)).rounded())
    }

    enum CodingKeys: String, CodingKey {
        case fields, name, groups
        case accuracyGap = "accuracy_gap"
        case truePositiveRateGaps = "true_positive_rate_gaps"
    }
}
