extension TreeEnsemble {
    /// Concatenates separately grown trees in the order given, each tree's arrays released as
    /// soon as it is copied (a million rows' forest is tens of megabytes twice over otherwise)
    /// into arrays of exactly the size needed.
    package static func joining(
        _ trees: consuming [TreeNodes], matrix: BinnedMatrix, schema: Schema, binning: FeatureBinning,
        output: Output, baseScores: [Double], leafWidth: Int = 1, importances: [Double]
    ) -> TreeEnsemble {
        var trees = trees
        var nodes = TreeNodes()
        nodes.reserveCapacity(
            nodes: trees.reduce(0) { $0 + $1.count }, bitsetWords: trees.reduce(0) { $0 + $1.bitsets.count },
            leafValues: trees.reduce(0) { $0 + $1.leafValues.count })
        var roots: [UInt32] = []
        roots.reserveCapacity(trees.count)
        for t in trees.indices {
            roots.append(nodes.append(trees[t], isCategorical: matrix.isCategorical))
            trees[t] = TreeNodes()
        }
        return TreeEnsemble(
            schema: schema, binning: binning, output: output, baseScores: baseScores, roots: roots, nodes: nodes,
            leafWidth: leafWidth, importances: importances, referenceCounts: matrix.countsPerBin())
    }
}
