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
    func build(
        rows: inout [Int32], gradient: [Double], hessian: [Double],
        assign: (Double, ArraySlice<Int32>) -> Void
    ) -> TreeNodes {
        var nodes = TreeNodes()
        var g = 0.0
        var h = 0.0
        for r in rows {
            g += gradient[Int(r)]
            h += hessian[Int(r)]
        }
        let root = nodes.appendNode(cover: h)
        let rootHistogram = histogram(rows: rows[...], gradient: gradient, hessian: hessian)
        var leaves = [
            Leaf(
                node: root, start: 0, end: rows.count, depth: 0, gradient: g, hessian: h,
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
            }
            gains[split.feature] += split.gain
            let leftIsSmaller = middle - leaf.start <= leaf.end - middle
            let small = leftIsSmaller ? rows[leaf.start..<middle] : rows[middle..<leaf.end]
            let smallHistogram = histogram(rows: small, gradient: gradient, hessian: hessian)
            let largeHistogram = GradientHistogram.subtracting(leaf.histogram, smallHistogram)
            var left = Leaf(
                node: leftNode, start: leaf.start, end: middle, depth: leaf.depth + 1, gradient: split.leftGradient,
                hessian: split.leftHessian, histogram: leftIsSmaller ? smallHistogram : largeHistogram, split: nil)
            var right = Leaf(
                node: leftNode + 1, start: middle, end: leaf.end, depth: leaf.depth + 1,
                gradient: leaf.gradient - split.leftGradient, hessian: leaf.hessian - split.leftHessian,
                histogram: leftIsSmaller ? largeHistogram : smallHistogram, split: nil)
            if left.depth < maxDepth { left.split = splitIfAllowed(left) }
            if right.depth < maxDepth { right.split = splitIfAllowed(right) }
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

    /// Sums gradients per bin for every feature; features are spread over threads, each
    /// feature summed in row order by one thread, so results do not depend on `threads`.
    private func histogram(rows: ArraySlice<Int32>, gradient: [Double], hessian: [Double]) -> GradientHistogram {
        var result = GradientHistogram(bins: totalBins)
        let n = data.rowCount
        let workers = rows.count >= 4096 ? threads : 1
        // The node's gradients gathered once into row order, so each feature's pass reads
        // them sequentially and gathers only its byte column.
        var ordered = [Double](repeating: 0, count: 2 * rows.count)
        for (k, r) in rows.enumerated() {
            ordered[2 * k] = gradient[Int(r)]
            ordered[2 * k + 1] = hessian[Int(r)]
        }
        let parts = Parallel.map(count: data.featureCount, threads: workers) { f -> GradientHistogram in
            var part = GradientHistogram(bins: data.binCounts[f])
            data.bins.withUnsafeBufferPointer { bins in
                ordered.withUnsafeBufferPointer { gh in
                    rows.withUnsafeBufferPointer { rows in
                        part.gradient.withUnsafeMutableBufferPointer { pg in
                            part.hessian.withUnsafeMutableBufferPointer { ph in
                                part.count.withUnsafeMutableBufferPointer { pc in
                                    let column = f * n
                                    for k in 0..<rows.count {
                                        let bin = Int(bins[column &+ Int(rows[k])])
                                        pg[bin] += gh[2 &* k]
                                        ph[bin] += gh[2 &* k &+ 1]
                                        pc[bin] &+= 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return part
        }
        for (f, part) in parts.enumerated() {
            let base = offsets[f]
            for b in 0..<part.count.count {
                result.gradient[base + b] = part.gradient[b]
                result.hessian[base + b] = part.hessian[b]
                result.count[base + b] = part.count[b]
            }
        }
        return result
    }
}
