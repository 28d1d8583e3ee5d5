/// Bands of a numeric field (age → `25-34`), so it can be sliced like a categorical one.
public struct NumericBands: Sendable, Equatable {
    /// Ascending cut points: a value `v` is in the band `[edges[i-1], edges[i])`.
    public let edges: [Double]
    /// One label per band, `edges.count + 1` of them, in ascending order: `<25`, `25-34`, …, `65+`
    /// (for whole-number edges the upper end is shown inclusive, as ages are written).
    public let labels: [String]

    /// - Throws: `EvaluationError` unless the edges are finite and strictly ascending.
    public init(edges: [Double]) throws {
        guard !edges.isEmpty, edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            throw EvaluationError(.badParameter(name: "band edges", message: "must be finite and strictly ascending"))
        }
        self.edges = edges
        let whole = edges.allSatisfy { $0 == $0.rounded() }
        func text(_ value: Double) -> String {
            whole ? String(Int(value)) : String(value)
        }
        var labels = ["<" + text(edges[0])]
        for (low, high) in zip(edges, edges.dropFirst()) {
            labels.append(text(low) + "-" + (whole ? text(high - 1) : text(high)))
        }
        labels.append(text(edges[edges.count - 1]) + "+")
        self.labels = labels
    }

    /// The band label of each value (NaN goes to the `missing` label).
    /// - Complexity: O(n · log bands).
    public func label(_ values: [Double], missing: String = "missing") -> [String] {
        values.map { value in
            guard !value.isNaN else { return missing }
            var low = 0, high = edges.count
            while low < high {
                let mid = (low + high) / 2
                if edges[mid] <= value { low = mid + 1 } else { high = mid }
            }
            return labels[low]
        }
    }
}
