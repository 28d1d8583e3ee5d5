import Foundation

/// Multiclass rows prepared once for every metric pass: each row's true and predicted class
/// and log loss, and one `RankedScores` per class for the one-vs-rest AUCs. A pass takes a count
/// per row — all ones for the point estimate, draw counts for a bootstrap resample.
struct RankedClasses: Sendable {
    let classCount: Int
    let labels: [Int32]
    let predicted: [Int32]
    /// Log loss of each row, the probability of its true class clipped like scikit-learn.
    let loss: [Double]
    /// Class `c` against the rest, ranked by the probability of `c`.
    let oneVsRest: [RankedScores]

    /// - Complexity: O(k · n log n).
    init(_ data: ScoredClasses) {
        let k = data.classes.count
        classCount = k
        labels = data.labels.map { Int32($0) }
        predicted = (0..<data.count).map { Int32(data.predicted($0)) }
        let eps = RankedScores.logLossEpsilon
        loss = data.labels.enumerated().map { row, label in
            -Foundation.log(min(max(data.probabilities[row * k + label], eps), 1 - eps))
        }
        oneVsRest = (0..<k).map { RankedScores(data.oneVsRest($0), threshold: 1) }
    }

    /// The rows of each class: the strata of the bootstrap (buckets are rows).
    var rowsOfClass: [[Int32]] {
        var rows = [[Int32]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() { rows[Int(label)].append(Int32(row)) }
        return rows
    }

    /// The metrics the bootstrap resamples, in this order, then F1 and ROC AUC per class.
    enum Summary: Int, CaseIterable {
        case balancedAccuracy, macroF1, weightedF1, logLoss, macroROCAUC
    }

    /// The weighted confusion counts and every resampled metric (NaN when undefined), laid out
    /// as `Summary`, then `classCount` F1s, then `classCount` AUCs.
    /// - Complexity: O(k · n).
    func pass(_ counts: UnsafeBufferPointer<UInt32>) -> (counts: WeightedClassCounts, values: [Double]) {
        let k = classCount
        var matrix = WeightedClassCounts(classes: k)
        for row in 0..<labels.count where counts[row] > 0 {
            let weight = Double(counts[row])
            matrix.add(truth: Int(labels[row]), predicted: Int(predicted[row]), weight: weight, loss: loss[row])
        }
        var aucs: [Double?] = []
        for c in 0..<k {
            let ranked = oneVsRest[c]
            var positives = [UInt32](repeating: 0, count: ranked.groupCount)
            var negatives = [UInt32](repeating: 0, count: ranked.groupCount)
            for row in 0..<labels.count where counts[row] > 0 {
                let group = Int(ranked.groupOfRow[row])
                if Int(labels[row]) == c { positives[group] += counts[row] } else { negatives[group] += counts[row] }
            }
            let auc = positives.withUnsafeBufferPointer { positives in
                negatives.withUnsafeBufferPointer { negatives in
                    ranked.pass(positives: positives, negatives: negatives).auc
                }
            }
            aucs.append(auc)
        }
        let macroAUC: Double? =
            aucs.contains(nil) ? nil : aucs.reduce(0) { $0 + ($1 ?? 0) } / Double(k)
        var values = [Double](repeating: .nan, count: Summary.allCases.count + 2 * k)
        values[Summary.balancedAccuracy.rawValue] = matrix.balancedAccuracy ?? .nan
        values[Summary.macroF1.rawValue] = matrix.macroF1 ?? .nan
        values[Summary.weightedF1.rawValue] = matrix.weightedF1 ?? .nan
        values[Summary.logLoss.rawValue] = matrix.logLoss ?? .nan
        values[Summary.macroROCAUC.rawValue] = macroAUC ?? .nan
        for c in 0..<k {
            values[Summary.allCases.count + c] = matrix.f1(c) ?? .nan
            values[Summary.allCases.count + k + c] = aucs[c] ?? .nan
        }
        return (matrix, values)
    }

    /// The pass over the data as it is.
    func pointPass() -> (counts: WeightedClassCounts, values: [Double]) {
        [UInt32](repeating: 1, count: labels.count).withUnsafeBufferPointer { pass($0) }
    }
}

/// A k × k confusion matrix of real-valued counts (rows true, columns predicted) with the
/// formulas of the multiclass metrics, so the same code serves plain counts and a bootstrap
/// resample's. Every ratio is nil when its denominator is 0.
struct WeightedClassCounts {
    let classes: Int
    /// Row-major: `matrix[truth * classes + predicted]`.
    private(set) var matrix: [Double]
    private(set) var total = 0.0
    private(set) var lossSum = 0.0

