import Foundation

/// Two-sample statistics that say whether what a model is asked now differs from what it was
/// trained on, as Evidently's default data drift tests compute them
/// (evidently/legacy/calculations/stattests/: psi.py, chisquare_stattest.py,
/// jensenshannon.py, wasserstein_distance_norm.py, ks_stattest.py) with scipy's definitions;
/// `Tests/EvaluationTests/Fixtures/scipy-drift.json` (scripts/make-drift-fixtures) holds the
/// known answers.
///
/// The binned statistics take counts per bin, `reference[i]` and `current[i]` counting the same
/// bin: a numeric field's present values in Evidently's bins (`histogram`) or a categorical
/// field's present categories. Missing values are left out of them, as Evidently drops them;
/// their share is tested on its own (`proportionZTest`).
public enum DriftStatistics {
    /// The population stability index, Σ (r − c)·ln(r / c) over the bins' shares r and c.
    ///
    /// An empty bin would make the logarithm infinite, so its share is floored as Evidently's
    /// `get_binned_data(feel_zeroes: true)` does, on each side separately: 0.0001, or a
    /// millionth of that side's smallest non-empty share when that share is 0.0001 or less.
    /// Shares are not renormalised after the floor.
    /// - Parameters:
    ///   - reference: counts per bin of the training data.
    ///   - current: counts per bin of the data being checked, the same bins.
    /// - Returns: 0 for the same shares; by convention above 0.1 a moderate and above 0.25 a
    ///   large shift.
    /// - Throws: `EvaluationError` when the vectors differ in length, a count is negative or a
    ///   side has no values.
    /// - Complexity: O(bins).
    public static func populationStabilityIndex(reference: [Int], current: [Int]) throws -> Double {
        try checkCounts(reference: reference, current: current)
        let r = flooredShares(reference), c = flooredShares(current)
        var sum = 0.0
        for i in r.indices { sum += (r[i] - c[i]) * log(r[i] / c[i]) }
        return sum
    }

    /// Pearson's chi-squared test that the reference and the current counts are samples of the
    /// same distribution: the test of homogeneity of the 2 × k table of both sides' counts over
    /// the bins either side has values in, expected counts `row total · bin total / all`
    /// (scipy.stats.chi2_contingency with `correction=False`).
    ///
    /// Evidently's `chisquare` test compares the current counts with the reference's shares
    /// taken as exact (scipy.stats.chisquare). Its reference is a sample too, of at most 1,000
    /// rows where Evidently picks this test, so that form sees the reference's own noise as
    /// drift: with a 600-row reference and windows of 691 requests from the very same
    /// distribution it gave p < 0.05 in 30% of the windows, the two-sample test in 4.9% (a user
    /// trial's simulation, 2,000 windows; DriftStatisticsTests repeats it). Like Kolmogorov–
    /// Smirnov and the two-proportion z-test, it takes both sides as samples.
    /// - Returns: the statistic, its degrees of freedom (bins with values − 1) and the p-value,
    ///   `P(χ²(degrees) ≥ statistic)`; drift when the p-value is below the threshold (0.05). A
    ///   category the reference never had is a bin like any other: a few requests of it are not
    ///   drift, many are.
    /// - Throws: `EvaluationError` as `populationStabilityIndex`.
    /// - Complexity: O(bins).
    public static func chiSquared(
        reference: [Int], current: [Int]
    ) throws -> (
        statistic: Double, degrees: Int, pValue: Double
    ) {
        try checkCounts(reference: reference, current: current)
        let referenceTotal = Double(reference.reduce(0, +)), currentTotal = Double(current.reduce(0, +))
        let total = referenceTotal + currentTotal
        var statistic = 0.0, bins = 0
        for i in reference.indices where reference[i] > 0 || current[i] > 0 {
            bins += 1
            let binTotal = Double(reference[i] + current[i])
            for (observed, rowTotal) in [(Double(reference[i]), referenceTotal), (Double(current[i]), currentTotal)] {
                let expected = rowTotal * binTotal / total
                statistic += (observed - expected) * (observed - expected) / expected
            }
        }
        let degrees = bins - 1
        guard degrees > 0 else { return (0, 0, 1) }
        return (statistic, degrees, ChiSquaredDistribution.survival(statistic, degrees: Double(degrees)))
    }

