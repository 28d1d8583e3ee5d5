import Basics

/// A candidate split of a tree node: which rows go left, and what it gains.
struct ForestSplit {
    var feature: Int
    /// Numeric splits: rows whose bin is `<= threshold` go left; a missing value (bin 0) goes
    /// right instead when `missingRight`.
    var threshold: Int = 0
    /// Numeric splits: whether the node's rows missing the feature go right (learned by the
    /// search: `ThresholdSearch`).
    var missingRight = false
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
    func randomThreshold(feature: Int, midpoints: [Double], using generator: inout SplitMix64) -> ForestSplit?
    func bestSubset(feature: Int) -> ForestSplit?
    func randomSubset(feature: Int, using generator: inout SplitMix64) -> ForestSplit?
}

/// The numeric half of a split search, shared by every task: the best `bin <= t` cut and a
/// random one, with the node's rows missing the feature (bin 0) on the side that suits them.
///
/// Missing values, as scikit-learn's trees place them (≥ 1.3, "Missing Values Support" in its
/// user guide, doc/modules/tree.rst): `bestThreshold` tries every cut of the present bins with
/// the missing rows on the right and then on the left, and last the split of the missing rows
/// alone against every present one, keeping the largest impurity decrease (a tie keeps the
/// first found, so the missing rows go right on a tie, as scikit-learn's do); boosting's
/// search tries both sides likewise (`BoostingSplitFinder`). `randomThreshold` does as
/// scikit-learn's `ExtraTree*` (≥ 1.6, its RandomSplitter): a cut drawn over the present
/// values, then a side for the missing rows drawn at random, so a node whose rows have one
/// present bin splits them from the missing rows or, when those are drawn to the left too, does
/// not split on the feature. A node whose rows have no missing value draws the cut alone, and
/// `ForestTreeBuilder.split` sends a missing value to its heavier child.
protocol ThresholdSearch: ForestSplitSearch {
    /// The running totals of a cut's left side.
    associatedtype Left
    /// Per bin: its weight.
    var weights: UnsafeMutablePointer<Int32> { get }
    /// The first and last bins that hold rows.
    var lowest: Int { get }
    var highest: Int { get }
    var totalWeight: Int32 { get }
    var minLeaf: Int32 { get }
    /// An empty left side.
    func emptyLeft() -> Left
    /// Adds the rows of `bin` to `left`.
    func add(_ bin: Int, to left: inout Left)
    /// The improvement of a cut whose left side is `left`, of weight `leftWeight`.
    func improvement(_ left: Left, leftWeight: Int32) -> Double
    /// The split that cuts at `threshold` with left side `left`.
    func split(feature: Int, threshold: Int, left: Left, leftWeight: Int32, improvement: Double) -> ForestSplit
}

extension ThresholdSearch {
    /// The first bin after the missing one that holds rows (when the node has missing rows,
    /// some other bin does, or it would be constant).
    private var lowestPresent: Int {
        var bin = 1
        while bin < highest && weights[bin] == 0 { bin += 1 }
        return bin
    }

    private var hasMissing: Bool { lowest == 0 && weights[0] > 0 }

    /// The best `bin <= t` split, with the node's missing rows on their better side.
    /// - Complexity: O(bins).
    func bestThreshold(feature: Int) -> ForestSplit? {
        var best: ForestSplit?
        guard hasMissing else {
            scan(feature: feature, from: lowest, missingLeft: false, missingRight: false, into: &best)
            return best
        }
        let present = lowestPresent
        scan(feature: feature, from: present, missingLeft: false, missingRight: true, into: &best)
        scan(feature: feature, from: present, missingLeft: true, missingRight: false, into: &best)
        // The missing rows alone on the left (threshold 0), every present bin on the right.
        var left = emptyLeft()
        add(0, to: &left)
        let leftWeight = weights[0]
        if leftWeight >= minLeaf && totalWeight - leftWeight >= minLeaf {
            let gain = improvement(left, leftWeight: leftWeight)
            if gain > (best?.improvement ?? -1) {
                best = split(feature: feature, threshold: 0, left: left, leftWeight: leftWeight, improvement: gain)
            }
        }
        return best
    }

