extension TreeEnsemble {
    /// Concatenates separately grown trees in the order given.
    package static func joining(
        _ trees: [TreeNodes], matrix: BinnedMatrix, schema: Schema, binning: FeatureBinning, output: Output,
        baseScores: [Double], leafWidth: Int = 1, importances: [Double]
    ) -> TreeEnsemble {
        var nodes = TreeNodes()
        let roots = trees.map { nodes.append($0, isCategorical: matrix.isCategorical) }
        return TreeEnsemble(
            schema: schema, binning: binning, output: output, baseScores: baseScores, roots: roots, nodes: nodes,
            leafWidth: leafWidth, importances: importances, referenceCounts: matrix.countsPerBin())
    }
}
