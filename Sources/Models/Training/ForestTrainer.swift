import Basics
import Foundation
import Parallelism

/// Trains decision trees, random forests and extra trees.
public enum ForestTrainer {
    /// Grows `parameters.trees` trees on `data`'s bins on up to `threads` threads:
    /// classification trees by Gini impurity whose leaves hold the positive-class share
    /// (binary) or the class distribution (multiclass), regression trees by squared error whose
    /// leaves hold the mean target. The forest predicts the mean of its leaves.
    ///
    /// Tree `t` draws everything from its own generator, seeded from `seed` and `t`, and trees
    /// are joined in index order: the same seed gives the same model whatever `threads` is.
    /// - Parameter progress: called with the number of trees finished (from worker threads).
    /// - Complexity: O(trees × rows × max features × depth / threads).
    public static func train(
        _ data: BinnedDataset, parameters: ForestParameters, seed: UInt64, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> TreeEnsemble {
        let workers = threads ?? Parallel.defaultThreads
        let binning = data.binning
        let matrix = data.matrix
        let counter = ProgressCounter(report: progress)
        let target = ForestTreeBuilder.Target(data)
        let trees = max(parameters.trees, 1)
        let hasMissing = matrix.featuresWithMissing()
        let join = TreeEnsemble.Join(isCategorical: matrix.isCategorical, trees: trees)
        matrix.bins.withUnsafeBufferPointer { buffer in
            // An empty data set has no buffer; the builder then reads no cell at all.
            let placeholder = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            defer { placeholder.deallocate() }
            let cells = buffer.baseAddress ?? UnsafePointer(placeholder)
            _ = Parallel.map(count: trees, threads: workers) { tree in
                var generator = SplitMix64(seed: SplitMix64.derivedSeed(seed, stream: tree))
                let builder = ForestTreeBuilder(
                    data: matrix, cells: cells, target: target, parameters: parameters, hasMissing: hasMissing)
                builder.build(using: &generator)
                // Joined as it comes (in index order), so that no tree's arrays outlive the join.
                join.add(tree, tree: builder.nodes, importances: TreeEnsemble.normalized(builder.importances))
                counter.increment()
            }
        }
        let forest = join.ensemble(
            matrix: matrix, schema: data.schema, binning: binning, output: .mean, baseScores: [],
            leafWidth: data.schema.task == .multiclass ? data.schema.labelValues.count : 1,
            importances: TreeEnsemble.normalized(join.importanceSums))
        // The builders' scratch and the trees' arrays are freed.
        FreedMemory.release()
        return forest
    }
}

/// Counts finished jobs across threads for a progress callback.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let report: (@Sendable (Int) -> Void)?

    init(report: (@Sendable (Int) -> Void)?) {
        self.report = report
    }

    func increment() {
        guard let report else { return }
        let value = lock.withLock {
            done += 1
            return done
        }
        report(value)
    }
}
