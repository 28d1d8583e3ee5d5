/// Fitting a binning on training data and binning a whole data set: training's side of
/// `FeatureBinning` (prediction's side is in Scoring).
extension FeatureBinning {
    /// Fits bin edges on `data`: midpoints between distinct values when a field has at most
    /// 254 of them, else about 254 quantiles.
    /// - Complexity: O(fields × rows × log rows).
    package init(fittedOn data: Dataset) {
        var kinds: [Kind] = []
        var edges: [[Double]] = []
        var binCounts: [Int] = []
        for (f, field) in data.schema.fields.enumerated() {
            switch field.kind {
            case .numeric:
                let fieldEdges = Self.numericEdges(data.numbers[f])
                kinds.append(.numeric)
                edges.append(fieldEdges)
                binCounts.append(fieldEdges.count + 2)
            case .categorical:
                kinds.append(.categorical)
                edges.append([])
                binCounts.append(min(field.categories.count + 1, Self.maximumBins))
            }
        }
        self.init(kinds: kinds, edges: edges, binCounts: binCounts)
    }

    package static func numericEdges(_ column: [Double]) -> [Double] {
        let values = column.filter { $0.isFinite }.sorted()
        guard !values.isEmpty else { return [] }
        var distinct: [Double] = [values[0]]
        for value in values.dropFirst() where value != distinct[distinct.count - 1] { distinct.append(value) }
        let valueBins = maximumBins - 1
        if distinct.count <= valueBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
        }
        var edges: [Double] = []
        for k in 1..<valueBins {
            let value = values[k * values.count / valueBins]
            if value < values[values.count - 1], edges.last.map({ value > $0 }) ?? true { edges.append(value) }
        }
        return edges
    }

    /// Bins every cell of `data`, column-major.
    /// - Complexity: O(rows × fields × log edges).
    package func bin(_ data: Dataset) -> BinnedMatrix {
        let n = data.rowCount
        var bins = [UInt8](repeating: 0, count: n * kinds.count)
        for f in kinds.indices {
            let base = f * n
            switch kinds[f] {
            case .numeric:
                edges[f].withUnsafeBufferPointer { edgeBuffer in
                    for r in 0..<n { bins[base + r] = Self.bin(of: data.numbers[f][r], edges: edgeBuffer) }
                }
            case .categorical:
                let codes = data.codes[f]
                for r in 0..<n { bins[base + r] = Self.bin(ofCode: codes[r], binCount: binCounts[f]) }
            }
        }
        return BinnedMatrix(
            rowCount: n, bins: bins, binCounts: binCounts, isCategorical: kinds.map { $0 == .categorical })
    }
}

/// Binned training data: one byte per cell, column-major (field `f`'s column starts at `f × rowCount`).
package struct BinnedMatrix: Sendable {
    package let rowCount: Int
    package let bins: [UInt8]
    package let binCounts: [Int]
    package let isCategorical: [Bool]

    package var featureCount: Int { binCounts.count }
}

extension BinnedMatrix {
    /// Per field: how many rows fall in each bin (bin 0 is missing), the reference
    /// distribution a model file keeps for drift checks.
    /// - Complexity: O(rows × fields).
    package func countsPerBin() -> [[UInt64]] {
        binCounts.indices.map { f in
            var counts = [UInt64](repeating: 0, count: binCounts[f])
            let column = f * rowCount
            for r in 0..<rowCount { counts[Int(bins[column + r])] += 1 }
            return counts
        }
    }
}
