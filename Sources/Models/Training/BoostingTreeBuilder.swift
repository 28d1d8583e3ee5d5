import Basics
import Parallelism

/// Grows one regression tree on gradients and hessians (its nodes' cover is their hessian sum), best-first (the leaf whose split
/// gains most is split next) up to a number of leaves, with the histogram-subtraction trick.
final class BoostingTreeBuilder {
    let data: BinnedMatrix
    let parameters: BoostingParameters
    let threads: Int
    let finder: BoostingSplitFinder
    let offsets: [Int]
    let totalBins: Int
    /// Importance: total gain per feature, accumulated over trees.
    var gains: [Double]
    /// The right side of a partition while it is being moved.
    private var scratch: [Int32] = []
    /// A node's gradients in its row order, for the histogram passes.
    private var ordered: [GradientPair] = []

    private struct Leaf {
        var node: Int
        var start: Int
        var end: Int
        var depth: Int
        var gradient: Double
        var hessian: Double
        /// The L2 penalty of the leaf's value (its parent split's `childLambda`).
        var lambda: Double
        var histogram: GradientHistogram
        var split: BoostingSplit?
    }

    init(data: BinnedMatrix, parameters: BoostingParameters, threads: Int) {
        self.data = data
        self.parameters = parameters
        self.threads = threads
        var offsets: [Int] = []
        var total = 0
        for bins in data.binCounts {
            offsets.append(total)
            total += bins
        }
        self.offsets = offsets
        self.totalBins = total
        self.gains = [Double](repeating: 0, count: data.featureCount)
        finder = BoostingSplitFinder(
            binCounts: data.binCounts, offsets: offsets, isCategorical: data.isCategorical, parameters: parameters)
    }