    init(classes: Int) {
        self.classes = classes
        matrix = [Double](repeating: 0, count: classes * classes)
    }

    mutating func add(truth: Int, predicted: Int, weight: Double, loss: Double) {
        matrix[truth * classes + predicted] += weight
        total += weight
        lossSum += weight * loss
    }

    func truePositives(_ c: Int) -> Double { matrix[c * classes + c] }
    func support(_ c: Int) -> Double { (0..<classes).reduce(0) { $0 + matrix[c * classes + $1] } }
    func predictedCount(_ c: Int) -> Double { (0..<classes).reduce(0) { $0 + matrix[$1 * classes + c] } }

    var correct: Double { (0..<classes).reduce(0) { $0 + truePositives($1) } }
    func recall(_ c: Int) -> Double? { ratio(truePositives(c), support(c)) }

    /// 2·TP / (2·TP + FP + FN); undefined when the class is neither present nor predicted.
    func f1(_ c: Int) -> Double? {
        ratio(2 * truePositives(c), support(c) + predictedCount(c))
    }

    /// The mean recall over the classes present (scikit-learn's `balanced_accuracy_score`).
    var balancedAccuracy: Double? {
        mean((0..<classes).compactMap { recall($0) })
    }

    /// The mean F1 over the classes present or predicted (scikit-learn's `f1_score` with
    /// `average="macro"`, whose labels are those of the truth and the predictions).
    var macroF1: Double? {
        mean((0..<classes).compactMap { f1($0) })
    }

    /// The mean F1 over `averaged` classes: a drawn matrix's macro F1 over the classes of the data's
    /// (a draw may predict a class the data never do).
    func macroF1(over averaged: [Int]) -> Double? {
        mean(averaged.compactMap { f1($0) })
    }

    /// F1 averaged with each class weighted by its support.
    var weightedF1: Double? {
        guard total > 0 else { return nil }
        return (0..<classes).reduce(0) { $0 + support($1) * (f1($1) ?? 0) } / total
    }

    var logLoss: Double? { ratio(lossSum, total) }

    private func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator > 0 ? numerator / denominator : nil
    }
}

extension WeightedClassCounts {
    /// The plain counts of `data`.
    init(_ data: ScoredClasses) {
        self.init(classes: data.classes.count)
        for row in 0..<data.count {
            add(truth: data.labels[row], predicted: data.predicted(row), weight: 1, loss: 0)
        }
    }

    /// A matrix of `rows` (true class × predicted class), no log loss.
    init(rows: [[Double]]) {
        self.init(classes: rows.count)
        for (truth, row) in rows.enumerated() {
            for (predicted, count) in row.enumerated() where count > 0 {
                add(truth: truth, predicted: predicted, weight: count, loss: 0)
            }
        }
    }

    /// The matrix as counts, one array per true class.
    var countRows: [[Double]] {
        (0..<classes).map { truth in Array(matrix[truth * classes..<(truth + 1) * classes]) }
    }

    /// The matrix as whole counts, one array per true class.
    var rows: [[Int]] {
        (0..<classes).map { truth in (0..<classes).map { Int(matrix[truth * classes + $0]) } }
    }
}
