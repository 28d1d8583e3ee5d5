import Basics
import Models

/// How a drift check counts one field's values into bins, the same for a version's training rows
/// (reference.json) and for the requests it serves, so that both sides' counts line up. Bin 0
/// is missing. A numeric input field takes its model's bins (a value goes where the trees send
/// it); the prediction's numeric bins are upper edges of its own (`value <= edge`); a
/// categorical field's bin `i + 1` is its `i`-th category, and a category the reference does
/// not list has no bin (an unseen category, counted apart).
public struct ReferenceBins: Sendable {
    enum Rule: Sendable {
        case model(TreeModel, feature: Int)
        case edges([Double])
        case categories([String: Int])
    }

    let rule: Rule
    /// Bins, missing included.
    public let count: Int

    private init(rule: Rule, count: Int) {
        self.rule = rule
        self.count = count
    }

    /// The bins of an input field: the model's for a numeric field (two, missing and present,
    /// when the model does not use the field), the distribution's categories for a categorical one.
    public init(_ distribution: ReferenceDistribution.Distribution, model: TreeModel) {
        if distribution.kind == .categorical {
            self.init(categories: distribution.categories ?? [])
        } else if let edges = distribution.edges {
            self.init(edges: edges)
        } else if let feature = model.fieldNames.firstIndex(of: distribution.name) {
            self.init(rule: .model(model, feature: feature), count: model.binCount(feature))
        } else {
            self.init(edges: [])
        }
    }

    /// Numeric bins by upper edges: bin `i + 1` holds the values above `edges[i - 1]` and at or
    /// below `edges[i]`, the last bin those above every edge.
    public init(edges: [Double]) {
        self.init(rule: .edges(edges), count: edges.count + 2)
    }

    /// Categorical bins, `categories[i]` in bin `i + 1`.
    public init(categories: [String]) {
        var lookup: [String: Int] = [:]
        for (i, name) in categories.enumerated() where lookup[name] == nil { lookup[name] = i + 1 }
        self.init(rule: .categories(lookup), count: categories.count + 1)
    }

    /// The bin of a number; 0 for a missing (not finite) one. A categorical field's number is
    /// looked up as the text it spells.
    public func bin(_ value: Double) -> Int? {
        guard value.isFinite else { return 0 }
        switch rule {
        case .model(let model, let feature):
            return Int(model.numericBin(value, feature: feature))
        case .edges(let edges):
            var low = 0, high = edges.count
            while low < high {
                let middle = (low + high) / 2
                if edges[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low + 1
        case .categories:
            return bin(category: Self.category(spelledBy: value))
        }
    }

    /// The bin of a category; 0 for nil (missing), nil for a category the reference does not
    /// list (unseen). A numeric field's category is read as a number (nil when it is not one).
    public func bin(category: String?) -> Int? {
        guard let category else { return 0 }
        switch rule {
        case .categories(let lookup):
            return lookup[category]
        case .model, .edges:
            return Double(category).flatMap { bin($0) }
        }
    }

    /// The category a number stands for, as serving reads a JSON number: `3` for 3.0.
    static func category(spelledBy number: Double) -> String {
        numberText(number)
    }
}
