import Basics

/// Grows one classification tree on binned data by Gini impurity, depth first.
///
/// The rows of a node are a contiguous range of `indices`, partitioned in place as the tree
/// grows; each row carries an integer weight (its bootstrap count), so histograms are exact
/// integer counts and the result cannot depend on summation order.
///
/// Hot state lives in raw buffers owned by the builder (no reference counting or exclusivity
/// checks in the inner loops); `cells` must stay valid while the builder is used.
final class GiniTreeBuilder {
    let data: BinnedMatrix
    /// `data.bins`, borrowed from the caller.
    private let cells: UnsafePointer<UInt8>
    let labels: [UInt8]
    let parameters: ForestParameters
    let maxFeatures: Int
    let maxDepth: Int

    var nodes = TreeNodes()
    /// Total weighted impurity decrease per feature.
    var importances: [Double]

    /// Per row: bootstrap weight, and weight × label.
    private let weight: UnsafeMutablePointer<Int32>
    private let positive: UnsafeMutablePointer<Int32>
    /// The in-bag rows, partitioned node by node; `scratch` is the partition's right side.
    private let indices: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Int32>
    /// Per row: weight in the low 32 bits, weight × label in the high 32.
    private let packed: UnsafeMutablePointer<UInt64>
    private let histogram = UnsafeMutablePointer<UInt64>.allocate(capacity: 4 * 256)
    private let histogramWeight = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
    private let histogramPositive = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
    private var featureOrder: [Int]

    init(data: BinnedMatrix, cells: UnsafePointer<UInt8>, labels: [UInt8], parameters: ForestParameters) {
        self.data = data
        self.cells = cells
        self.labels = labels
        self.parameters = parameters
        self.maxFeatures = parameters.maxFeatures.resolved(features: data.featureCount)
        self.maxDepth = parameters.maxDepth ?? Int.max
        self.importances = [Double](repeating: 0, count: data.featureCount)
        self.featureOrder = Array(0..<data.featureCount)
        weight = .allocate(capacity: max(data.rowCount, 1))
        positive = .allocate(capacity: max(data.rowCount, 1))
        packed = .allocate(capacity: max(data.rowCount, 1))
        indices = .allocate(capacity: max(data.rowCount, 1))
        scratch = .allocate(capacity: max(data.rowCount, 1))
    }

    deinit {
        weight.deallocate()
        positive.deallocate()
        packed.deallocate()
        indices.deallocate()
        scratch.deallocate()
        histogram.deallocate()
        histogramWeight.deallocate()
        histogramPositive.deallocate()
    }

    /// Grows the tree on a bootstrap sample (or all rows) drawn with `generator`.
    /// - Complexity: O(rows × features tried × depth) for the histograms.
    func build(using generator: inout SplitMix64) {
        let n = data.rowCount
        weight.initialize(repeating: 0, count: n)
        if parameters.bootstrap {
            for _ in 0..<n { weight[generator.below(n)] += 1 }
        } else {
            weight.initialize(repeating: 1, count: n)
        }
        var inBag = 0
        var totalWeight: Int32 = 0
        var totalPositive: Int32 = 0
        for i in 0..<n where weight[i] > 0 {
            positive[i] = labels[i] == 1 ? weight[i] : 0
            indices[inBag] = Int32(i)
            inBag += 1
            packed[i] = UInt64(UInt32(weight[i])) | UInt64(UInt32(positive[i])) << 32
            totalWeight += weight[i]
            totalPositive += positive[i]
        }
        nodes = TreeNodes()
        let root = nodes.appendNode()
        guard inBag > 0 else {
            nodes.makeLeaf(root, value: 0)
            return
        }
        grow(
            node: root, start: 0, end: inBag, depth: 0, weight: totalWeight, positive: totalPositive,
            using: &generator)
    }

    private func grow(
        node: Int, start: Int, end: Int, depth: Int, weight w: Int32, positive p: Int32,
        using generator: inout SplitMix64
    ) {
        let minLeaf = Int32(parameters.minSamplesLeaf)
        if depth >= maxDepth || w < Int32(parameters.minSamplesSplit) || w < 2 * minLeaf || p == 0 || p == w {
            nodes.makeLeaf(node, value: Float(p) / Float(w))
            return
        }
        guard let best = findSplit(start: start, end: end, weight: w, positive: p, using: &generator) else {
            nodes.makeLeaf(node, value: Float(p) / Float(w))
            return
        }
        let middle = partition(start: start, end: end, split: best)
        let left = nodes.appendNode()
        _ = nodes.appendNode()
        nodes.feature[node] = Int16(best.feature)
        nodes.left[node] = UInt32(left)
        if data.isCategorical[best.feature] {
            nodes.split[node] = UInt32(nodes.bitsets.count)
            nodes.bitsets.append(contentsOf: best.leftBins.words(binCount: data.binCounts[best.feature]))
        } else {
            nodes.split[node] = UInt32(best.threshold)
        }
        importances[best.feature] += best.improvement
        grow(
            node: left, start: start, end: middle, depth: depth + 1, weight: best.leftWeight,
            positive: best.leftPositive, using: &generator)
        grow(
            node: left + 1, start: middle, end: end, depth: depth + 1, weight: w - best.leftWeight,
            positive: p - best.leftPositive, using: &generator)
    }

