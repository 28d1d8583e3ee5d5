import Foundation

/// The loss a boosting model minimises, by task: its starting scores, its gradients and
/// hessians with respect to the raw scores, and its mean for early stopping. Raw scores are
/// class-major: `raw[c][i]` is row `i`'s score for class `c` (one class unless multiclass), so a
/// tree's leaf values land in one contiguous array.
struct BoostingLoss {
    let task: PredictionTask
    /// One raw score per class for multiclass, else one.
    let treesPerRound: Int
    /// The raw scores before any tree: the log-odds of the positive share (binary), the log of
    /// each class's share (multiclass), the mean target (regression), over the training rows.
    let baseScores: [Double]
    private let labels: [UInt8]
    private let targets: [Double]
    /// Scratch for one row's class probabilities.
    private var probabilities: [Double]

    init(_ data: Dataset, training: [Int]) {
        task = data.schema.task
        labels = data.labels
        targets = data.targets
        let rows = Double(max(training.count, 1))
        switch task {
        case .binary:
            treesPerRound = 1
            let positives = training.reduce(0) { $0 + Int(data.labels[$1]) }
            let prior = min(max(Double(positives) / rows, 1e-6), 1 - 1e-6)
            baseScores = [log(prior / (1 - prior))]
        case .multiclass:
            treesPerRound = data.schema.labelValues.count
            var counts = [Int](repeating: 0, count: treesPerRound)
            for i in training { counts[Int(data.labels[i])] += 1 }
            baseScores = counts.map { log(max(Double($0) / rows, 1e-15)) }
        case .regression:
            treesPerRound = 1
            baseScores = [training.isEmpty ? 0 : training.reduce(0) { $0 + data.targets[$1] } / rows]
        }
        probabilities = [Double](repeating: 0, count: treesPerRound)
    }

    /// Writes every training row's gradient and hessian for each class (one class for binary
    /// and regression) as `gradients[c][i] = (gradient, hessian)`.
    /// - Complexity: O(rows × classes).
    mutating func gradients(raw: [[Double]], rows: [Int], gradients: inout [[SIMD2<Double>]]) {
        switch task {
        case .binary:
            for i in rows {
                let p = logistic(raw[0][i])
                gradients[0][i] = SIMD2(p - Double(labels[i]), max(p * (1 - p), 1e-16))
            }
        case .regression:
            for i in rows {
                gradients[0][i] = SIMD2(raw[0][i] - targets[i], 1)
            }
        case .multiclass:
            let k = treesPerRound
            for i in rows {
                softmax(raw, row: i)
                for c in 0..<k {
                    let p = probabilities[c]
                    gradients[c][i] = SIMD2(p - (Int(labels[i]) == c ? 1 : 0), max(p * (1 - p), 1e-16))
                }
            }
        }
    }

    /// The mean loss over `rows`: log loss (probabilities clipped to [1e-15, 1 − 1e-15]) or
    /// squared error.
    /// - Complexity: O(rows × classes).
    mutating func mean(raw: [[Double]], rows: [Int]) -> Double {
        var total = 0.0
        switch task {
        case .binary:
            for i in rows {
                let p = min(max(logistic(raw[0][i]), 1e-15), 1 - 1e-15)
                total -= labels[i] == 1 ? log(p) : log(1 - p)
            }
        case .regression:
            for i in rows {
                let error = raw[0][i] - targets[i]
                total += error * error
            }
        case .multiclass:
            for i in rows {
                softmax(raw, row: i)
                total -= log(min(max(probabilities[Int(labels[i])], 1e-15), 1 - 1e-15))
            }
        }
        return total / Double(max(rows.count, 1))
    }

    /// Row `i`'s class probabilities into `probabilities`.
    private mutating func softmax(_ raw: [[Double]], row i: Int) {
        let k = treesPerRound
        probabilities.withUnsafeMutableBufferPointer { p in
            for c in 0..<k { p[c] = raw[c][i] }
            Scoring.softmax(p.baseAddress!, count: k)
        }
    }
}
