@testable import Models

extension TreeNodes {
    /// One split on feature 0 at bin `split` (bins up to it go left, to `low`; the others right,
    /// to `high`); a missing value goes right when `missingRight`.
    static func stump(split: UInt32, low: Double, high: Double, missingRight: Bool = false) -> TreeNodes {
        var nodes = TreeNodes()
        let root = nodes.appendNode(cover: 10)
        let left = nodes.appendNode(cover: 4)
        _ = nodes.appendNode(cover: 6)
        nodes.feature[root] = 0
        nodes.left[root] = UInt32(left)
        nodes.split[root] = split
        nodes.missingRight[root] = missingRight
        nodes.makeLeaf(left, value: low)
        nodes.makeLeaf(left + 1, value: high)
        return nodes
    }
}
