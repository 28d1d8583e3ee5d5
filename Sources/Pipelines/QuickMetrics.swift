import Models

/// The few test-set numbers training and the benchmark print (the full evaluation, with
/// confidence intervals, is `Evaluation`'s job).
///
/// Each takes positive-class probabilities and 0/1 labels, one per test row, in the same order.
public enum QuickMetrics {
    /// The share of rows whose served label (`PositiveClass.isPredicted`) is the true one, in 0…1.
    public static func accuracy(_ probabilities: [Double], _ labels: [UInt8]) -> Double {
        var right = 0
        for (p, y) in zip(probabilities, labels) where PositiveClass.isPredicted(p) == (y == 1) { right += 1 }
        return Double(right) / Double(max(labels.count, 1))
    }

    /// ROC AUC by the rank-sum formula (Mann–Whitney U), ties given half credit; 0.5 when one
    /// class is absent.
    /// - Complexity: O(n log n).
    public static func rocAUC(_ probabilities: [Double], _ labels: [UInt8]) -> Double {
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && probabilities[order[j + 1]] == probabilities[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 { rankSum += rank }
            i = j + 1
        }
        let positives = Double(labels.reduce(0) { $0 + Int($1) })
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Mean negative log-likelihood in nats, probabilities clamped to [1e-15, 1 − 1e-15].
    public static func logLoss(_ probabilities: [Double], _ labels: [UInt8]) -> Double {
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            let q = min(max(p, 1e-15), 1 - 1e-15)
            total -= y == 1 ? log(q) : log(1 - q)
        }
        return total / Double(max(labels.count, 1))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
