import Basics

/// Multiclass split search over one feature's histogram of weighted class counts per bin:
/// Gini over `classes` classes, a split's score being Σ over both sides of Σ_c count_c² / weight.
///
/// Categories have no ordering that is known to hold the best subset for more than two classes;
/// the search tries, for each class, the prefixes of the categories sorted by that class's
/// share (for two classes this is Breiman's exact ordering).
struct ClassSplitSearch: ThresholdSearch {
    /// `counts[bin × classes + c]`: the weight of class `c` in `bin`.
    let counts: UnsafeMutablePointer<Int32>
    /// Per bin: its total weight.
    let weights: UnsafeMutablePointer<Int32>
    /// The node's weight per class.
    let totals: UnsafeMutablePointer<Int32>
    /// Scratch for a left side's class weights (`classes` of them).
    let left: UnsafeMutablePointer<Int32>
    let classes: Int
    let totalWeight: Int32
    let minLeaf: Int32
    private(set) var lowest = 0
    private(set) var highest = 0
    private let parentScore: Double

    init(
        counts: UnsafeMutablePointer<Int32>, weights: UnsafeMutablePointer<Int32>, binCount: Int,
        totals: UnsafeMutablePointer<Int32>, left: UnsafeMutablePointer<Int32>, classes: Int, totalWeight: Int32,
        minLeaf: Int32
    ) {
        self.counts = counts
        self.weights = weights
        self.totals = totals
        self.left = left
        self.classes = classes
        self.totalWeight = totalWeight
        self.minLeaf = minLeaf
        var score = 0.0
        for c in 0..<classes { score += Double(totals[c]) * Double(totals[c]) }
        parentScore = totalWeight > 0 ? score / Double(totalWeight) : 0
        (lowest, highest) = occupiedBins(weights, count: binCount)
    }

    var isConstant: Bool { highest <= lowest }

    /// The improvement of sending `left` (of weight `leftWeight`) to the left.
    @inline(__always)
    private func improvement(leftWeight: Int32) -> Double {
        let rightWeight = totalWeight - leftWeight
        var l = 0.0
        var r = 0.0
        for c in 0..<classes {
            let a = Double(left[c])
            let b = Double(totals[c] - left[c])
            l += a * a
            r += b * b
        }
        return l / Double(leftWeight) + r / Double(rightWeight) - parentScore
    }

    @inline(__always)
    private func addToLeft(_ bin: Int) {
        let row = counts + bin * classes
        for c in 0..<classes { left[c] += row[c] }
    }

    /// A cut's left side is kept in `left`, the scratch (one cut at a time).
    typealias Left = Void

    func emptyLeft() { left.initialize(repeating: 0, count: classes) }

    @inline(__always)
    func add(_ bin: Int, to _: inout Void) { addToLeft(bin) }

    @inline(__always)
    func improvement(_: Void, leftWeight: Int32) -> Double { improvement(leftWeight: leftWeight) }

    func split(feature: Int, threshold: Int, left _: Void, leftWeight: Int32, improvement: Double) -> ForestSplit {
        ForestSplit(feature: feature, threshold: threshold, improvement: improvement, leftWeight: leftWeight)
    }

    /// The bins holding rows, ordered by the share of class `c` (ties by bin).
    private func binsByShare(of c: Int) -> [Int] {
        var present: [Int] = []
        for bin in lowest...highest where weights[bin] > 0 { present.append(bin) }
        present.sort { a, b in
            let lhs = Int64(counts[a * classes + c]) * Int64(weights[b])
            let rhs = Int64(counts[b * classes + c]) * Int64(weights[a])
            return lhs != rhs ? lhs < rhs : a < b
        }
        return present
    }

    func bestSubset(feature: Int) -> ForestSplit? {
        var best: ForestSplit?
        var bestOrder: [Int] = []
        var bestCut = 0
        for c in 0..<classes {
            let order = binsByShare(of: c)
            left.initialize(repeating: 0, count: classes)
            var leftWeight: Int32 = 0
            for cut in 1..<order.count {
                addToLeft(order[cut - 1])
                leftWeight += weights[order[cut - 1]]
                if leftWeight < minLeaf { continue }
                if totalWeight - leftWeight < minLeaf { break }
                let gain = improvement(leftWeight: leftWeight)
                if gain > (best?.improvement ?? -1) {
                    best = ForestSplit(feature: feature, improvement: gain, leftWeight: leftWeight)
                    bestOrder = order
                    bestCut = cut
                }
            }
        }
        guard var split = best else { return nil }
        for bin in bestOrder[0..<bestCut] { split.leftBins.insert(bin) }
        return split
    }

    func randomSubset(feature: Int, using generator: inout SplitMix64) -> ForestSplit? {
        let order = binsByShare(of: generator.below(classes))
        let cut = 1 + generator.below(order.count - 1)
        left.initialize(repeating: 0, count: classes)
        var split = ForestSplit(feature: feature, improvement: 0, leftWeight: 0)
        for bin in order[0..<cut] {
            addToLeft(bin)
            split.leftWeight += weights[bin]
            split.leftBins.insert(bin)
        }
        guard split.leftWeight >= minLeaf, totalWeight - split.leftWeight >= minLeaf else { return nil }
        split.improvement = improvement(leftWeight: split.leftWeight)
        return split
    }
}
