import Basics
import Foundation

/// Trains gradient-boosted trees for binary log-loss.
public enum BoostingTrainer {
    /// Fits binning on `data`, holds out `validationFraction` of the rows (drawn with `seed`)
    /// when early stopping is on, and adds one best-first tree per round until
    /// `maxIterations` or until the validation loss has not improved for
    /// `earlyStoppingRounds` rounds; the model keeps the trees up to the best round.
    ///
    /// Rounds are sequential; within a round, histogram building is spread over `threads`
    /// by feature, so the model does not depend on the thread count.
    /// - Parameter progress: called after each round with the round number.
    /// - Complexity: O(rounds × rows × features × log leaves).
    public static func train(
        _ data: Dataset, parameters: BoostingParameters, seed: UInt64, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> TreeEnsemble {
        let binning = FeatureBinning(fittedOn: data)
        let matrix = binning.bin(data)
        let n = data.rowCount
        var generator = SplitMix64(seed: seed)
        var order = Array(0..<n)
        var validation: [Int] = []
        if parameters.earlyStoppingRounds != nil && parameters.validationFraction > 0 && n >= 20 {
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, generator.below(i + 1)) }
            let held = max(1, Int(Double(n) * parameters.validationFraction))
            validation = order[0..<held].sorted()
            order = order[held...].sorted()
        }
        // `rows` is reordered by every tree; `training` keeps row order for sequential passes.
        let training = order
        var rows = order.map { Int32($0) }
        let positives = rows.reduce(0) { $0 + Int(data.labels[Int($1)]) }
        let prior = min(max(Double(positives) / Double(max(rows.count, 1)), 1e-6), 1 - 1e-6)
        let base = log(prior / (1 - prior))
        var raw = [Double](repeating: base, count: n)
        var gradient = [Double](repeating: 0, count: n)
        var hessian = [Double](repeating: 0, count: n)
        let builder = BoostingTreeBuilder(
            data: matrix, parameters: parameters, threads: threads ?? Parallel.defaultThreads)
        var trees: [TreeNodes] = []
        var bestLoss = Double.infinity
        var bestCount = 0
        for round in 0..<parameters.maxIterations {
            for i in training {
                let p = logistic(raw[i])
                gradient[i] = p - Double(data.labels[i])
                hessian[i] = max(p * (1 - p), 1e-16)
            }
            let tree = builder.build(rows: &rows, gradient: gradient, hessian: hessian) { value, leafRows in
                for r in leafRows { raw[Int(r)] += value }
            }
            trees.append(tree)
            progress?(round + 1)
            guard let patience = parameters.earlyStoppingRounds, !validation.isEmpty else { continue }
            var loss = 0.0
            for i in validation {
                raw[i] += Double(tree.leafValue(matrix: matrix, row: i))
                let p = min(max(logistic(raw[i]), 1e-15), 1 - 1e-15)
                loss -= data.labels[i] == 1 ? log(p) : log(1 - p)
            }
            loss /= Double(validation.count)
            if loss < bestLoss - 1e-7 {
                bestLoss = loss
                bestCount = trees.count
            } else if trees.count - bestCount >= patience {
                break
            }
        }
        if !validation.isEmpty && bestCount > 0 { trees.removeLast(trees.count - bestCount) }
        return TreeEnsemble.joining(
            trees, schema: data.schema, binning: binning, output: .logit, baseScore: base,
            importances: TreeEnsemble.normalized(builder.gains))
    }
}

extension TreeNodes {
    /// The leaf value one training row reaches in a single tree stored from index 0.
    /// - Complexity: O(depth).
    func leafValue(matrix: BinnedMatrix, row: Int) -> Float {
        var node = 0
        while feature[node] >= 0 {
            let f = Int(feature[node])
            let bin = matrix.bins[f * matrix.rowCount + row]
            let goesLeft =
                matrix.isCategorical[f]
                ? bitsets[Int(split[node]) + Int(bin >> 6)] >> UInt64(bin & 63) & 1 == 1
                : UInt32(bin) <= split[node]
            node = Int(left[node]) + (goesLeft ? 0 : 1)
        }
        return Float(bitPattern: split[node])
    }
}
