/// The structure checks that make prediction on a loaded file safe: every index a traversal
/// or a lookup can follow is in bounds, and children come after their parent, so every walk
/// from a root ends at a leaf whose values exist.
extension TreeModel {
    /// The first problem found, or `nil` when the file is sound. `nodes` false leaves out the
    /// per-node checks (for a file whose bytes were checked in full before, as the checksum).
    /// - Complexity: O(features + strings + trees + nodes), without the nodes when `nodes` is false.
    package func validate(version: UInt32, nodes: Bool = true) -> String? {
        guard counts.features > 0, counts.features <= ModelFileLayout.maximumFields else {
            return "it has \(counts.features) input fields"
        }
        guard labelString >= 0, counts.strings > labelString else { return "the label strings are missing" }
        if let problem = validateTask() { return problem }
        var previous: UInt32 = 0
        for end in stringEnds {
            guard end >= previous, Int(end) <= counts.stringBytes else { return "the string table is out of bounds" }
            previous = end
        }
        var totalBins = 0
        for f in 0..<counts.features {
            let bins = binCount(f)
            totalBins += bins
            let maximumBins =
                isCategorical(f) ? FeatureBinning.maximumBins : ModelFileLayout.maximumBins(version: version)
            guard bins >= 1, bins <= maximumBins else { return "field \(f) has \(bins) bins" }
            guard edgeRange(f).upperBound <= counts.edges, nameString(f) < counts.strings,
                categoryStrings(f).upperBound <= labelString
            else { return "field \(f) points outside the tables" }
            guard FeatureBinning.EdgeRule.known.isSuperset(of: edgeRule(f)),
                ModelFileLayout.version(for: [edgeRule(f)], binCounts: []) <= version
            else { return "field \(f) has an unknown edge rule" }
            if isCategorical(f) {
                guard bins <= categoryStrings(f).count + 1 else { return "field \(f) has more bins than categories" }
            } else {
                guard featureTable[f * 8] == 0, bins == edgeRange(f).count + 2 else {
                    return "field \(f) has an unknown kind or a wrong bin count"
                }
            }
        }
        guard counts.cover == 0 || counts.cover == counts.nodes else { return "the cover section has the wrong size" }
        guard counts.referenceCounts == 0 || counts.referenceCounts == totalBins else {
            return "the reference section has the wrong size"
        }
        for root in roots where Int(root) >= counts.nodes { return "a tree root is out of bounds" }
        return nodes ? validateNodes(version: version) : nil
    }

    /// The task, output function, classes, leaf width and base scores agree.
    private func validateTask() -> String? {
        let classes = counts.strings - labelString - 1
        let (expectedClasses, outputs): (ClosedRange<Int>, [TreeEnsemble.Output]) =
            switch task {
            case .binary: (2...2, [.mean, .logit])
            case .multiclass: (3...PredictionTask.maximumClasses, [.mean, .softmax])
            case .regression: (0...0, [.mean, .sum])
            }
        guard expectedClasses.contains(classes) else { return "a \(task.rawValue) model with \(classes) classes" }
        guard outputs.contains(output) else { return "a \(task.rawValue) model with output kind \(output.rawValue)" }
        let width = output == .mean && task == .multiclass ? classes : 1
        guard leafWidth == width else { return "leaves hold \(leafWidth) values, not \(width)" }
        let bases = output == .mean ? 0 : output == .softmax ? classes : 1
        guard counts.baseScores == bases else { return "it has \(counts.baseScores) base scores, not \(bases)" }
        guard output != .softmax || counts.trees % classes == 0 else {
            return "its \(counts.trees) trees are not a whole number of rounds of \(classes) classes"
        }
        return nil
    }

    /// Every split's field, children and threshold or bitset, and every leaf's values, are in bounds.
    private func validateNodes(version: UInt32) -> String? {
        // Per field byte (0…255, 255 a leaf), the largest split word a node may hold: a bin for
        // numeric fields (below the rank a missing value sent right compares as), the last
        // bitset word a categorical split can start at, the last index a leaf's values can start
        // at. Indexed by the byte, so the loop needs no bounds test.
        let largestThreshold: Int64 =
            version >= ModelFileLayout.wideBinsVersion ? Int64(FeatureBinning.maximumWideBins - 2) : 255
        var limits = [Int64](repeating: largestThreshold, count: 256)
        for f in 0..<counts.features where isCategorical(f) {
            limits[f] = Int64(counts.bitsetWords - (binCount(f) + 63) / 64)
        }
        limits[Int(ModelFileLayout.leafField)] = Int64(counts.leafValues - leafWidth)
        let nodeCount = counts.nodes
        let featureCount = counts.features
        let shift = ModelFileLayout.childShift
        // Branch-free: half the nodes are leaves, in no predictable order.
        @inline(__always) func bit(_ value: Bool) -> UInt8 { unsafeBitCast(value, to: UInt8.self) }
        var violations: UInt8 = 0
        var bad = -1
        limits.withUnsafeBufferPointer { limits in
            for i in 0..<nodeCount {
                let split = nodes[2 &* i]
                let link = nodes[2 &* i &+ 1]
                let f = Int(link & 0xFF)
                let child = i &+ Int(link >> shift)
                let wrong = bit(f >= featureCount) | bit(child <= i) | bit(child >= nodeCount &- 1)
                violations |= (wrong & bit(f != 0xFF)) | bit(Int64(split) > limits[f])
            }
            guard violations != 0 else { return }
            for i in 0..<nodeCount {
                let split = nodes[2 * i]
                let link = nodes[2 * i + 1]
                let f = Int(link & 0xFF)
                let child = i + Int(link >> shift)
                let wrongSplit = f != 0xFF && (f >= featureCount || child <= i || child >= nodeCount - 1)
                if wrongSplit || Int64(split) > limits[f] {
                    bad = i
                    return
                }
            }
        }
        if bad >= 0 { return "node \(bad) has a field, child, split or leaf value out of bounds" }
        return nil
    }
}
