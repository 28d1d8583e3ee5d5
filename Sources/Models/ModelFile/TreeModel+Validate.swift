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
        let nodeCount = UInt32(counts.nodes)
        for i in 0..<counts.nodes {
            let f = Int(feature[i])
            guard f >= 0 else { continue }
            guard f < counts.features else { return "node \(i) splits on field \(f), which does not exist" }
            let child = left[i]
            guard child > UInt32(i), child < nodeCount - 1 else { return "node \(i) has children out of order" }
            if isCategorical(f) {
                guard Int(split[i]) + (binCount(f) + 63) / 64 <= counts.bitsetWords else {
                    return "node \(i) points outside the category bitsets"
                }
            } else if split[i] > 255 {
                return "node \(i) has threshold \(split[i])"
            }
        }
        return nil
    }
}
