/// How each input field becomes a small integer bin, fitted on training data and stored in
/// every model file so prediction bins exactly as training did.
///
/// Bin 0 always means "missing": an empty or `?` cell, a missing field, a category the schema
/// does not list, or a numeric value that is not finite. Numeric values take bins 1…k+1 for
/// k upper bin edges (`value <= edges[i]` → bin `i + 1`); categories take bins 1…c in schema
/// order. At most 255 bins per field: categories past the 254th are binned as missing.
struct FeatureBinning: Sendable, Equatable {
    /// The largest number of bins a field may have (bins are stored as bytes).
    static let maximumBins = 255

    enum Kind: UInt32, Sendable {
        case numeric = 0
        case categorical = 1
    }

    var kinds: [Kind]
    /// Per field: the upper bin edges of a numeric field, empty for a categorical one.
    var edges: [[Double]]
    /// Per field: how many bins it uses, missing included.
    var binCounts: [Int]

    init(kinds: [Kind], edges: [[Double]], binCounts: [Int]) {
        self.kinds = kinds
        self.edges = edges
        self.binCounts = binCounts
    }

    /// Fits bin edges on `data`: midpoints between distinct values when a field has at most
    /// 254 of them, else about 254 quantiles.
    /// - Complexity: O(fields × rows × log rows).
    init(fittedOn data: Dataset) {
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

    static func numericEdges(_ column: [Double]) -> [Double] {
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

    /// The bin of a numeric value for field `f`.
    /// - Complexity: O(log edges).
    @inline(__always)
    static func bin(of value: Double, edges: UnsafeBufferPointer<Double>) -> UInt8 {
        guard value.isFinite else { return 0 }
        var low = 0
        var high = edges.count
        while low < high {
            let mid = (low + high) >> 1
            if edges[mid] < value { low = mid + 1 } else { high = mid }
        }
        return UInt8(truncatingIfNeeded: low + 1)
    }

    /// The bin of a category code (`-1` missing).
    @inline(__always)
    static func bin(ofCode code: Int32, binCount: Int) -> UInt8 {
        code >= 0 && Int(code) + 1 < binCount ? UInt8(truncatingIfNeeded: code + 1) : 0
    }

    /// Bins every cell of `data`, column-major.
    /// - Complexity: O(rows × fields × log edges).
    func bin(_ data: Dataset) -> BinnedMatrix {
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
struct BinnedMatrix: Sendable {
    let rowCount: Int
    let bins: [UInt8]
    let binCounts: [Int]
    let isCategorical: [Bool]

    var featureCount: Int { binCounts.count }
}