    /// Moves the rows that go left to the front of `start..<end` (stable, without branches
    /// on the outcome: each row is written to both sides and only one cursor advances);
    /// returns where the right ones begin. Row order within a node does not change the tree,
    /// since histograms are integer sums.
    /// - Complexity: O(rows in the node).
    private func partition(start: Int, end: Int, split: GiniSplit) -> Int {
        let column = cells + split.feature * data.rowCount
        let categorical = data.isCategorical[split.feature]
        var left = start
        var right = 0
        for k in start..<end {
            let row = indices[k]
            let bin = column[Int(row)]
            let goesLeft = categorical ? split.contains(bin) : Int(bin) <= split.threshold
            indices[left] = row
            scratch[right] = row
            left &+= goesLeft ? 1 : 0
            right &+= goesLeft ? 0 : 1
        }
        (indices + left).update(from: scratch, count: right)
        return left
    }

    /// The best split over up to `maxFeatures` non-constant features drawn at random. As in
    /// CART, a split that gains nothing is still taken when it is the best (XOR needs that).
    private func findSplit(
        start: Int, end: Int, weight w: Int32, positive p: Int32, using generator: inout SplitMix64
    ) -> GiniSplit? {
        var best: GiniSplit?
        var visited = 0
        let featureCount = data.featureCount
        var drawn = 0
        while drawn < featureCount && visited < maxFeatures {
            let pick = drawn + generator.below(featureCount - drawn)
            featureOrder.swapAt(drawn, pick)
            let feature = featureOrder[drawn]
            drawn += 1
            fillHistogram(feature: feature, start: start, end: end)
            let search = GiniSplitSearch(
                weights: histogramWeight, positives: histogramPositive, binCount: data.binCounts[feature],
                totalWeight: w, totalPositive: p, minLeaf: Int32(parameters.minSamplesLeaf))
            guard !search.isConstant else { continue }
            visited += 1
            let candidate: GiniSplit?
            switch (data.isCategorical[feature], parameters.randomThresholds) {
            case (false, false): candidate = search.bestThreshold(feature: feature)
            case (false, true): candidate = search.randomThreshold(feature: feature, using: &generator)
            case (true, false): candidate = search.bestSubset(feature: feature)
            case (true, true): candidate = search.randomSubset(feature: feature, using: &generator)
            }
            if let candidate, candidate.improvement > (best?.improvement ?? -1) { best = candidate }
        }
        return best
    }

    /// Fills the histogram of `feature` over the node's rows. Each row adds its packed
    /// (weight, weight × label) word with one integer add; large nodes spread rows over four
    /// histogram copies so consecutive rows in one bin do not wait on each other's stores.
    /// - Complexity: O(rows in the node + bins).
    private func fillHistogram(feature: Int, start: Int, end: Int) {
        let bins = data.binCounts[feature]
        let column = cells + feature * data.rowCount
        let copies = end - start >= 256 ? 4 : 1
        histogram.initialize(repeating: 0, count: bins * copies)
        var k = start
        if copies == 4 {
            let h1 = histogram + bins
            let h2 = histogram + 2 * bins
            let h3 = histogram + 3 * bins
            while k + 4 <= end {
                let r0 = Int(indices[k])
                let r1 = Int(indices[k &+ 1])
                let r2 = Int(indices[k &+ 2])
                let r3 = Int(indices[k &+ 3])
                histogram[Int(column[r0])] &+= packed[r0]
                h1[Int(column[r1])] &+= packed[r1]
                h2[Int(column[r2])] &+= packed[r2]
                h3[Int(column[r3])] &+= packed[r3]
                k &+= 4
            }
        }
        while k < end {
            let row = Int(indices[k])
            histogram[Int(column[row])] &+= packed[row]
            k &+= 1
        }
        for bin in 0..<bins {
            var sum = histogram[bin]
            for copy in 1..<copies { sum &+= histogram[copy * bins + bin] }
            histogramWeight[bin] = Int32(truncatingIfNeeded: sum)
            histogramPositive[bin] = Int32(truncatingIfNeeded: sum >> 32)
        }
    }
}
