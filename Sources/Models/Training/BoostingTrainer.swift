import Basics
import Foundation
import Parallelism

/// Trains gradient-boosted trees: binary log loss (one tree per round on the log-odds),
/// multiclass log loss (softmax, one tree per class per round, as LightGBM and scikit-learn's
/// HistGradientBoosting do) and squared error (regression, starting from the mean).
public enum BoostingTrainer {
    /// The rows the trees are fitted on and the validation rows early stopping judges each
    /// round on: `validationFraction` of the training rows (stratified by class for
    /// classification), drawn with `seed`, never the test rows; every row and no validation
    /// row without early stopping or under 20 rows.
    public static func earlyStoppingSplit(
        of data: BinnedDataset, parameters: BoostingParameters, seed: UInt64
    ) -> (training: [Int], validation: [Int]) {
        let n = data.rowCount
        guard parameters.earlyStoppingRounds != nil && parameters.validationFraction > 0 && n >= 20 else {
            return (Array(0..<n), [])
        }
        let rows = DataSplit.rows(
            rowCount: n, groups: data.schema.task.isClassification ? data.labels.map { Int($0) } : nil,
            fraction: parameters.validationFraction, seed: seed)
        return (rows.training, rows.test)
    }

    /// On `data`'s bins, holds out `validationFraction` of the rows (`DataSplit.rows` with
    /// `seed`: per class for classification, as scikit-learn's `train_test_split(stratify=y)`)
    /// when early stopping is on, and adds one round of best-first trees until
    /// `maxIterations` or until the validation loss (log loss, multiclass log loss or mean
    /// squared error) has not improved for `earlyStoppingRounds` rounds; the model keeps the
    /// rounds up to the best one.
    ///
    /// Rounds are sequential; within a round, histogram passes (by groups of features),
    /// gradient gathering and partitions (by fixed blocks of rows) and leaf updates (by leaf)
    /// are spread over `threads`, each piece's result independent of who computes it, so the
    /// model does not depend on the thread count.
    /// - Parameter progress: called after each round with the round number.
    /// - Complexity: O(rounds × classes × rows × features × log leaves).
    public static func train(
        _ data: BinnedDataset, parameters: BoostingParameters, seed: UInt64, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> TreeEnsemble {
        let workers = threads ?? Parallel.defaultThreads
        let binning = data.binning
        let matrix = data.matrix
        let n = data.rowCount
        let (training, validation) = earlyStoppingSplit(of: data, parameters: parameters, seed: seed)
        let rows = training.map { Int32($0) }
        let loss = BoostingLoss(data, training: training)
        let k = loss.treesPerRound
        // Class-major: row i's score for class c at raw[c × n + i].
        var raw = (0..<(k * n)).map { loss.baseScores[$0 / n] }
        var gradients = [GradientPair](repeating: .zero, count: k * n)
        let builder = BoostingTreeBuilder(
            data: matrix, parameters: parameters, threads: workers)
        var trees: [TreeNodes] = []
        var bestLoss = Double.infinity
        var bestCount = 0
        for round in 0..<parameters.maxIterations {
            raw.withUnsafeMutableBufferPointer { raw in
                gradients.withUnsafeMutableBufferPointer { gradients in
                    loss.gradients(
                        raw: UnsafeBufferPointer(raw), rows: training, gradients: gradients, threads: workers)
                    for c in 0..<k {
                        let tree = builder.build(
                            training: rows,
                            gradients: UnsafeBufferPointer(rebasing: gradients[(c * n)..<((c + 1) * n)]),
                            raw: UnsafeMutableBufferPointer(rebasing: raw[(c * n)..<((c + 1) * n)]))
                        trees.append(tree)
                    }
                }
            }
            progress?(round + 1)
            guard let patience = parameters.earlyStoppingRounds, !validation.isEmpty else { continue }
            // Tree by tree, each over every held-out row: a tree copied per row and class (its
            // seven arrays retained and released) cost a seventh of Adult's fit.
            let validationLoss = raw.withUnsafeMutableBufferPointer { raw in
                for (c, tree) in trees.suffix(k).enumerated() {
                    for i in validation { raw[c * n + i] += tree.leafValue(matrix: matrix, row: i) }
                }
                return loss.mean(raw: UnsafeBufferPointer(raw), rows: validation)
            }
            if validationLoss < bestLoss - 1e-7 {
                bestLoss = validationLoss
                bestCount = trees.count
            } else if (trees.count - bestCount) / k >= patience {
                break
            }
        }
        if !validation.isEmpty && bestCount > 0 { trees.removeLast(trees.count - bestCount) }
        let output: TreeEnsemble.Output =
            switch data.schema.task {
            case .binary: .logit
            case .multiclass: .softmax
            case .regression: .sum
            }
        return TreeEnsemble.joining(
            trees, matrix: matrix, schema: data.schema, binning: binning, output: output,
            baseScores: loss.baseScores, importances: TreeEnsemble.normalized(builder.gains))
    }
}

extension TreeNodes {
    /// The leaf value one training row reaches in a single tree stored from index 0.
    /// - Complexity: O(depth).
    func leafValue(matrix: BinnedMatrix, row: Int) -> Double {
        var node = 0
        while feature[node] >= 0 {
            let f = Int(feature[node])
            let bin = matrix.bins[f * matrix.rowCount + row]
            let goesLeft =
                matrix.isCategorical[f]
                ? bitsets[Int(split[node]) + Int(bin >> 6)] >> UInt64(bin & 63) & 1 == 1
                : bin == 0 ? !missingRight[node] : UInt32(bin) <= split[node]
            node = Int(left[node]) + (goesLeft ? 0 : 1)
        }
        return leafValue(node)
    }
}
