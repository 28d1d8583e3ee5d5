/// A way to tell whether a field's served values drifted from its training values, with the
/// threshold Evidently gives it by default (evidently/legacy/calculations/stattests/).
public enum DriftMethod: String, CaseIterable, Codable, Sendable {
    /// Population stability index over the bins; drift at the threshold or above.
    case psi
    /// Two-sample Kolmogorov–Smirnov p-value over the values (numeric fields); drift below.
    case ks
    /// Chi-squared p-value over the bins or categories; drift below.
    case chisquare
    /// Wasserstein distance in reference standard deviations (numeric fields); drift at or above.
    case wasserstein
    /// Jensen–Shannon distance over the bins or categories; drift at or above.
    case jensenshannon
    /// Two-proportion z-test p-value of the first value's share (Evidently's `z`, for two-valued
    /// fields); drift below.
    case ztest

    /// The threshold Evidently's test of the same name uses when none is given.
    public var defaultThreshold: Double {
        switch self {
        case .ks, .chisquare, .ztest: 0.05
        case .psi, .wasserstein, .jensenshannon: 0.1
        }
    }

    /// Whether the method's value is a p-value, so that drift is a value below the threshold
    /// rather than at or above it.
    public var isPValue: Bool { self == .ks || self == .chisquare || self == .ztest }

    /// Whether the method needs values rather than counts per bin, so numeric fields only.
    public var needsValues: Bool { self == .ks || self == .wasserstein }

    /// Whether `value` crosses `threshold` (Evidently: `p < threshold` for p-values,
    /// `value >= threshold` for distances).
    public func drifted(_ value: Double, threshold: Double) -> Bool {
        isPValue ? value < threshold : value >= threshold
    }

    /// The method Evidently's defaults pick (`_get_default_stattest`) for a field with many
    /// distinct values: with at most 1,000 reference rows Kolmogorov–Smirnov for a numeric field
    /// and chi-squared for a categorical one, above that the normalised Wasserstein distance and
    /// the Jensen–Shannon distance.
    public static func chosen(numeric: Bool, referenceRows: Int) -> DriftMethod {
        chosen(numeric: numeric, referenceRows: referenceRows, distinctValues: Int.max)
    }

    /// The method Evidently's defaults pick (`_get_default_stattest`), counting the distinct
    /// present values of the reference and the window together: a numeric field with at most
    /// five is treated as categorical. With at most 1,000 reference rows, Kolmogorov–Smirnov
    /// (numeric, more than five values), else chi-squared (more than two) or the z-test (two at
    /// most); above 1,000, the normalised Wasserstein distance (numeric, more than five values),
    /// else the Jensen–Shannon distance.
    public static func chosen(numeric: Bool, referenceRows: Int, distinctValues: Int) -> DriftMethod {
        let manyValued = numeric && distinctValues > 5
        if referenceRows <= 1000 { return manyValued ? .ks : distinctValues > 2 ? .chisquare : .ztest }
        return manyValued ? .wasserstein : .jensenshannon
    }
}
