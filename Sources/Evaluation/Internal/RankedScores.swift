import Foundation

/// Labels and scores sorted once by descending score, with everything a metric pass needs
/// laid out flat in that order. A pass takes per-row weights (all 1 for the point estimate,
/// draw counts for a bootstrap resample), so a resample never sorts again.
struct RankedScores {
    /// Labels in descending-score order.
    let labels: [Bool]
    /// Scores in descending-score order.
    let scores: [Double]
    /// `true` at the last row of each run of equal scores (a tie group).
    let groupEnd: [Bool]
    /// Per-row log loss (`-log p` or `-log(1 - p)`, clipped like scikit-learn).
    let logLossTerms: [Double]
    /// Per-row squared error `(p - y)²`.
    let brierTerms: [Double]
    /// Sorted positions of the positive rows, and of the negative rows.
    let positivePositions: [Int]
    let negativePositions: [Int]
    /// Rows with score ≥ threshold: a prefix of the sorted order.
    let predictedPositiveCount: Int
    /// `order[k]` is the input row at sorted position `k`.
    let order: [Int]

    /// The clipping scikit-learn applies before taking logarithms (its `eps` for float64).
    static let logLossEpsilon = Double.ulpOfOne

    /// - Complexity: O(n log n).
    init(_ data: ScoredLabels, threshold: Double) {
        let n = data.count
        let inputScores = data.scores
        let order = (0..<n).sorted { a, b in
            inputScores[a] != inputScores[b] ? inputScores[a] > inputScores[b] : a < b
        }
        var labels = [Bool](repeating: false, count: n)
        var scores = [Double](repeating: 0, count: n)
        var groupEnd = [Bool](repeating: true, count: n)
        var logLoss = [Double](repeating: 0, count: n)
        var brier = [Double](repeating: 0, count: n)
        var positives: [Int] = []
        var negatives: [Int] = []
        positives.reserveCapacity(data.positives)
        negatives.reserveCapacity(n - data.positives)
        var predicted = 0
        let eps = Self.logLossEpsilon
        for (k, row) in order.enumerated() {
            let y = data.labels[row]
            let p = inputScores[row]
            labels[k] = y
            scores[k] = p
            if k > 0, scores[k - 1] == p { groupEnd[k - 1] = false }
            // scikit-learn clips the probability of the true class, after computing 1 - p.
            let probabilityOfTruth = y ? p : 1 - p
            logLoss[k] = -Foundation.log(min(max(probabilityOfTruth, eps), 1 - eps))
            let error = p - (y ? 1 : 0)
            brier[k] = error * error
            if y { positives.append(k) } else { negatives.append(k) }
            if p >= threshold { predicted += 1 }
        }
        self.labels = labels
        self.scores = scores
        self.groupEnd = groupEnd
        self.logLossTerms = logLoss
        self.brierTerms = brier
        self.positivePositions = positives
        self.negativePositions = negatives
        self.predictedPositiveCount = predicted
        self.order = order
    }

    var count: Int { labels.count }

    /// What one pass over the rows yields.
    struct PassResult {
        var counts = WeightedCounts()
        var auc: Double?
        var averagePrecision: Double?
        var logLoss: Double?
        var brierScore: Double?
    }

    /// Every row counted once.
    var unitWeights: [UInt32] { [UInt32](repeating: 1, count: count) }

    /// Every metric at once, with row `k` counted `weights[k]` times.
    ///
    /// AUC is the Mann–Whitney statistic with ties counted one half, which equals the
    /// trapezoidal area under the full ROC curve; average precision is scikit-learn's
    /// `Σ (Rₙ − Rₙ₋₁) Pₙ` over distinct thresholds.
    /// - Complexity: O(n), one flat loop.
    func pass(weights: [UInt32]) -> PassResult {
        var result = PassResult()
        let n = count
        var positivesTotal = 0.0
        var negativesTotal = 0.0
        var lossSum = 0.0
        var brierSum = 0.0
        var aucNumerator = 0.0
        var apSum = 0.0
        var groupPositives = 0.0
        var groupNegatives = 0.0
        var cumulativePositives = 0.0
        var cumulativeNegatives = 0.0
        var counts = WeightedCounts()
        let predictedPositiveCount = predictedPositiveCount
        labels.withUnsafeBufferPointer { labels in
            groupEnd.withUnsafeBufferPointer { groupEnd in
            weights.withUnsafeBufferPointer { weights in
            logLossTerms.withUnsafeBufferPointer { logLossTerms in
            brierTerms.withUnsafeBufferPointer { brierTerms in
                for k in 0..<n {
                    let w = Double(weights[k])
                    if w > 0 {
                        lossSum += w * logLossTerms[k]
                        brierSum += w * brierTerms[k]
                        let predictedPositive = k < predictedPositiveCount
                        if labels[k] {
                            groupPositives += w
                            if predictedPositive { counts.truePositives += w } else { counts.falseNegatives += w }
                        } else {
                            groupNegatives += w
                            if predictedPositive { counts.falsePositives += w } else { counts.trueNegatives += w }
                        }
                    }
                    if groupEnd[k] {
                        // Pairs a positive of this group loses: to every negative ranked above
                        // it, and half of each tie.
                        aucNumerator += groupPositives * cumulativeNegatives + 0.5 * groupPositives * groupNegatives
                        cumulativePositives += groupPositives
                        cumulativeNegatives += groupNegatives
                        if groupPositives > 0 {
                            apSum += groupPositives * cumulativePositives / (cumulativePositives + cumulativeNegatives)
                        }
                        positivesTotal += groupPositives
                        negativesTotal += groupNegatives
                        groupPositives = 0
                        groupNegatives = 0
                    }
                }
            }
            }
            }
            }
        }
        let total = positivesTotal + negativesTotal
        result.counts = counts
        if positivesTotal > 0, negativesTotal > 0 {
            result.auc = 1 - aucNumerator / (positivesTotal * negativesTotal)
        }
        if positivesTotal > 0 { result.averagePrecision = apSum / positivesTotal }
        if total > 0 {
            result.logLoss = lossSum / total
            result.brierScore = brierSum / total
        }
        return result
    }
}
