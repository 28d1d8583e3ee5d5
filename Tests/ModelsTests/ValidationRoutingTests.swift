import Testing

@testable import Models

/// Boosting's early stopping measures the held-out rows' loss tree by tree on the binned matrix
/// (`TreeNodes.leafValue(matrix:row:)`); a held-out row must reach the leaf the model itself
/// would send it to, a missing value (bin 0) included.
@Suite struct ValidationRoutingTests {
    /// Rows in bins 0 (missing), 1 and 3 of one numeric feature.
    let matrix = BinnedMatrix(rowCount: 3, bins: [0, 1, 3], binCounts: [4], isCategorical: [false])

    @Test(arguments: [false, true])
    func heldOutRowsFollowTheLearnedMissingDirection(_ missingRight: Bool) {
        let tree = TreeNodes.stump(split: 1, low: -1, high: 2, missingRight: missingRight)
        #expect(tree.leafValue(matrix: matrix, row: 0) == (missingRight ? 2 : -1))
        #expect(tree.leafValue(matrix: matrix, row: 1) == -1)
        #expect(tree.leafValue(matrix: matrix, row: 2) == 2)
    }
}
