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

    private struct Leaf {
        var node: Int
        var start: Int
        var end: Int
        var depth: Int
        var gradient: Double
        var hessian: Double
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
            binCounts: data.binCounts, offsets: offsets, isCategorical: data.isCategorical,
            lambda: parameters.l2Regularization, minLeaf: Int32(parameters.minSamplesLeaf))
    }

    /// Grows a tree over `rows` (reordered in place so each leaf's rows are contiguous) and
    /// calls `assign(leafValue, rowsOfLeaf)` for every leaf.
    /// - Complexity: O(rows × features × depth), halved by histogram subtraction.
    /// - Parameter gradients: every row's (gradient, hessian), by row index.
    func build(
        rows: inout [Int32], gradients: UnsafeBufferPointer<SIMD2<Double>>, assign: (Double, ArraySlice<Int32>) -> Void
    ) -> TreeNodes {
        var nodes = TreeNodes()
        var total = SIMD2<Double>.zero
        for r in rows { total += gradients[Int(r)] }
        let root = nodes.appendNode(cover: total.y)
        let rootHistogram = histogram(rows: rows[...], gradients: gradients)
        var leaves = [
            Leaf(
                node: root, start: 0, end: rows.count, depth: 0, gradient: total.x, hessian: total.y,
                histogram: rootHistogram, split: nil)
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
            let leftIsSmaller = middle - leaf.start <= leaf.end - middle
            let small = leftIsSmaller ? rows[leaf.start..<middle] : rows[middle..<leaf.end]
            let smallHistogram = histogram(rows: small, gradients: gradients)
            let largeHistogram = GradientHistogram.subtracting(leaf.histogram, smallHistogram)
            var left = Leaf(
                node: leftNode, start: leaf.start, end: middle, depth: leaf.depth + 1, gradient: split.leftGradient,
                hessian: split.leftHessian, histogram: leftIsSmaller ? smallHistogram : largeHistogram, split: nil)
            var right = Leaf(
                node: leftNode + 1, start: middle, end: leaf.end, depth: leaf.depth + 1,
                gradient: leaf.gradient - split.leftGradient, hessian: leaf.hessian - split.leftHessian,
                histogram: leftIsSmaller ? largeHistogram : smallHistogram, split: nil)
            if left.depth < maxDepth {
                // The two children's searches are independent: one per thread.
                let workers = leaf.end - leaf.start >= 4096 ? threads : 1
                let splits = Parallel.map(count: 2, threads: workers) { j in splitIfAllowed(j == 0 ? left : right) }
                left.split = splits[0]
                right.split = splits[1]
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        for leaf in leaves {
            let value = -leaf.gradient / (leaf.hessian + parameters.l2Regularization + 1e-12) * parameters.learningRate
            nodes.makeLeaf(leaf.node, value: value)
            assign(value, rows[leaf.start..<leaf.end])
        }
        return nodes
    }

    private func splitIfAllowed(_ leaf: Leaf) -> BoostingSplit? {
        let count = Int32(leaf.end - leaf.start)
        guard count >= 2 * Int32(parameters.minSamplesLeaf) else { return nil }
        return finder.best(leaf.histogram, gradient: leaf.gradient, hessian: leaf.hessian, count: count)
    }

    private func partition(_ rows: inout [Int32], start: Int, end: Int, split: BoostingSplit) -> Int {
        let column = split.feature * data.rowCount
        let categorical = data.isCategorical[split.feature]
        return data.bins.withUnsafeBufferPointer { bins in
            rows.withUnsafeMutableBufferPointer { rows in
                var low = start
                var high = end - 1
                while low <= high {
                    if split.goesLeft(bins[column + Int(rows[low])], categorical: categorical) {
                        low += 1
                    } else {
                        rows.swapAt(low, high)
                        high -= 1
                    }
                }
                return low
            }
        }
    }

    /// Sums gradients per bin for every feature. Features are spread over threads in groups of
    /// up to four, each group summed by one thread in one pass over the rows, its features
    /// interleaved so that their additions overlap; every bin still adds its rows in row order,
    /// so the sums depend neither on `threads` nor on the grouping.
    private func histogram(rows: ArraySlice<Int32>, gradients: UnsafeBufferPointer<SIMD2<Double>>) -> GradientHistogram
    {
        var result = GradientHistogram(bins: totalBins)
        let workers = rows.count >= 4096 ? threads : 1
        // The node's gradients gathered once into row order, so each group's pass reads them
        // sequentially and gathers only its byte columns.
        let ordered = rows.map { gradients[Int($0)] }
        let groups = featureGroups(workers: workers)
        let n = data.rowCount
        result.sums.withUnsafeMutableBufferPointer { sums in
            result.count.withUnsafeMutableBufferPointer { counts in
                data.bins.withUnsafeBufferPointer { bins in
                    ordered.withUnsafeBufferPointer { ordered in
                        rows.withUnsafeBufferPointer { rows in
                            _ = Parallel.map(count: groups.count, threads: workers) { j in
                                let features = groups[j]
                                let width = features.count
                                var columns = (
                                    bins.baseAddress!, bins.baseAddress!, bins.baseAddress!, bins.baseAddress!
                                )
                                var bases = (0, 0, 0, 0)
                                let first = features.lowerBound
                                columns.0 += first * n
                                bases.0 = offsets[first]
                                if width > 1 {
                                    (columns.1, bases.1) = (columns.1 + (first + 1) * n, offsets[first + 1])
                                }
                                if width > 2 {
                                    (columns.2, bases.2) = (columns.2 + (first + 2) * n, offsets[first + 2])
                                }
                                if width > 3 {
                                    (columns.3, bases.3) = (columns.3 + (first + 3) * n, offsets[first + 3])
                                }
                                let sums = sums.baseAddress!
                                let counts = counts.baseAddress!
                                @inline(__always)
                                func add(_ value: SIMD2<Double>, bin: Int) {
                                    sums[bin] += value
                                    counts[bin] &+= 1
                                }
                                for k in 0..<rows.count {
                                    let r = Int(rows[k])
                                    let value = ordered[k]
                                    add(value, bin: bases.0 &+ Int(columns.0[r]))
                                    guard width > 1 else { continue }
                                    add(value, bin: bases.1 &+ Int(columns.1[r]))
                                    guard width > 2 else { continue }
                                    add(value, bin: bases.2 &+ Int(columns.2[r]))
                                    guard width > 3 else { continue }
                                    add(value, bin: bases.3 &+ Int(columns.3[r]))
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Consecutive features in groups of at most four, as many groups as a multiple of
    /// `workers` so that no thread waits for the last group.
    private func featureGroups(workers: Int) -> [Range<Int>] {
        let features = data.featureCount
        var count = (features + 3) / 4
        if workers > 1 { count = min(features, (count + workers - 1) / workers * workers) }
        return (0..<count).map { j in (j * features / count)..<((j + 1) * features / count) }
    }
}
