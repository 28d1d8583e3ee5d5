/// The nodes of one or more trees as flat arrays, the form the model file stores.
///
/// Node `i` is a leaf when `feature[i] < 0`; then `split[i]` is the index in `leafValues` of
/// its first value (a leaf holds `leafWidth` values: one, or a class distribution). Otherwise
/// its children are `left[i]` and `left[i] + 1`, and a row goes left when its bin for
/// `feature[i]` is `<= split[i]` (numeric; a missing value, bin 0, goes right instead when
/// `missingRight[i]`) or its bit is set in the category bitset that starts at word `split[i]`
/// of `bitsets` (categorical). `cover[i]` is what training saw at the node: its in-bag rows
/// (forests) or its hessian sum (boosting).
package struct TreeNodes: Sendable, Equatable {
    package var feature: [Int16] = []
    package var left: [UInt32] = []
    package var split: [UInt32] = []
    package var missingRight: [Bool] = []
    package var cover: [Double] = []
    package var bitsets: [UInt64] = []
    package var leafValues: [Double] = []

    package init() {}

    package var count: Int { feature.count }

    /// Appends a placeholder node and returns its index.
    @inline(__always)
    package mutating func appendNode(cover value: Double) -> Int {
        feature.append(-1)
        left.append(0)
        split.append(0)
        missingRight.append(false)
        cover.append(value)
        return feature.count - 1
    }

    /// Makes `node` a leaf holding one value.
    @inline(__always)
    package mutating func makeLeaf(_ node: Int, value: Double) {
        feature[node] = -1
        left[node] = 0
        split[node] = UInt32(leafValues.count)
        leafValues.append(value)
    }

    /// Makes `node` a leaf holding `values` (a class distribution).
    package mutating func makeLeaf(_ node: Int, values: UnsafeBufferPointer<Double>) {
        feature[node] = -1
        left[node] = 0
        split[node] = UInt32(leafValues.count)
        leafValues.append(contentsOf: values)
    }

    /// The first value of leaf `node`.
    @inline(__always)
    package func leafValue(_ node: Int) -> Double { leafValues[Int(split[node])] }

    /// Reserves room for `nodes` nodes, `bitsetWords` bitset words and `leafValues` leaf
    /// values in all, so that appending up to that many moves no array (and takes no more
    /// memory than they need: a growing array doubles its buffer).
    package mutating func reserveCapacity(nodes: Int, bitsetWords: Int, leafValues: Int) {
        feature.reserveCapacity(nodes)
        left.reserveCapacity(nodes)
        split.reserveCapacity(nodes)
        missingRight.reserveCapacity(nodes)
        cover.reserveCapacity(nodes)
        bitsets.reserveCapacity(bitsetWords)
        self.leafValues.reserveCapacity(leafValues)
    }

    /// Appends `other`'s nodes, rebasing its child, bitset and leaf-value indices; returns its
    /// root's index.
    /// - Complexity: O(nodes of `other`).
    package mutating func append(_ other: TreeNodes, isCategorical: [Bool]) -> UInt32 {
        let nodeBase = UInt32(feature.count)
        let wordBase = UInt32(bitsets.count)
        let valueBase = UInt32(leafValues.count)
        for i in 0..<other.count {
            let f = other.feature[i]
            feature.append(f)
            left.append(f >= 0 ? other.left[i] + nodeBase : 0)
            split.append(
                f < 0 ? other.split[i] + valueBase : isCategorical[Int(f)] ? other.split[i] + wordBase : other.split[i])
        }
        missingRight += other.missingRight
        cover += other.cover
        bitsets += other.bitsets
        leafValues += other.leafValues
        return nodeBase
    }
}
