import Basics
import Parallelism

/// Explanations of many rows of a data set at once.
extension TreeExplainer {
    /// The rows of `rowCount` a seeded summary explains: all of them when there are at most
    /// `limit`, else `limit` drawn without replacement (a partial Fisher–Yates shuffle of a
    /// SplitMix64 stream of `seed` salted `shap`), in ascending order.
    /// - Complexity: O(rowCount).
    public static func sampleRows(rowCount: Int, limit: Int, seed: UInt64) -> [Int] {
        var rows = Array(0..<rowCount)
        guard rowCount > limit else { return rows }
        var generator = SplitMix64(seed: seed, salt: "shap")
        for i in 0..<limit { rows.swapAt(i, i + generator.below(rowCount - i)) }
        return rows.prefix(limit).sorted()
    }

    /// Per field (model order), the mean over `rows` of `data` of the field's absolute
    /// contribution, summed over the outputs for a multiclass model (as the shap package's bar
    /// summary stacks the classes): the size of what the field moves the raw score by.
    /// `data`'s fields are matched to the model's by name, its categories by value.
    /// - Parameters:
    ///   - threads: how many threads explain rows (the result does not depend on it).
    ///   - progress: called after each row explained, from the threads explaining them.
    /// - Complexity: O(rows × nodes × depth² / threads).
    public func meanAbsoluteContributions(
        _ data: Dataset, rows: [Int], threads: Int? = nil, progress: (@Sendable () -> Void)? = nil
    ) -> [Double] {
        let fields = fieldNames.count
        let width = model.outputWidth * fields
        guard !rows.isEmpty else { return [Double](repeating: 0, count: fields) }
        let bins = model.binnedRows(data)
        let chunks = min(rows.count, 64)
        let parts = Parallel.map(count: chunks, threads: threads ?? Parallel.defaultThreads) { chunk -> [Double] in
            var totals = [Double](repeating: 0, count: fields)
            var phi = [Double](repeating: 0, count: width)
            bins.withUnsafeBufferPointer { all in
                for r in rows[(chunk * rows.count / chunks)..<((chunk + 1) * rows.count / chunks)] {
                    for i in phi.indices { phi[i] = 0 }
                    phi.withUnsafeMutableBufferPointer { phi in
                        guard let base = phi.baseAddress else { return }
                        contributions(
                            bins: UnsafeBufferPointer(rebasing: all[(r * fields)..<((r + 1) * fields)]), into: base)
                    }
                    for i in 0..<width { totals[i % fields] += abs(phi[i]) }
                    progress?()
                }
            }
            return totals
        }
        // Chunks add in order, so the sum does not depend on the thread count.
        var means = [Double](repeating: 0, count: fields)
        for part in parts { for f in 0..<fields { means[f] += part[f] } }
        return means.map { $0 / Double(rows.count) }
    }
}