    /// The Jensen–Shannon distance between the two distributions of counts: the square root of
    /// the Jensen–Shannon divergence in natural logarithms (scipy.spatial.distance.jensenshannon
    /// with `base=None`, as Evidently's `jensenshannon` test calls it), without any floor.
    /// - Returns: a value in [0, √ln 2]; drift at 0.1 or more by Evidently's default.
    /// - Throws: `EvaluationError` as `populationStabilityIndex`.
    /// - Complexity: O(bins).
    public static func jensenShannonDistance(reference: [Int], current: [Int]) throws -> Double {
        try checkCounts(reference: reference, current: current)
        let totalP = Double(reference.reduce(0, +)), totalQ = Double(current.reduce(0, +))
        var divergence = 0.0
        for i in reference.indices {
            let p = Double(reference[i]) / totalP, q = Double(current[i]) / totalQ
            let m = (p + q) / 2
            if p > 0 { divergence += p * log(p / m) }
            if q > 0 { divergence += q * log(q / m) }
        }
        return (max(divergence, 0) / 2).squareRoot()
    }

    /// The first Wasserstein distance (earth mover's distance) between two samples, the area
    /// between their empirical distribution functions (scipy.stats.wasserstein_distance).
    /// - Throws: `EvaluationError` when a sample is empty or holds a value that is not finite.
    /// - Complexity: O((m + n) log(m + n)).
    public static func wassersteinDistance(_ u: [Double], _ v: [Double]) throws -> Double {
        let u = try sortedSample(u, name: "reference"), v = try sortedSample(v, name: "current")
        let all = (u + v).sorted()
        var i = 0, j = 0, area = 0.0
        for k in 0..<(all.count - 1) {
            while i < u.count && u[i] <= all[k] { i += 1 }
            while j < v.count && v[j] <= all[k] { j += 1 }
            area += abs(Double(i) / Double(u.count) - Double(j) / Double(v.count)) * (all[k + 1] - all[k])
        }
        return area
    }

    /// The Wasserstein distance divided by the reference's standard deviation (population, ddof
    /// 0; at least 0.001), Evidently's `wasserstein` test, so that it reads in standard
    /// deviations whatever the field's unit.
    /// - Returns: drift at 0.1 or more by Evidently's default.
    /// - Throws: `EvaluationError` as `wassersteinDistance`.
    public static func normalisedWassersteinDistance(reference: [Double], current: [Double]) throws -> Double {
        let distance = try wassersteinDistance(reference, current)
        let mean = reference.reduce(0, +) / Double(reference.count)
        let variance = reference.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(reference.count)
        return distance / max(variance.squareRoot(), 0.001)
    }

    static func checkCounts(reference: [Int], current: [Int]) throws {
        guard reference.count == current.count else {
            throw EvaluationError(
                .lengthMismatch(what: "the current counts", expected: reference.count, actual: current.count))
        }
        for (name, counts) in [("reference", reference), ("current", current)] {
            if let negative = counts.first(where: { $0 < 0 }) {
                throw EvaluationError(.badParameter(name: "\(name) counts", message: "\(negative) is not a count"))
            }
            guard counts.contains(where: { $0 > 0 }) else {
                throw EvaluationError(.badParameter(name: "\(name) counts", message: "there are no values"))
            }
        }
    }

    /// Shares of the counts with Evidently's floor for empty bins (`feel_zeroes`).
    static func flooredShares(_ counts: [Int]) -> [Double] {
        let total = Double(counts.reduce(0, +))
        let shares = counts.map { Double($0) / total }
        let smallest = shares.filter { $0 > 0 }.min() ?? 1
        let floor = smallest <= 0.0001 ? smallest / 1_000_000 : 0.0001
        return shares.map { $0 == 0 ? floor : $0 }
    }

    static func sortedSample(_ values: [Double], name: String) throws -> [Double] {
        guard !values.isEmpty else {
            throw EvaluationError(.badParameter(name: "the \(name) sample", message: "there are no values"))
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            throw EvaluationError(.badParameter(name: "the \(name) sample", message: "\(bad) is not a finite number"))
        }
        return values.sorted()
    }
}
