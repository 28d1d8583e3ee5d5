/// The structure checks that make prediction on a loaded file safe: every index a traversal
/// or a lookup can follow is in bounds, and children come after their parent, so every walk
/// from a root ends at a leaf.
extension TreeModel {
    /// The first problem found, or `nil` when the file is sound.
    /// - Complexity: O(features + strings + trees + nodes).
    func validate() -> String? {
        guard counts.features > 0, counts.features <= ModelFileLayout.maximumFields else {
            return "it has \(counts.features) input fields"
        }
        guard counts.strings >= labelString + 3, labelString >= 0 else { return "the label strings are missing" }
        var previous: UInt32 = 0
        for end in stringEnds {
            guard end >= previous, Int(end) <= counts.stringBytes else { return "the string table is out of bounds" }
            previous = end
        }
        for f in 0..<counts.features {
            let bins = binCount(f)
            guard bins >= 1, bins <= FeatureBinning.maximumBins else { return "field \(f) has \(bins) bins" }
            guard edgeRange(f).upperBound <= counts.edges, nameString(f) < counts.strings,
                categoryStrings(f).upperBound <= labelString
            else { return "field \(f) points outside the tables" }
            if isCategorical(f) {
                guard bins <= categoryStrings(f).count + 1 else { return "field \(f) has more bins than categories" }
            } else {
                guard featureTable[f * 8] == 0, bins == edgeRange(f).count + 2 else {
                    return "field \(f) has an unknown kind or a wrong bin count"
                }
            }
        }
        for root in roots where Int(root) >= counts.nodes { return "a tree root is out of bounds" }
        // Per field, the largest split value a node may hold: a bin for numeric fields, the
        // last bitset word a categorical split can start at (or none).
        // Indexed by the node's field byte (0…255), so the loop needs no bounds test.
        var limits = [Int64](repeating: 255, count: 256)
        for f in 0..<counts.features where isCategorical(f) {
            limits[f] = Int64(counts.bitsetWords - (binCount(f) + 63) / 64)
        }
        let nodeCount = counts.nodes
        let featureCount = counts.features
        // Branch-free: half the nodes are leaves, in no predictable order.
        @inline(__always) func bit(_ value: Bool) -> UInt8 { unsafeBitCast(value, to: UInt8.self) }
        var violations: UInt8 = 0
        var bad = -1
        limits.withUnsafeBufferPointer { limits in
            for i in 0..<nodeCount {
                let split = nodes[2 &* i]
                let link = nodes[2 &* i &+ 1]
                let f = Int(link & 0xFF)
                let child = i &+ Int(link >> 8)
                let wrong =
                    bit(f >= featureCount) | bit(child <= i) | bit(child >= nodeCount &- 1)
                    | bit(Int64(split) > limits[f])
                violations |= wrong & bit(f != 0xFF)
            }
            guard violations != 0 else { return }
            for i in 0..<nodeCount {
                let link = nodes[2 * i + 1]
                let f = Int(link & 0xFF)
                if f == 0xFF { continue }
                let child = i + Int(link >> 8)
                if f >= featureCount || child <= i || child >= nodeCount - 1 || Int64(nodes[2 * i]) > limits[f] {
                    bad = i
                    return
                }
            }
        }
        if bad >= 0 { return "node \(bad) has a field, child or split out of bounds" }
        return nil
    }
}
