import Basics

/// Group membership of each row, by field (`sex`, `race`, `age_band`): the raw material of
/// disaggregated metrics.
public struct GroupColumns: Sendable {
    /// Field → the value of each row.
    public var values: [String: [String]]
    /// Field → every value the schema declares, so a declared group with no test rows is
    /// reported with support 0 instead of silently missing. Optional per field.
    public var categories: [String: [String]]

    public init(values: [String: [String]], categories: [String: [String]] = [:]) {
        self.values = values
        self.categories = categories
    }
}

/// One group of a breakdown (`Female`, or `Female × Black`) with its metrics.
public struct SliceGroup: Encodable, Equatable, Sendable {
    /// One value per field of the breakdown.
    public var values: [String]
    /// The values joined by " × ".
    public var name: String
    /// Rows in the group.
    public var support: Int
    public var positives: Int
    /// True when the group is too small to judge (below the minimum support, or a class is
    /// absent); its metrics are still reported, and it is left out of the gaps.
    public var tooSmall: Bool
    /// Why the group is too small.
    public var reason: String?
    public var confusion: ConfusionMatrix
    public var metrics: HeadlineMetrics

    enum CodingKeys: String, CodingKey {
        case values, name, support, positives, reason, confusion, metrics
        case tooSmall = "too_small"
    }
}

/// The spread of one rate across the groups of a breakdown that are large enough to judge: a
/// group's rows, and for a rate over a part of them (a true-positive rate over the positives) that
/// part, must be at least the minimum support (trial26 #5: a TPR gap of 0.353 headlined from a
/// group with 6 positives).
public struct SliceGap: Encodable, Equatable, Sendable {
    /// Highest rate minus lowest rate.
    public var difference: Double
    public var highest: String
    public var lowest: String
    /// How many groups were compared.
    public var groupsCompared: Int
    /// The highest and the lowest group's rate as counts (`1 of 6 positives found`); nil for a
    /// gap that is no rate (MAE) and in reports written before they were kept.
    public var highestCounts: RateCounts?
    public var lowestCounts: RateCounts?

    public init(
        difference: Double, highest: String, lowest: String, groupsCompared: Int, highestCounts: RateCounts? = nil,
        lowestCounts: RateCounts? = nil
    ) {
        self.difference = difference
        self.highest = highest
        self.lowest = lowest
        self.groupsCompared = groupsCompared
        self.highestCounts = highestCounts
        self.lowestCounts = lowestCounts
    }

    enum CodingKeys: String, CodingKey {
        case difference, highest, lowest
        case groupsCompared = "groups_compared"
        case highestCounts = "highest_counts"
        case lowestCounts = "lowest_counts"
    }
}

/// A rate as its counts: `successes` of `trials` (true positives of the positives).
public struct RateCounts: Encodable, Equatable, Sendable {
    public var successes: Int
    public var trials: Int

    public init(successes: Int, trials: Int) {
        self.successes = successes
        self.trials = trials
    }

    /// `1/6`.
    public var text: String { "\(successes)/\(trials)" }
}

/// Metrics per group of one field or one intersection of fields, with the gaps between groups.
public struct SliceBreakdown: Encodable, Equatable, Sendable {
    public var fields: [String]
    /// The fields joined by " × ".
    public var name: String
    /// Groups in the order of the declared categories (field by field), then undeclared
    /// values in ascending order.
    public var groups: [SliceGroup]
    /// Equal-opportunity gap: max − min true-positive rate (recall), over the judgeable groups
    /// with at least the minimum support of positive rows. nil with fewer than two.
    public var truePositiveRateGap: SliceGap?
    /// Demographic-parity gap: max − min selection rate. nil with fewer than two judgeable groups.
    public var demographicParityGap: SliceGap?

    /// Breaks `data` down by the combination of `fields`.
    /// - Parameter minimumSupport: groups with fewer rows are flagged `too_small`.
    /// - Throws: `EvaluationError` when a field is not in `columns` or its length differs.
    /// - Complexity: O(n log n + resamples · n) over all groups together.
    public static func compute(
        _ data: ScoredLabels, columns: GroupColumns, fields: [String], threshold: Double,
        bootstrap: BootstrapSettings, minimumSupport: Int = 30
    ) throws -> SliceBreakdown {
        let grouped = try GroupedRows(columns: columns, fields: fields, rows: data.count)
        let groups = grouped.groups.map { key, rows in
            let subset = data.subset(rows)
            let groupName = GroupedRows.name(key)
            let reason = tooSmallReason(subset, minimumSupport: minimumSupport)
            return SliceGroup(
                values: key, name: groupName, support: subset.count, positives: subset.positives,
                tooSmall: reason != nil, reason: reason,
                confusion: ConfusionMatrix(subset, threshold: threshold),
                metrics: .compute(
                    subset, threshold: threshold, bootstrap: bootstrap, salt: grouped.name + "=" + groupName))
        }
        return SliceBreakdown(
            fields: fields, name: grouped.name, groups: groups,
            truePositiveRateGap: .between(
                groups.map {
                    let c = $0.confusion
                    return (
                        $0.name, $0.tooSmall, $0.metrics.recall.value,
                        RateCounts(successes: c.truePositives, trials: c.truePositives + c.falseNegatives)
                    )
                }, minimumTrials: minimumSupport),
            demographicParityGap: .between(
                groups.map {
                    let c = $0.confusion
                    return (
                        $0.name, $0.tooSmall, $0.metrics.selectionRate.value,
                        RateCounts(successes: c.truePositives + c.falsePositives, trials: $0.support)
                    )
                }, minimumTrials: minimumSupport))
    }

    private static func tooSmallReason(_ data: ScoredLabels, minimumSupport: Int) -> String? {
        if data.count < minimumSupport { return "\(counted(data.count, "row")), fewer than \(minimumSupport)" }
        if data.positives == 0 { return "no positive rows" }
        if data.negatives == 0 { return "no negative rows" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case fields, name, groups
        case truePositiveRateGap = "true_positive_rate_gap"
        case demographicParityGap = "demographic_parity_gap"
    }
}
