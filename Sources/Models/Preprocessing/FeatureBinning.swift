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

    /// How a numeric value meets its field's edges. Native models compare `value <= edge` in
    /// double precision; an imported model keeps its source's rule (XGBoost compares
    /// `value < threshold` in float32, LightGBM `value <= threshold` in double).
    struct EdgeRule: OptionSet, Sendable, Equatable {
        let rawValue: UInt32
        /// `value < edge` rather than `value <= edge` keeps a value at or below the edge's bin.
        static let strict = EdgeRule(rawValue: 1)
        /// The value is rounded to `Float` before it is compared.
        static let float32 = EdgeRule(rawValue: 2)
        static let known: EdgeRule = [.strict, .float32]
    }

    var kinds: [Kind]
    /// Per field: the upper bin edges of a numeric field, empty for a categorical one.
    var edges: [[Double]]
    /// Per field: how many bins it uses, missing included.
    var binCounts: [Int]
    /// Per field: how its values meet its edges (empty rule for categorical fields).
    var rules: [EdgeRule]

    init(kinds: [Kind], edges: [[Double]], binCounts: [Int], rules: [EdgeRule]? = nil) {
        self.kinds = kinds
        self.edges = edges
        self.binCounts = binCounts
        self.rules = rules ?? kinds.map { _ in [] }
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

    /// The bin of a numeric value for a field with `edges` compared by `rule`: 1 + the
    /// number of edges below the value (`<=` rule) or at or below it (`strict`).
    /// - Complexity: O(log edges).
    @inline(__always)
    static func bin(of value: Double, edges: UnsafeBufferPointer<Double>, rule: EdgeRule = []) -> UInt8 {
        guard value.isFinite else { return 0 }
        let x = rule.contains(.float32) ? Double(Float(value)) : value
        let strict = rule.contains(.strict)
        var low = 0
        var high = edges.count
        while low < high {
            let mid = (low + high) >> 1
            if edges[mid] < x || (strict && edges[mid] == x) { low = mid + 1 } else { high = mid }
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

extension BinnedMatrix {
    /// Per field: how many rows fall in each bin (bin 0 is missing), the reference
    /// distribution a model file keeps for drift checks.
    /// - Complexity: O(rows × fields).
    func countsPerBin() -> [[UInt64]] {
        binCounts.indices.map { f in
            var counts = [UInt64](repeating: 0, count: binCounts[f])
            let column = f * rowCount
            for r in 0..<rowCount { counts[Int(bins[column + r])] += 1 }
            return counts
        }
    }
}
