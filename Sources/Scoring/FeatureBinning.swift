/// How each input field becomes a small integer bin, fitted on training data (see
/// `FeatureBinning+Fitting` in Models) and stored in every model file so prediction bins exactly as training did.
///
/// Bin 0 always means "missing": an empty or `?` cell, a missing field, a category the schema
/// does not list, or a numeric value that is not finite. Numeric values take bins 1…k+1 for
/// k upper bin edges (`value <= edges[i]` → bin `i + 1`); categories take bins 1…c in the order
/// the model file lists them. Training makes at most 255 bins per field (a row's bins are bytes
/// while it trains), so a field keeps at most `maximumCategories` categories: the file lists
/// those first and any others after them, which are binned as missing (training keeps the most
/// frequent: `FeatureBinning.keptCategories` in Models); an imported numeric field may have up
/// to `maximumWideBins`, which prediction's 16-bit row bins hold.
package struct FeatureBinning: Sendable, Equatable {
    /// The largest number of bins a trained field, or any categorical field, may have (one byte).
    package static let maximumBins = 255
    /// The most categories a model keeps of one field (bin 0 is missing): 254.
    package static let maximumCategories = maximumBins - 1
    /// The largest number of bins an imported numeric field may have: missing and the 65,536
    /// intervals of 65,535 edges, so that every bin fits a `UInt16` (format 5).
    package static let maximumWideBins = 65_537

    package enum Kind: UInt32, Sendable {
        case numeric = 0
        case categorical = 1
    }

    /// How a numeric value meets its field's edges. Native models compare `value <= edge` in
    /// double precision; an imported model keeps its source's rule (XGBoost compares
    /// `value < threshold` in float32, LightGBM `value <= threshold` in double, and treats zero
    /// as missing in a field whose missing type is `Zero`).
    package struct EdgeRule: OptionSet, Sendable, Equatable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }
        /// `value < edge` rather than `value <= edge` keeps a value at or below the edge's bin.
        package static let strict = EdgeRule(rawValue: 1)
        /// The value is rounded to `Float` before it is compared.
        package static let float32 = EdgeRule(rawValue: 2)
        /// A value within ±1e-35 (LightGBM's `kZeroThreshold`, a float) is missing: bin 0.
        /// Only files of format 4 on use it (`ModelFileLayout.version(for:binCounts:)`).
        package static let zeroIsMissing = EdgeRule(rawValue: 4)
        package static let known: EdgeRule = [.strict, .float32, .zeroIsMissing]
        /// LightGBM's `kZeroThreshold` (1e-35f) as the double it is compared in.
        package static let zeroThreshold = Double(Float(1e-35))
    }

    package var kinds: [Kind]
    /// Per field: the upper bin edges of a numeric field, empty for a categorical one.
    package var edges: [[Double]]
    /// Per field: how many bins it uses, missing included.
    package var binCounts: [Int]
    /// Per field: how its values meet its edges (empty rule for categorical fields).
    package var rules: [EdgeRule]

    package init(kinds: [Kind], edges: [[Double]], binCounts: [Int], rules: [EdgeRule]? = nil) {
        self.kinds = kinds
        self.edges = edges
        self.binCounts = binCounts
        self.rules = rules ?? kinds.map { _ in [] }
    }

    /// The bin of a numeric value for a field with `edges` compared by `rule`: 1 + the
    /// number of edges below the value (`<=` rule) or at or below it (`strict`).
    /// - Complexity: O(log edges).
    @inline(__always)
    package static func bin(of value: Double, edges: UnsafeBufferPointer<Double>, rule: EdgeRule = []) -> UInt16 {
        guard value.isFinite else { return 0 }
        if rule.contains(.zeroIsMissing), value >= -EdgeRule.zeroThreshold, value <= EdgeRule.zeroThreshold { return 0 }
        let x = rule.contains(.float32) ? Double(Float(value)) : value
        let strict = rule.contains(.strict)
        var low = 0
        var high = edges.count
        while low < high {
            let mid = (low + high) >> 1
            if edges[mid] < x || (strict && edges[mid] == x) { low = mid + 1 } else { high = mid }
        }
        return UInt16(truncatingIfNeeded: low + 1)
    }
}
