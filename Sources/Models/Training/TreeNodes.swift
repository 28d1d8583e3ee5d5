/// The nodes of one or more trees as flat arrays, the form the model file stores.
///
/// Node `i` is a leaf when `feature[i] < 0`; then `split[i]` holds the bits of its `Float`
/// value. Otherwise its children are `left[i]` and `left[i] + 1`, and a row goes left when
/// its bin for `feature[i]` is `<= split[i]` (numeric) or its bit is set in the category
/// bitset that starts at word `split[i]` of `bitsets` (categorical).
struct TreeNodes: Sendable, Equatable {
    var feature: [Int16] = []
    var left: [UInt32] = []
    var split: [UInt32] = []
    var bitsets: [UInt64] = []

    init() {}

    var count: Int { feature.count }

    /// Appends a placeholder node and returns its index.
    @inline(__always)
    mutating func appendNode() -> Int {
        feature.append(-1)
        left.append(0)
        split.append(0)
        return feature.count - 1
    }

    @inline(__always)
    mutating func makeLeaf(_ node: Int, value: Float) {
        feature[node] = -1
        left[node] = 0
        split[node] = value.bitPattern
    }

    /// Appends `other`'s nodes, rebasing its child and bitset indices; returns its root's index.
    /// - Complexity: O(nodes of `other`).
    mutating func append(_ other: TreeNodes, isCategorical: [Bool]) -> UInt32 {
        let nodeBase = UInt32(feature.count)
        let wordBase = UInt32(bitsets.count)
        for i in 0..<other.count {
            let f = other.feature[i]
            feature.append(f)
            left.append(f >= 0 ? other.left[i] + nodeBase : 0)
            split.append(f >= 0 && isCategorical[Int(f)] ? other.split[i] + wordBase : other.split[i])
        }
        bitsets.append(contentsOf: other.bitsets)
        return nodeBase
    }
}
