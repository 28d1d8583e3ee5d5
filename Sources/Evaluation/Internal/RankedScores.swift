import Foundation
import Models

/// Labels and scores sorted once by descending score and folded into tie groups (runs of
/// equal scores). Every metric here depends on a row only through its group and its class:
/// rows of one group share the score, hence the prediction, the log loss and the squared
/// error. So a metric pass takes per-group class counts — the true counts for the point
/// estimate, draw counts for a bootstrap resample — and a resample never sorts again.
struct RankedScores {
    /// The score of each group, descending.
    let groupScores: [Double]
    /// Positive and negative rows per group.
    let groupPositives: [UInt32]
    let groupNegatives: [UInt32]
    /// Log loss of a positive / a negative row of each group (clipped like scikit-learn).
    let positiveLoss: [Double]
    let negativeLoss: [Double]
    /// The group of each positive row, and of each negative row (the bootstrap's strata).
    let groupOfPositive: [Int32]
    let groupOfNegative: [Int32]
    /// The group of each row, in the rows' input order.
    let groupOfRow: [Int32]
    /// Groups predicted positive at the threshold (`PositiveClass.isPredicted`): a prefix of the groups.
    let predictedPositiveGroups: Int

    /// The clipping scikit-learn applies before taking logarithms (its `eps` for float64).
    static let logLossEpsilon = Double.ulpOfOne

    /// - Complexity: O(n log n).
    init(_ data: ScoredLabels, threshold: Double) {
        let n = data.count
        let inputScores = data.scores
        let order = (0..<n).sorted { a, b in
            inputScores[a] != inputScores[b] ? inputScores[a] > inputScores[b] : a < b
        }
        var scores: [Double] = [], positives: [UInt32] = [], negatives: [UInt32] = []
        var ofPositive: [Int32] = [], ofNegative: [Int32] = []
        var ofRow = [Int32](repeating: 0, count: n)
        ofPositive.reserveCapacity(data.positives)
        ofNegative.reserveCapacity(n - data.positives)
        for row in order {
            let score = inputScores[row]
            if scores.last != score {
                scores.append(score)
                positives.append(0)
                negatives.append(0)
            }
            let group = scores.count - 1
            ofRow[row] = Int32(group)
            if data.labels[row] {
                positives[group] += 1
                ofPositive.append(Int32(group))
            } else {
                negatives[group] += 1
                ofNegative.append(Int32(group))
            }
        }
        let eps = Self.logLossEpsilon
        // scikit-learn clips the probability of the true class, after computing 1 - p.
        positiveLoss = scores.map { -Foundation.log(min(max($0, eps), 1 - eps)) }
        negativeLoss = scores.map { -Foundation.log(min(max(1 - $0, eps), 1 - eps)) }
        groupScores = scores
        groupPositives = positives
        groupNegatives = negatives
        groupOfPositive = ofPositive
        groupOfNegative = ofNegative
        groupOfRow = ofRow
        predictedPositiveGroups =
            scores.firstIndex { !PositiveClass.isPredicted($0, threshold: threshold) } ?? scores.count
    }

    var groupCount: Int { groupScores.count }

    /// What one pass over the groups yields.
    struct PassResult {
        var counts = WeightedCounts()
        var auc: Double?
        var averagePrecision: Double?
        var logLoss: Double?
        var brierScore: Double?

        /// The value of a metric the bootstrap resamples.
        func value(of name: MetricName) -> Double? {
            switch name {
            case .rocAUC: auc
            case .averagePrecision: averagePrecision
            case .logLoss: logLoss
            case .brierScore: brierScore
            case .accuracy: counts.accuracy
            case .balancedAccuracy: counts.balancedAccuracy
            case .precision: counts.precision
            case .recall: counts.recall
            case .specificity: counts.specificity
            case .f1: counts.f1
            case .mcc: counts.mcc
            case .selectionRate: counts.selectionRate
            }
        }
    }

    /// Every metric at once, for the given positive and negative counts per group.
    ///
    /// AUC is the Mann–Whitney statistic with ties counted one half, which equals the
    /// trapezoidal area under the full ROC curve; average precision is scikit-learn's
    /// `Σ (Rₙ − Rₙ₋₁) Pₙ` over distinct thresholds.
    /// - Complexity: O(groups), one flat loop.
    func pass(positives: UnsafeBufferPointer<UInt32>, negatives: UnsafeBufferPointer<UInt32>) -> PassResult {
        var cumulativePositives = 0.0, cumulativeNegatives = 0.0
        var lossSum = 0.0, brierSum = 0.0, pairsLost = 0.0, apSum = 0.0
        var predictedPositives = 0.0, predictedNegatives = 0.0
        groupScores.withUnsafeBufferPointer { scores in
            positiveLoss.withUnsafeBufferPointer { positiveLoss in
                negativeLoss.withUnsafeBufferPointer { negativeLoss in
                    for g in 0..<scores.count {
                        let pos = Double(positives[g]), neg = Double(negatives[g])
                        if g == predictedPositiveGroups {
                            predictedPositives = cumulativePositives
                            predictedNegatives = cumulativeNegatives
                        }
                        let p = scores[g]
                        lossSum += pos * positiveLoss[g] + neg * negativeLoss[g]
                        brierSum += pos * (1 - p) * (1 - p) + neg * p * p
                        // Pairs a positive of this group loses: to every negative ranked
                        // above it, and half of each tie.
                        pairsLost += pos * (cumulativeNegatives + 0.5 * neg)
                        cumulativePositives += pos
                        cumulativeNegatives += neg
                        if pos > 0 {
                            apSum += pos * cumulativePositives / (cumulativePositives + cumulativeNegatives)
                        }
                    }
                }
            }
        }
        if predictedPositiveGroups >= groupScores.count {
            predictedPositives = cumulativePositives
            predictedNegatives = cumulativeNegatives
        }
        var result = PassResult()
        let p = cumulativePositives, n = cumulativeNegatives
        result.counts = WeightedCounts(
            truePositives: predictedPositives, falsePositives: predictedNegatives,
            trueNegatives: n - predictedNegatives, falseNegatives: p - predictedPositives)
        if p > 0, n > 0 { result.auc = 1 - pairsLost / (p * n) }
        if p > 0 { result.averagePrecision = apSum / p }
        if p + n > 0 {
            result.logLoss = lossSum / (p + n)
            result.brierScore = brierSum / (p + n)
        }
        return result
    }

    /// The pass over the data as it is.
    func pointPass() -> PassResult {
        groupPositives.withUnsafeBufferPointer { positives in
            groupNegatives.withUnsafeBufferPointer { negatives in
                pass(positives: positives, negatives: negatives)
            }
        }
    }
}
