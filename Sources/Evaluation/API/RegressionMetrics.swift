import Basics

/// The headline metrics of a regression on one set of rows (the whole test set, or one slice),
/// each with the 95% percentile interval of the seeded bootstrap over the rows.
public struct RegressionMetrics: Encodable, Equatable, Sendable {
    public var meanAbsoluteError: MetricEstimate
    public var rootMeanSquaredError: MetricEstimate
    /// The coefficient of determination, 1 − SSE / SST; undefined when the targets are constant.
    public var r2: MetricEstimate
    public var medianAbsoluteError: MetricEstimate
    /// Mean absolute percentage error as a fraction (scikit-learn's); undefined, with the row
    /// named, when a target is zero or near it: |target| at most 0.1% of the mean |target|.
    public var meanAbsolutePercentageError: MetricEstimate

    /// Every metric of `data`.
    /// - Parameter salt: names the bootstrap stream (a slice's name), so each slice's
    ///   intervals are reproducible on their own.
    /// - Complexity: O(n log n + resamples · n).
    public static func compute(
        _ data: ScoredValues, bootstrap: BootstrapSettings, salt: String = "all"
    )
        -> RegressionMetrics
    {
        let ranked = RankedErrors(data)
        let point = ranked.pointPass()
        let resampled = Bootstrap.resample(
            strata: [ranked.bucketOfRow], buckets: data.count, width: RankedErrors.Metric.allCases.count,
            settings: bootstrap, salt: salt
        ) { counts in ranked.pass(counts) }
        func estimate(_ metric: RankedErrors.Metric, undefined: String) -> MetricEstimate {
            let value = point[metric.rawValue]
            return Bootstrap.estimate(
                value.isNaN ? nil : value, resampled: resampled[metric.rawValue], settings: bootstrap,
                undefined: undefined)
        }
        let noRows = "no rows"
        let zero = ranked.nearZeroTarget.map { near in
            near.target == 0
                ? "row \(near.row) has target 0, so percentage errors are undefined"
                : "row \(near.row) has target \(significant(near.target, digits: 4)), within 0.1% of zero beside the "
                    + "mean |target| \(significant(near.meanMagnitude, digits: 4)), so its percentage error would "
                    + "outweigh all the others"
        }
        return RegressionMetrics(
            meanAbsoluteError: estimate(.meanAbsoluteError, undefined: noRows),
            rootMeanSquaredError: estimate(.rootMeanSquaredError, undefined: noRows),
            r2: estimate(.r2, undefined: data.count > 0 ? "the targets are constant" : noRows),
            medianAbsoluteError: estimate(.medianAbsoluteError, undefined: noRows),
            meanAbsolutePercentageError: estimate(.meanAbsolutePercentageError, undefined: zero ?? noRows))
    }

    enum CodingKeys: String, CodingKey {
        case meanAbsoluteError = "mae"
        case rootMeanSquaredError = "rmse"
        case r2
        case medianAbsoluteError = "median_absolute_error"
        case meanAbsolutePercentageError = "mape"
    }
}
