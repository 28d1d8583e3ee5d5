/// The structure checks that make prediction on a loaded file safe: every index a traversal
/// or a lookup can follow is in bounds, and children come after their parent, so every walk
/// from a root ends at a leaf.
extension TreeModel {
    /// The first problem found, or `nil` when the file is sound.
    /// - Complexity: O(features + strings + trees + nodes).
    func validate() -> String? {
        guard counts.features > 0, counts.features <= Int(Int16.max) else { return "it has no input fields" }
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
        var limits = [Int64](repeating: 255, count: counts.features)
        for f in 0..<counts.features where isCategorical(f) {
            limits[f] = Int64(counts.bitsetWords - (binCount(f) + 63) / 64)
        }
        let nodeCount = Int64(counts.nodes)
        let featureCount = Int64(counts.features)
        // Branch-free: half the nodes are leaves, in no predictable order.
        var violations: UInt8 = 0
        var bad = -1
        limits.withUnsafeBufferPointer { limits in
            for i in 0..<counts.nodes {
                let raw = Int64(Int32(bitPattern: nodes[3 &* i]))
                let isSplit: UInt8 = raw >= 0 ? 1 : 0
                let f = raw >= 0 && raw < featureCount ? Int(raw) : 0
                let child = Int64(nodes[3 &* i &+ 2])
                var wrong: UInt8 = raw >= featureCount ? 1 : 0
                wrong |= child <= Int64(i) ? 1 : 0
                wrong |= child >= nodeCount &- 1 ? 1 : 0
                wrong |= Int64(nodes[3 &* i &+ 1]) > limits[f] ? 1 : 0
                violations |= wrong & isSplit
            }
            guard violations != 0 else { return }
            for i in 0..<counts.nodes {
                let raw = Int64(Int32(bitPattern: nodes[3 * i]))
                if raw < 0 { continue }
                let child = Int64(nodes[3 * i + 2])
                if raw >= featureCount || child <= Int64(i) || child >= nodeCount - 1
                    || Int64(nodes[3 * i + 1]) > limits[Int(raw)]
                {
                    bad = i
                    return
                }
            }
        }
        if bad >= 0 { return "node \(bad) has a field, child or split out of bounds" }
        return nil
    }
}
