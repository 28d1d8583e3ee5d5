import Testing

@testable import Models

/// Extra trees draw a node's cut uniformly over its range of values, as Geurts, Ernst and
/// Wehenkel's do and scikit-learn's: not uniformly among its bins, which is uniform over the
/// rows' ranks and rarely cuts a field's tail.
@Suite struct ExtraTreesCutTests {
    /// 30 rows each of 1, 2, 3 and 100: a cut drawn over [1, 100] falls between 3 and 100 in
    /// 97 draws of 99, so nearly every stump sends 1, 2 and 3 left (bin 3 and below); a cut
    /// drawn among the three gaps would do so in one stump of three.
    @Test(arguments: [PredictionTask.binary, .regression])
    func cutsAreUniformOverTheValues(_ task: PredictionTask) throws {
        let x = [1.0, 2, 3, 100].flatMap { [Double](repeating: $0, count: 30) }
        let data =
            task == .binary
            ? Fixtures.numeric([x], labels: x.map { $0 > 2 ? 1 : 0 })
            : Fixtures.regression([x], targets: x.map { $0 > 2 ? 10 : 0 })
        let stumps = try Fixtures.train(
            data, .extraTrees, ["max_depth": "1", "trees": "200", "min_samples_leaf": "1"])
        var cuts: [UInt32: Int] = [:]
        for root in stumps.roots.map(Int.init) where stumps.nodes.feature[root] >= 0 {
            cuts[stumps.nodes.split[root], default: 0] += 1
        }
        #expect(cuts.values.reduce(0, +) == 200, "every stump splits: \(cuts)")
        #expect(cuts[3, default: 0] >= 180, "cuts per threshold bin: \(cuts)")
        #expect(cuts[1, default: 0] + cuts[2, default: 0] > 0, "cuts per threshold bin: \(cuts)")
    }

    /// A numeric bin's midpoint is halfway between the lowest and highest training value in
    /// it: one value's own bin gives the value; a field of many values shares bins.
    @Test func binMidpointsAreHalfwayAcrossEachBin() {
        let few = [5.0, 1, 3, 1, .nan, 100]
        let many = (0..<1000).map { Double($0 * $0) }
        let data = Fixtures.numeric(
            [few + [Double](repeating: 3, count: 994), many], labels: [UInt8](repeating: 0, count: 1000))
        let matrix = BinnedDataset(data).matrix
        #expect(matrix.binMidpoints[0] == [0, 1, 3, 5, 100])
        let midpoints = matrix.binMidpoints[1]
        #expect(midpoints.count == matrix.binCounts[1])
        for bin in 1..<midpoints.count {
            let inBin = many.indices.filter { Int(matrix.bins[1000 + $0]) == bin }.map { many[$0] }
            #expect(midpoints[bin] == (inBin.min()! + inBin.max()!) / 2, "bin \(bin)")
        }
    }
}
