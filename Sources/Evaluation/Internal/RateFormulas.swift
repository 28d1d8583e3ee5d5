/// Confusion counts as real numbers, so the same formulas serve plain counts and the
/// weighted counts of a bootstrap resample. Every ratio is `nil` when its denominator is 0:
/// an undefined metric is reported as undefined, never as 0 or NaN.
struct WeightedCounts {
    var truePositives = 0.0
    var falsePositives = 0.0
    var trueNegatives = 0.0
    var falseNegatives = 0.0

    var total: Double { truePositives + falsePositives + trueNegatives + falseNegatives }
    var positives: Double { truePositives + falseNegatives }
    var negatives: Double { trueNegatives + falsePositives }
    var predictedPositives: Double { truePositives + falsePositives }

    var accuracy: Double? { ratio(truePositives + trueNegatives, total) }
    var precision: Double? { ratio(truePositives, predictedPositives) }
    var recall: Double? { ratio(truePositives, positives) }
    var specificity: Double? { ratio(trueNegatives, negatives) }
    var selectionRate: Double? { ratio(predictedPositives, total) }

    var balancedAccuracy: Double? {
        guard let recall, let specificity else { return nil }
        return (recall + specificity) / 2
    }

    /// F1 = 2·TP / (2·TP + FP + FN); undefined only when there are no positives at all,
    /// neither true nor predicted.
    var f1: Double? {
        ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
    }

    /// Matthews correlation; undefined when a row or column of the matrix is empty.
    var mcc: Double? {
        let product =
            predictedPositives * positives * negatives * (trueNegatives + falseNegatives)
        guard product > 0 else { return nil }
        return (truePositives * trueNegatives - falsePositives * falseNegatives) / product.squareRoot()
    }

    @inline(__always)
    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator > 0 ? numerator / denominator : nil
    }
}
