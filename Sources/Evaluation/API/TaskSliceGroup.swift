import Basics

/// One group of a multiclass or regression breakdown (`Biscoe`, or `Biscoe × female`) with its
/// metrics.
public struct TaskSliceGroup<Metrics: Encodable & Equatable & Sendable>: Encodable, Equatable, Sendable {
    /// One value per field of the breakdown.
    public var values: [String]
    /// The values joined by " × ".
    public var name: String
    /// Rows in the group.
    public var support: Int
    /// True when the group has fewer rows than the minimum support; its metrics are still
    /// reported, and it is left out of the gaps.
    public var tooSmall: Bool
    public var reason: String?
    public var metrics: Metrics

    enum CodingKeys: String, CodingKey {
        case values, name, support, reason, metrics
        case tooSmall = "too_small"
    }
}

/// A multiclass breakdown's group.
public typealias MulticlassSliceGroup = TaskSliceGroup<MulticlassMetrics>
/// A regression breakdown's group.
public typealias RegressionSliceGroup = TaskSliceGroup<RegressionMetrics>

extension GroupedRows {
    /// Each group with `metrics` of its rows (given the rows and the bootstrap salt), flagged
    /// too small below `minimumSupport` rows.
    func groups<Metrics>(minimumSupport: Int, metrics: ([Int], String) -> Metrics) -> [TaskSliceGroup<Metrics>] {
        groups.map { key, rows in
            let groupName = Self.name(key)
            let small = rows.count < minimumSupport
            return TaskSliceGroup(
                values: key, name: groupName, support: rows.count, tooSmall: small,
                reason: small ? "\(counted(rows.count, "row")), fewer than \(minimumSupport)" : nil,
                metrics: metrics(rows, name + "=" + groupName))
        }
    }
}
