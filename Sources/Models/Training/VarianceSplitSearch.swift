import Basics

/// Regression split search over one feature's histogram of (weight, weighted sum of targets)
/// per bin, by squared error: a split's score is Σ over both sides of sum² / weight, so its
/// improvement is the weighted decrease in variance.
///
/// Categories sorted by their mean target hold the best subset among their prefixes (Fisher,
/// 1958; Breiman et al., 1984), as for two classes.
struct VarianceSplitSearch: ThresholdSearch {
    let weights: UnsafeMutablePointer<Int32>
    let sums: UnsafeMutablePointer<Double>
    let totalWeight: Int32
    let totalSum: Double
    let minLeaf: Int32
    private(set) var lowest = 0
    private(set) var highest = 0
    private let parentScore: Double

    init(
        weights: UnsafeMutablePointer<Int32>, sums: UnsafeMutablePointer<Double>, binCount: Int,
        totalWeight: Int32, totalSum: Double, minLeaf: Int32
    ) {
        self.weights = weights
        self.sums = sums
        self.totalWeight = totalWeight
        self.totalSum = totalSum
        self.minLeaf = minLeaf
        parentScore = Self.score(weight: totalWeight, sum: totalSum)
        (lowest, highest) = occupiedBins(weights, count: binCount)
    }

    var isConstant: Bool { highest <= lowest }

    @inline(__always)
    static func score(weight: Int32, sum: Double) -> Double {
        weight > 0 ? sum * sum / Double(weight) : 0
    }

    @inline(__always)
    private func improvement(leftWeight: Int32, leftSum: Double) -> Double {
        Self.score(weight: leftWeight, sum: leftSum)
            + Self.score(weight: totalWeight - leftWeight, sum: totalSum - leftSum) - parentScore
    }

    /// A cut's left side: its weighted target sum.
    func emptyLeft() -> Double { 0 }

    @inline(__always)
    func add(_ bin: Int, to leftSum: inout Double) { leftSum += sums[bin] }

    @inline(__always)
    func improvement(_ leftSum: Double, leftWeight: Int32) -> Double {
        improvement(leftWeight: leftWeight, leftSum: leftSum)
    }

    func split(feature: Int, threshold: Int, left _: Double, leftWeight: Int32, improvement: Double) -> ForestSplit {
        ForestSplit(feature: feature, threshold: threshold, improvement: improvement, leftWeight: leftWeight)
    }

    /// The bins holding rows, ordered by mean target (ties by bin).
    private func binsByMean() -> [Int] {
        var present: [Int] = []
        for bin in lowest...highest where weights[bin] > 0 { present.append(bin) }
        present.sort { a, b in
            let lhs = sums[a] / Double(weights[a])
            let rhs = sums[b] / Double(weights[b])
            return lhs != rhs ? lhs < rhs : a < b
        }
        return present
    }

    func bestSubset(feature: Int) -> ForestSplit? {
        let order = binsByMean()
        var best: ForestSplit?
        var bestCut = 0
        var leftWeight: Int32 = 0
        var leftSum = 0.0
        for cut in 1..<order.count {
            leftWeight += weights[order[cut - 1]]
            leftSum += sums[order[cut - 1]]
            if leftWeight < minLeaf { continue }
            if totalWeight - leftWeight < minLeaf { break }
            let gain = improvement(leftWeight: leftWeight, leftSum: leftSum)
            if gain > (best?.improvement ?? -1) {
                best = ForestSplit(feature: feature, improvement: gain, leftWeight: leftWeight)
                bestCut = cut
            }
        }
        guard var split = best else { return nil }
        for bin in order[0..<bestCut] { split.leftBins.insert(bin) }
        return split
    }

    func randomSubset(feature: Int, using generator: inout SplitMix64) -> ForestSplit? {
        let order = binsByMean()
        let cut = 1 + generator.below(order.count - 1)
        var split = ForestSplit(feature: feature, improvement: 0, leftWeight: 0)
        var leftSum = 0.0
        for bin in order[0..<cut] {
            split.leftWeight += weights[bin]
            leftSum += sums[bin]
            split.leftBins.insert(bin)
        }
        guard split.leftWeight >= minLeaf, totalWeight - split.leftWeight >= minLeaf else { return nil }
        split.improvement = improvement(leftWeight: split.leftWeight, leftSum: leftSum)
        return split
    }
}
