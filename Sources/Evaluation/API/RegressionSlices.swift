/// Regression metrics (MAE, RMSE and the rest) per group of one field or one intersection of
/// fields, with the spread of MAE between the groups large enough to judge.
public struct RegressionSliceBreakdown: Encodable, Equatable, Sendable {
    public var fields: [String]
    /// The fields joined by " × ".
    public var name: String
    /// In the order of `SliceBreakdown`'s groups.
    public var groups: [RegressionSliceGroup]
    /// Max − min mean absolute error; nil with fewer than two judgeable groups.
    public var meanAbsoluteErrorGap: SliceGap?

    /// Breaks `data` down by the combination of `fields`.
    /// - Parameter minimumSupport: groups with fewer rows are flagged `too_small`.
    /// - Throws: `EvaluationError` when a field is not in `columns` or its length differs.
    /// - Complexity: O(n log n + resamples · n) over all groups together.
    public static func compute(
        _ data: ScoredValues, columns: GroupColumns, fields: [String], bootstrap: BootstrapSettings,
        minimumSupport: Int = 30
    ) throws -> RegressionSliceBreakdown {
        let grouped = try GroupedRows(columns: columns, fields: fields, rows: data.count)
        let groups = grouped.groups(minimumSupport: minimumSupport) { rows, salt in
            RegressionMetrics.compute(data.subset(rows), bootstrap: bootstrap, salt: salt)
        }
        return RegressionSliceBreakdown(
            fields: fields, name: grouped.name, groups: groups,
            meanAbsoluteErrorGap: .between(groups.map { ($0.name, $0.tooSmall, $0.metrics.meanAbsoluteError.value) }))
    }

    enum CodingKeys: String, CodingKey {
        case fields, name, groups
        case meanAbsoluteErrorGap = "mean_absolute_error_gap"
    }
}
