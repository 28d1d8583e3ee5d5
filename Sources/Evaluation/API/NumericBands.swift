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

    /// Where a band label (`<25`, `25-34`, `65+`, as `init` writes them) starts, so bands sort
    /// by number and not as text (`<25` before `25-34`, `9-10` before `10-19`); −∞ for the
    /// lowest band, nil for text that is not a band label (`missing`).
    public static func lowerEdge(of label: String) -> Double? {
        if label.hasPrefix("<") { return Double(label.dropFirst()).map { _ in -.infinity } }
        if label.hasSuffix("+") { return Double(label.dropLast()) }
        let characters = Array(label)
        for i in characters.indices.dropFirst() where characters[i] == "-" && characters[i - 1].isNumber {
            if let low = Double(String(characters[..<i])), Double(String(characters[(i + 1)...])) != nil {
                return low
            }
        }
        return nil
    }

    /// Whether `x` comes before `y` by their bands: by where they start when both are band
    /// labels, a band before other text; nil when neither is a band (or both start at the same
    /// place), for the caller's own order to decide.
    public static func precedes(_ x: String, _ y: String) -> Bool? {
        switch (lowerEdge(of: x), lowerEdge(of: y)) {
        case (let a?, let b?) where a != b: return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: return nil
        }
    }

    /// `groups` (a breakdown's, given by their values field by field) with band values in
    /// numeric order and every other value where it first appears; stable. A report written
    /// before bands were ordered by number lists `<25` after `65+`; its pages show them in order.
    /// - Complexity: O(n log n) for n groups.
    public static func inBandOrder<Group>(_ groups: [Group], values: (Group) -> [String]) -> [Group] {
        // Each value's band edge and first place are found once, not in every comparison: a
        // model card sorts a dozen breakdowns, and reading a label's edge parses it.
        var firstSeen: [[String: Int]] = []
        var edges: [String: Double?] = [:]
        let fields = groups.map { group in
            let fields = values(group)
            for (field, value) in fields.enumerated() {
                if firstSeen.count <= field { firstSeen.append([:]) }
                if firstSeen[field][value] == nil { firstSeen[field][value] = firstSeen[field].count }
                if edges[value] == nil { edges[value] = .some(lowerEdge(of: value)) }
            }
            return fields
        }
        let keys = fields.map { fields in
            fields.enumerated().map { field, value in
                BandSortKey(value: value, edge: edges[value] ?? nil, seen: firstSeen[field][value] ?? 0)
            }
        }
        // As `precedes`, then the first place of the value.
        func before(_ a: [BandSortKey], _ b: [BandSortKey]) -> Bool? {
            for (x, y) in zip(a, b) where x.value != y.value {
                switch (x.edge, y.edge) {
                case (let p?, let q?) where p != q: return p < q
                case (.some, nil): return true
                case (nil, .some): return false
                default: return x.seen < y.seen
                }
            }
            return nil
        }
        return groups.indices.sorted { a, b in before(keys[a], keys[b]) ?? (a < b) }.map { groups[$0] }
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

/// One value of a group being put in band order: its band's lower edge (nil for text that is
/// no band label) and where the value first appears among the groups.
private struct BandSortKey {
    var value: String
    var edge: Double?
    var seen: Int
}
