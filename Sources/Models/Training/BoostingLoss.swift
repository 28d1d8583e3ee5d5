import Foundation
import Parallelism

/// A row's (gradient, hessian) as the trees see it: computed in double precision, kept in single
/// precision, as LightGBM keeps them (its `score_t`); the histograms sum them in double precision.
/// Kept in double precision they cost a 1,000,000-row multiclass fit 10% more (median of two
/// alternating 200-round runs, 61.4 s against 55.8 s): a node's gradients gathered into row order
/// and every histogram pass read twice the bytes.
typealias GradientPair = SIMD2<Float>

/// The loss a boosting model minimises, by task: its starting scores, its gradients and
/// hessians with respect to the raw scores, and its mean for early stopping. Raw scores are
/// class-major: `raw[c × n + i]` is row `i`'s score for class `c` (one class unless multiclass),
/// `n` the row count, so a tree's leaf values land in one contiguous range.
struct BoostingLoss {
    let task: PredictionTask
    /// One raw score per class for multiclass, else one.
    let treesPerRound: Int
    /// The raw scores before any tree: the log-odds of the positive share (binary), the log of
    /// each class's share (multiclass), the mean target (regression), over the training rows.
    let baseScores: [Double]
    private let labels: [UInt8]
    private let targets: [Double]

    init(_ data: BinnedDataset, training: [Int]) {
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
    }

    /// Writes every training row's gradient and hessian for each class (one class for binary
    /// and regression): row `i`'s (gradient, hessian) for class `c` at `gradients[c × n + i]`,
    /// `n` the row count, from its raw score `raw[c × n + i]`. Rows are independent, so they are
    /// spread over `threads` in chunks.
    /// - Complexity: O(rows × classes).
    func gradients(
        raw: UnsafeBufferPointer<Double>, rows: [Int], gradients: UnsafeMutableBufferPointer<GradientPair>,
        threads: Int
    ) {
        let chunks = rows.count >= 4096 ? 4 * threads : 1
        _ = Parallel.map(count: chunks, threads: threads) { j in
            let chunk = rows[(j * rows.count / chunks)..<((j + 1) * rows.count / chunks)]
            switch task {
            case .binary:
                for i in chunk {
                    let p = logistic(raw[i])
                    gradients[i] = GradientPair(Float(p - Double(labels[i])), Float(max(p * (1 - p), 1e-16)))
                }
            case .regression:
                for i in chunk {
                    gradients[i] = GradientPair(Float(raw[i] - targets[i]), 1)
                }
            case .multiclass:
                multiclassGradients(raw: raw, rows: chunk, gradients: gradients)
            }
        }
    }

    /// `gradients` for the multiclass rows of `rows`: each row's softmax, then per class
    /// p − [label = c] and the hessian. A block of rows at a time, each step (largest score,
    /// exponentials, their sum, the quotients) over the block's rows before the next, so the
    /// steps without a call vectorise across rows; each row's arithmetic is `Scoring.softmax`'s,
    /// in its order (tested in BoostingArithmeticTests), so the model's bytes do not change.
    ///
    /// The softmax's diagonal hessian is scaled by K/(K−1), as LightGBM's multiclass objective
    /// does: with K classes one raw score is redundant, and the plain p(1−p) overstates the
    /// curvature each class's tree sees, so its steps are short.
    private func multiclassGradients(
        raw: UnsafeBufferPointer<Double>, rows: ArraySlice<Int>, gradients: UnsafeMutableBufferPointer<GradientPair>
    ) {
        let k = treesPerRound
        let n = labels.count
        let factor = Double(k) / Double(max(k - 1, 1))
        let block = 256
        // Class c's exponentials of a block at scores[c × block …]; then the rows' largest
        // scores and sums.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: (k + 2) * block) { buffer in
            let scores = buffer.baseAddress!
            let largest = scores + k * block
            let sums = largest + block
            labels.withUnsafeBufferPointer { labels in
                rows.withUnsafeBufferPointer { rows in
                    var first = 0
                    while first < rows.count {
                        let count = min(block, rows.count - first)
                        let these = UnsafeBufferPointer(rebasing: rows[first..<(first + count)])
                        for j in 0..<count { largest[j] = -Double.infinity }
                        for c in 0..<k {
                            let column = raw.baseAddress! + c * n
                            let out = scores + c * block
                            for j in 0..<count {
                                let x = column[these[j]]
                                out[j] = x
                                largest[j] = max(largest[j], x)
                            }
                        }
                        for j in 0..<count { sums[j] = 0 }
                        for c in 0..<k {
                            let out = scores + c * block
                            for j in 0..<count { out[j] = exp(out[j] - largest[j]) }
                            for j in 0..<count { sums[j] += out[j] }
                        }
                        for c in 0..<k {
                            let out = scores + c * block
                            let classGradients = gradients.baseAddress! + c * n
                            for j in 0..<count {
                                let i = these[j]
                                let p = out[j] / sums[j]
                                classGradients[i] = GradientPair(
                                    Float(p - (Int(labels[i]) == c ? 1 : 0)), Float(max(factor * p * (1 - p), 1e-16)))
                            }
                        }
                        first += count
                    }
                }
            }
        }
    }

    /// The mean loss over `rows`: log loss (probabilities clipped to [1e-15, 1 − 1e-15]) or
    /// squared error.
    /// - Complexity: O(rows × classes).
    func mean(raw: UnsafeBufferPointer<Double>, rows: [Int]) -> Double {
        var total = 0.0
        var probabilities = [Double](repeating: 0, count: treesPerRound)
        switch task {
        case .binary:
            for i in rows {
                let p = min(max(logistic(raw[i]), 1e-15), 1 - 1e-15)
                total -= labels[i] == 1 ? log(p) : log(1 - p)
            }
        case .regression:
            for i in rows {
                let error = raw[i] - targets[i]
                total += error * error
            }
        case .multiclass:
            for i in rows {
                softmax(raw, row: i, into: &probabilities)
                total -= log(min(max(probabilities[Int(labels[i])], 1e-15), 1 - 1e-15))
            }
        }
        return total / Double(max(rows.count, 1))
    }

    /// Row `i`'s class probabilities into `probabilities` (`treesPerRound` of them).
    private func softmax(_ raw: UnsafeBufferPointer<Double>, row i: Int, into probabilities: inout [Double]) {
        let k = treesPerRound
        let n = labels.count
        probabilities.withUnsafeMutableBufferPointer { p in
            for c in 0..<k { p[c] = raw[c * n + i] }
            Scoring.softmax(p.baseAddress!, count: k)
        }
    }
}