    /// Tries every cut `t` in `first..<highest`, with the missing rows on the left of each
    /// (`missingLeft`), on the right (`missingRight`) or neither (a node without any), and
    /// keeps in `best` the first one that gains more than it.
    @inline(__always)
    private func scan(
        feature: Int, from first: Int, missingLeft: Bool, missingRight: Bool, into best: inout ForestSplit?
    ) {
        var left = emptyLeft()
        var leftWeight: Int32 = 0
        if missingLeft {
            add(0, to: &left)
            leftWeight = weights[0]
        }
        for t in first..<highest {
            add(t, to: &left)
            leftWeight += weights[t]
            if weights[t] == 0 || leftWeight < minLeaf { continue }
            if totalWeight - leftWeight < minLeaf { break }
            let gain = improvement(left, leftWeight: leftWeight)
            if gain > (best?.improvement ?? -1) {
                best = split(feature: feature, threshold: t, left: left, leftWeight: leftWeight, improvement: gain)
                best!.missingRight = missingRight
            }
        }
    }

    /// One `bin <= t` split with its cut drawn uniformly between the node's lowest and highest
    /// present values, and, when the node has missing rows, their side drawn after it.
    ///
    /// The cut is drawn as Geurts, Ernst and Wehenkel's extra trees draw it ("Extremely
    /// randomized trees", Machine Learning 63, 2006) and scikit-learn's do: uniformly over the
    /// node's range of values, each bin standing for the midpoint of its training values
    /// (`midpoints`, per bin, ascending); the bins at or below the cut go left. A cut drawn
    /// uniformly among the bins, as before trainer `modelpress-trees/11`, is uniform over the
    /// training rows' ranks: on bench-scale's multiclass set, where the classes are linear in
    /// Gaussian fields and a field's tails say most about them, it rarely cut the tails and
    /// was 0.029 less accurate than scikit-learn's at a million rows.
    /// - Complexity: O(bins).
    func randomThreshold(feature: Int, midpoints: [Double], using generator: inout SplitMix64) -> ForestSplit? {
        var left = emptyLeft()
        var leftWeight: Int32 = 0
        let threshold: Int
        var missingRight = false
        if hasMissing {
            let present = lowestPresent
            threshold = present < highest ? drawnCut(present, highest, midpoints, using: &generator) : present
            missingRight = generator.below(2) == 1
            if !missingRight {
                add(0, to: &left)
                leftWeight = weights[0]
            }
            for bin in present...threshold {
                add(bin, to: &left)
                leftWeight += weights[bin]
            }
        } else {
            threshold = drawnCut(lowest, highest, midpoints, using: &generator)
            for bin in lowest...threshold {
                add(bin, to: &left)
                leftWeight += weights[bin]
            }
        }
        guard leftWeight >= minLeaf, totalWeight - leftWeight >= minLeaf else { return nil }
        var split = split(
            feature: feature, threshold: threshold, left: left, leftWeight: leftWeight,
            improvement: improvement(left, leftWeight: leftWeight))
        split.missingRight = missingRight
        return split
    }
}

/// The last bin in `low..<high` whose midpoint is at or below a cut drawn uniformly between
/// the midpoints of `low` and `high` (`low < high`); one draw of `generator`.
@inline(__always)
private func drawnCut(_ low: Int, _ high: Int, _ midpoints: [Double], using generator: inout SplitMix64) -> Int {
    let unit = Double(generator.next() >> 11) * 0x1p-53
    let cut = midpoints[low] + unit * (midpoints[high] - midpoints[low])
    var threshold = low
    while threshold + 1 < high && midpoints[threshold + 1] <= cut { threshold += 1 }
    return threshold
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
struct GiniSplitSearch: ThresholdSearch {
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

    /// A cut's left side: its weighted positives.
    func emptyLeft() -> Int32 { 0 }

    @inline(__always)
    func add(_ bin: Int, to leftPositive: inout Int32) { leftPositive += positives[bin] }

    @inline(__always)
    func improvement(_ leftPositive: Int32, leftWeight: Int32) -> Double {
        improvement(leftWeight: leftWeight, leftPositive: leftPositive)
    }

    func split(feature: Int, threshold: Int, left: Int32, leftWeight: Int32, improvement: Double) -> ForestSplit {
        ForestSplit(
            feature: feature, threshold: threshold, improvement: improvement, leftWeight: leftWeight,
            leftPositive: left)
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
