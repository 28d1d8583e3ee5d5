import Basics

/// A candidate split of a tree node: which rows go left, and what it gains.
struct ForestSplit {
    var feature: Int
    /// Numeric splits: rows whose bin is `<= threshold` go left.
    var threshold: Int = 0
    /// Categorical splits: the bins that go left.
    var leftBins = BinSet()
    var improvement: Double
    var leftWeight: Int32
    /// Binary: the left side's weighted positives (other tasks recount their children).
    var leftPositive: Int32 = 0
    /// The node's in-bag weight with the feature missing (bin 0): when none, a missing value or
    /// an unseen category is sent to the heavier side (`ForestTreeBuilder.split`).
    var missingWeight: Int32 = 0

    @inline(__always)
    func contains(_ bin: UInt8) -> Bool { leftBins.contains(bin) }
}

/// The split searches of forest trees, one per task, over one feature's histogram of a node.
///
/// Every search returns the best `bin <= t` split, one with `t` drawn at random (extra
/// trees), the best subset of categories among those its ordering allows, or a random cut of
/// that ordering. A split's improvement is the weighted impurity decrease.
protocol ForestSplitSearch {
    /// Whether all the node's rows share one bin.
    var isConstant: Bool { get }
    func bestThreshold(feature: Int) -> ForestSplit?
    func randomThreshold(feature: Int, using generator: inout SplitMix64) -> ForestSplit?
    func bestSubset(feature: Int) -> ForestSplit?
    func randomSubset(feature: Int, using generator: inout SplitMix64) -> ForestSplit?
}

/// The first and last bins of a histogram's `count` that hold rows (the last is the first
/// when none or one does).
func occupiedBins(_ weights: UnsafeMutablePointer<Int32>, count: Int) -> (lowest: Int, highest: Int) {
    var low = 0
    while low < count && weights[low] == 0 { low += 1 }
    var high = count - 1
    while high > low && weights[high] == 0 { high -= 1 }
    return (low, high)
}

/// Binary split search over one feature's histogram of (weight, weighted positives) per bin.
///
/// The Gini criterion: a split's score is Σ over both sides of (pos² + neg²) / weight; the
/// improvement (weighted impurity decrease) is that score minus the node's own.
struct GiniSplitSearch: ForestSplitSearch {
    let weights: UnsafeMutablePointer<Int32>
    let positives: UnsafeMutablePointer<Int32>
    let binCount: Int
    let totalWeight: Int32
    let totalPositive: Int32
    let minLeaf: Int32
    /// The first and last bins that hold rows.
    private(set) var lowest = 0
    private(set) var highest = 0
    private let parentScore: Double

    init(
        weights: UnsafeMutablePointer<Int32>, positives: UnsafeMutablePointer<Int32>, binCount: Int,
        totalWeight: Int32, totalPositive: Int32, minLeaf: Int32
    ) {
        self.weights = weights
        self.positives = positives
        self.binCount = binCount
        self.totalWeight = totalWeight
        self.totalPositive = totalPositive
        self.minLeaf = minLeaf
        parentScore = Self.score(weight: totalWeight, positive: totalPositive)
        (lowest, highest) = occupiedBins(weights, count: binCount)
    }

    /// Whether all the node's rows share one bin.
    var isConstant: Bool { highest <= lowest }

    @inline(__always)
    static func score(weight: Int32, positive: Int32) -> Double {
        guard weight > 0 else { return 0 }
        let p = Double(positive)
        let q = Double(weight - positive)
        return (p * p + q * q) / Double(weight)
    }

    @inline(__always)
    private func improvement(leftWeight: Int32, leftPositive: Int32) -> Double {
        Self.score(weight: leftWeight, positive: leftPositive)
            + Self.score(weight: totalWeight - leftWeight, positive: totalPositive - leftPositive) - parentScore
    }