    /// Grows a tree over `training` (row indices in ascending order) and adds each leaf's
    /// value to the raw scores of its rows.
    ///
    /// Every node's rows stay in ascending order (a stable partition), so the histogram passes
    /// read each byte column forwards — a random order costs a cache miss per row and feature,
    /// three quarters of the fit at 1,000,000 rows — and every bin adds its rows in row order.
    /// - Complexity: O(rows × features × depth), halved by histogram subtraction.
    /// - Parameters:
    ///   - gradients: every row's (gradient, hessian), by row index, in single precision; the
    ///     totals and histograms add them in double precision.
    ///   - raw: every row's raw score, by row index; the training rows' scores grow by their leaf's value.
    func build(
        training: [Int32], gradients: UnsafeBufferPointer<GradientPair>, raw: UnsafeMutableBufferPointer<Double>
    ) -> TreeNodes {
        assert(zip(training, training.dropFirst()).allSatisfy { $0 < $1 }, "training rows must ascend")
        var rows = training
        var nodes = TreeNodes()
        var total = SIMD2<Double>.zero
        for r in rows { total += SIMD2<Double>(gradients[Int(r)]) }
        let root = nodes.appendNode(cover: total.y)
        let rootHistogram = histogram(rows: rows[...], gradients: gradients)
        var leaves = [
            Leaf(
                node: root, start: 0, end: rows.count, depth: 0, gradient: total.x, hessian: total.y,
                lambda: parameters.l2Regularization, histogram: rootHistogram, split: nil)
        ]
        leaves[0].split = splitIfAllowed(leaves[0])
        let maxDepth = parameters.maxDepth ?? Int.max
        while leaves.count < parameters.maxLeafNodes {
            var pick: Int?
            for (i, leaf) in leaves.enumerated() {
                guard let split = leaf.split else { continue }
                if pick.map({ split.gain > (leaves[$0].split?.gain ?? 0) }) ?? true { pick = i }
            }
            guard let chosen = pick, let split = leaves[chosen].split else { break }
            let leaf = leaves[chosen]
            let middle = partition(&rows, start: leaf.start, end: leaf.end, split: split)
            let leftNode = nodes.appendNode(cover: split.leftHessian)
            _ = nodes.appendNode(cover: leaf.hessian - split.leftHessian)
            nodes.feature[leaf.node] = Int16(split.feature)
            nodes.left[leaf.node] = UInt32(leftNode)
            if data.isCategorical[split.feature] {
                nodes.split[leaf.node] = UInt32(nodes.bitsets.count)
                nodes.bitsets.append(contentsOf: split.leftBins.words(binCount: data.binCounts[split.feature]))
            } else {
                nodes.split[leaf.node] = UInt32(split.threshold)
                nodes.missingRight[leaf.node] = split.missingRight
            }
            gains[split.feature] += split.gain
            // A child is searched only if it may still be split: not the tree's last split, not
            // at the depth limit, with rows enough for two leaves. Its histogram is needed only
            // then, or as the small child's whose subtraction gives a searched large one: the
            // other histograms (a fifth of a multiclass fit's passes) were summed for nothing.
            let leftCount = middle - leaf.start
            let rightCount = leaf.end - middle
            let mayGrow = leaves.count + 1 < parameters.maxLeafNodes && leaf.depth + 1 < maxDepth
            let searchLeft = mayGrow && leftCount >= 2 * parameters.minSamplesLeaf
            let searchRight = mayGrow && rightCount >= 2 * parameters.minSamplesLeaf
            let leftIsSmaller = leftCount <= rightCount
            let (searchSmall, searchLarge) = leftIsSmaller ? (searchLeft, searchRight) : (searchRight, searchLeft)
            let small = leftIsSmaller ? rows[leaf.start..<middle] : rows[middle..<leaf.end]
            let none = GradientHistogram(bins: 0)
            let smallHistogram = searchSmall || searchLarge ? histogram(rows: small, gradients: gradients) : none
            let largeHistogram = searchLarge ? GradientHistogram.subtracting(leaf.histogram, smallHistogram) : none
            var left = Leaf(
                node: leftNode, start: leaf.start, end: middle, depth: leaf.depth + 1, gradient: split.leftGradient,
                hessian: split.leftHessian, lambda: split.childLambda,
                histogram: leftIsSmaller ? smallHistogram : largeHistogram, split: nil)
            var right = Leaf(
                node: leftNode + 1, start: middle, end: leaf.end, depth: leaf.depth + 1,
                gradient: leaf.gradient - split.leftGradient, hessian: leaf.hessian - split.leftHessian,
                lambda: split.childLambda, histogram: leftIsSmaller ? largeHistogram : smallHistogram, split: nil)
            if searchLeft || searchRight {
                // The two children's searches are independent: one per thread.
                let workers = searchLeft && searchRight && leaf.end - leaf.start >= 4096 ? threads : 1
                let splits = Parallel.map(count: 2, threads: workers) { j in
                    (j == 0 ? searchLeft : searchRight) ? splitIfAllowed(j == 0 ? left : right) : nil
                }
                left.split = splits[0]
                right.split = splits[1]
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        let values = leaves.map { leaf in
            -leaf.gradient / (leaf.hessian + leaf.lambda + 1e-12) * parameters.learningRate
        }
        for (leaf, value) in zip(leaves, values) { nodes.makeLeaf(leaf.node, value: value) }
        // Leaves own disjoint rows: each adds to its rows' scores on whichever thread takes it.
        rows.withUnsafeBufferPointer { rows in
            _ = Parallel.map(count: leaves.count, threads: rows.count >= 4096 ? threads : 1) { j in
                guard leaves[j].start < leaves[j].end else { return }
                let (rows, raw, value) = (rows.baseAddress!, raw.baseAddress!, values[j])
                for k in leaves[j].start..<leaves[j].end { raw[Int(rows[k])] += value }
            }
        }
        return nodes
    }

    private func splitIfAllowed(_ leaf: Leaf) -> BoostingSplit? {
        let count = Int32(leaf.end - leaf.start)
        guard count >= 2 * Int32(parameters.minSamplesLeaf) else { return nil }
        return finder.best(leaf.histogram, gradient: leaf.gradient, hessian: leaf.hessian, count: count)
    }

    /// Moves the rows of `start..<end` that go left before those that go right, each side in
    /// its order (stable), and returns where the right side starts. Blocks of a fixed number of
    /// rows are partitioned on whichever thread takes them, then joined in block order, so the
    /// result does not depend on the thread count. Branch-free within a block: each row is
    /// written to both sides and only the side it belongs to advances.
    private func partition(_ rows: inout [Int32], start: Int, end: Int, split: BoostingSplit) -> Int {
        let column = split.feature * data.rowCount
        let categorical = data.isCategorical[split.feature]
        // 1 for the bins that go left: one look-up per row for numeric and categorical splits.
        let sides = (0..<256).map { bin in split.goesLeft(UInt8(bin), categorical: categorical) ? 1 : 0 }
        if scratch.count < data.rowCount { scratch = [Int32](repeating: 0, count: data.rowCount) }
        let block = 1 << 16
        let blocks = (end - start + block - 1) / block
        return data.bins.withUnsafeBufferPointer { bins in
            rows.withUnsafeMutableBufferPointer { rows in
                scratch.withUnsafeMutableBufferPointer { right in
                    // Block j's left rows end up at its start in `rows`, its right rows at its
                    // start in `right`.
                    let lefts = Parallel.map(count: blocks, threads: blocks > 1 ? threads : 1) { j in
                        // Plain pointers in locals: read through the closure's captures, the
                        // rows' base address was loaded again after every store, and each side
                        // look-up checked its bounds (a fifth of the partition's time).
                        let rows = rows.baseAddress!
                        let right = right.baseAddress!
                        let column = bins.baseAddress! + column
                        let first = start + j * block
                        var left = first
                        var rightEnd = first
                        sides.withUnsafeBufferPointer { sides in
                            let sides = sides.baseAddress!
                            for i in first..<min(first + block, end) {
                                let row = rows[i]
                                let side = sides[Int(column[Int(row)])]
                                rows[left] = row
                                right[rightEnd] = row
                                left &+= side
                                rightEnd &+= 1 &- side
                            }
                        }
                        return left - first
                    }
                    var to = start
                    for (j, count) in lefts.enumerated() {
                        let from = start + j * block
                        if to != from { (rows.baseAddress! + to).update(from: rows.baseAddress! + from, count: count) }
                        to += count
                    }
                    let middle = to
                    for (j, count) in lefts.enumerated() {
                        let from = start + j * block
                        let length = min(from + block, end) - from - count
                        (rows.baseAddress! + to).update(from: right.baseAddress! + from, count: length)
                        to += length
                    }
                    return middle
                }
            }
        }
    }

    /// Sums gradients per bin for every feature. Features are spread over threads in groups of
    /// up to four, each group summed by one thread in one pass over the rows, its features
    /// interleaved so that their additions overlap; every bin still adds its rows in row order,
    /// so the sums depend neither on `threads` nor on the grouping.
    private func histogram(rows: ArraySlice<Int32>, gradients: UnsafeBufferPointer<GradientPair>) -> GradientHistogram {
        var result = GradientHistogram(bins: totalBins)
        let workers = rows.count >= 4096 ? threads : 1
        // Every row (the root without held-out rows): the k-th row is row k.
        if rows.count == data.rowCount {
            rows.withUnsafeBufferPointer { rows in
                sum(into: &result, rows: rows, values: gradients, allRows: true, workers: workers)
            }
            return result
        }
        // The node's gradients gathered into row order once, in blocks on both threads, so that
        // each group's pass reads them in sequence: gathered by every pass, a sparse node's
        // gradients missed the cache once a row and group.
        if ordered.count < rows.count { ordered = [GradientPair](repeating: .zero, count: data.rowCount) }
        let block = 1 << 14
        ordered.withUnsafeMutableBufferPointer { ordered in
            rows.withUnsafeBufferPointer { rows in
                let blocks = (rows.count + block - 1) / block
                _ = Parallel.map(count: blocks, threads: workers) { j in
                    for k in (j * block)..<min((j + 1) * block, rows.count) { ordered[k] = gradients[Int(rows[k])] }
                }
                sum(into: &result, rows: rows, values: UnsafeBufferPointer(ordered), allRows: false, workers: workers)
            }
        }
        return result
    }

    /// `histogram`'s passes: `values[k]` is the k-th row's (gradient, hessian); `allRows` says
    /// that the k-th row is row k.
    private func sum(
        into result: inout GradientHistogram, rows: UnsafeBufferPointer<Int32>,
        values: UnsafeBufferPointer<GradientPair>, allRows: Bool, workers: Int
    ) {
        let groups = featureGroups(workers: workers)
        let n = data.rowCount
        result.sums.withUnsafeMutableBufferPointer { sums in
            data.bins.withUnsafeBufferPointer { bins in
                _ = Parallel.map(count: groups.count, threads: workers) { j in
                    let features = groups[j]
                    let width = features.count
                    var columns = (bins.baseAddress!, bins.baseAddress!, bins.baseAddress!, bins.baseAddress!)
                    var bases = (0, 0, 0, 0)
                    (columns.0, bases.0) = (columns.0 + features[0] * n, offsets[features[0]])
                    if width > 1 { (columns.1, bases.1) = (columns.1 + features[1] * n, offsets[features[1]]) }
                    if width > 2 { (columns.2, bases.2) = (columns.2 + features[2] * n, offsets[features[2]]) }
                    if width > 3 { (columns.3, bases.3) = (columns.3 + features[3] * n, offsets[features[3]]) }
                    let sums = sums.baseAddress!
                    for k in 0..<rows.count {
                        let r = allRows ? k : Int(rows[k])
                        let value = SIMD2<Double>(values[k])
                        sums[bases.0 &+ Int(columns.0[r])] += value
                        guard width > 1 else { continue }
                        sums[bases.1 &+ Int(columns.1[r])] += value
                        guard width > 2 else { continue }
                        sums[bases.2 &+ Int(columns.2[r])] += value
                        guard width > 3 else { continue }
                        sums[bases.3 &+ Int(columns.3[r])] += value
                    }
                }
            }
        }
    }

    /// Features in groups of at most four, as many groups as a multiple of `workers` so that no
    /// thread waits for the last group; group j takes features j, j + groups, j + 2 × groups …,
    /// so that neighbouring fields (the categorical ones, whose few bins make a row add to the bin
    /// the row before it did, waiting for that store) are spread over the groups.
    private func featureGroups(workers: Int) -> [[Int]] {
        let features = data.featureCount
        var count = (features + 3) / 4
        if workers > 1 { count = min(features, (count + workers - 1) / workers * workers) }
        return (0..<count).map { j in Array(stride(from: j, to: features, by: count)) }
    }
}