    /// The best `bin <= t` split.
    /// - Complexity: O(bins).
    func bestThreshold(feature: Int) -> ForestSplit? {
        var best: ForestSplit?
        var leftWeight: Int32 = 0
        var leftPositive: Int32 = 0
        for t in lowest..<highest {
            leftWeight += weights[t]
            leftPositive += positives[t]
            if weights[t] == 0 || leftWeight < minLeaf { continue }
            if totalWeight - leftWeight < minLeaf { break }
            let gain = improvement(leftWeight: leftWeight, leftPositive: leftPositive)
            if gain > (best?.improvement ?? -1) {
                best = ForestSplit(
                    feature: feature, threshold: t, improvement: gain, leftWeight: leftWeight,
                    leftPositive: leftPositive)
            }
        }
        return best
    }

    /// One `bin <= t` split with `t` drawn uniformly between the node's lowest and highest bins.
    /// - Complexity: O(bins).
    func randomThreshold(feature: Int, using generator: inout SplitMix64) -> ForestSplit? {
        let t = lowest + generator.below(highest - lowest)
        var leftWeight: Int32 = 0
        var leftPositive: Int32 = 0
        for bin in lowest...t {
            leftWeight += weights[bin]
            leftPositive += positives[bin]
        }
        guard leftWeight >= minLeaf, totalWeight - leftWeight >= minLeaf else { return nil }
        return ForestSplit(
            feature: feature, threshold: t,
            improvement: improvement(leftWeight: leftWeight, leftPositive: leftPositive),
            leftWeight: leftWeight, leftPositive: leftPositive)
    }

    /// The bins holding rows, ordered by their share of positives (ties by bin).
    private func binsByPositiveShare() -> [Int] {
        var present: [Int] = []
        for bin in lowest...highest where weights[bin] > 0 { present.append(bin) }
        present.sort { a, b in
            let lhs = Int64(positives[a]) * Int64(weights[b])
            let rhs = Int64(positives[b]) * Int64(weights[a])
            return lhs != rhs ? lhs < rhs : a < b
        }
        return present
    }

    /// The best subset of categories to send left: for two classes and the Gini criterion,
    /// one of the prefixes of the categories sorted by positive share (Breiman, 1984).
    /// - Complexity: O(bins × log bins).
    func bestSubset(feature: Int) -> ForestSplit? {
        let order = binsByPositiveShare()
        var best: ForestSplit?
        var bestCut = 0
        var leftWeight: Int32 = 0
        var leftPositive: Int32 = 0
        for cut in 1..<order.count {
            leftWeight += weights[order[cut - 1]]
            leftPositive += positives[order[cut - 1]]
            if leftWeight < minLeaf { continue }
            if totalWeight - leftWeight < minLeaf { break }
            let gain = improvement(leftWeight: leftWeight, leftPositive: leftPositive)
            if gain > (best?.improvement ?? -1) {
                best = ForestSplit(
                    feature: feature, improvement: gain, leftWeight: leftWeight, leftPositive: leftPositive)
                bestCut = cut
            }
        }
        guard var split = best else { return nil }
        for bin in order[0..<bestCut] { split.leftBins.insert(bin) }
        return split
    }

    /// A random cut of the categories sorted by positive share (the extra-trees analogue of
    /// a random threshold).
    /// - Complexity: O(bins × log bins).
    func randomSubset(feature: Int, using generator: inout SplitMix64) -> ForestSplit? {
        let order = binsByPositiveShare()
        let cut = 1 + generator.below(order.count - 1)
        var split = ForestSplit(feature: feature, improvement: 0, leftWeight: 0, leftPositive: 0)
        for bin in order[0..<cut] {
            split.leftWeight += weights[bin]
            split.leftPositive += positives[bin]
            split.leftBins.insert(bin)
        }
        guard split.leftWeight >= minLeaf, totalWeight - split.leftWeight >= minLeaf else { return nil }
        split.improvement = improvement(leftWeight: split.leftWeight, leftPositive: split.leftPositive)
        return split
    }
}
