/// Exact path-dependent TreeSHAP: each field's Shapley value for one row's raw score, the
/// expectations over the training data as the trees' per-node cover records it.
///
/// The algorithm is Algorithm 2 of Lundberg, Erion and Lee, "Consistent Individualized Feature
/// Attribution for Tree Ensembles" (2018): one walk of every tree per row that keeps, along the
/// path, the share of the subsets of fields each path element stands for, so that a leaf adds
/// its value to every field on its path at once. A split the row's field decides sends the row
/// to one child; a field not known sends it to both, each by its share of the node's cover
/// (training rows for native forests with their bootstrap weight, LightGBM's `internal_count`,
/// the hessian sum of native boosting and XGBoost's `cover`). It works on the bins prediction
/// walks, so a missing value goes a split's default way, as in prediction.
///
/// Raw scores are those of `TreeEnsemble.Output` before its output function: for `logit` the
/// log-odds of the positive class (LightGBM's and XGBoost's margin), for `softmax` one per class,
/// for `sum` the value; for forests (`mean`) the mean of the leaves: the positive-class
/// probability, one probability per class, or the value. Outputs are one (binary, regression)
/// or one per class in the schema's order (multiclass).
///
/// A model file without cover (format 2, an ONNX import) is explained with a cover counted
/// again from its training rows (`init(_:cover:name:)`; `TreeModel.recountedCover(_:)` in
/// Models counts it).
///
/// Safe to share between threads (it is immutable; a cover given is copied once and owned).
public final class TreeExplainer: @unchecked Sendable {
    /// The model explained.
    public let model: TreeModel
    /// The fields in the model's order, the order of `Explanation.contributions`' inner arrays.
    public let fieldNames: [String]
    /// Per output, the expected raw score (φ₀), the same for every row.
    public let expectedValues: [Double]
    /// The most splits on any root-to-leaf path.
    private let depth: Int
    /// Per node, the cover the walk shares rows by: the model file's, or `ownedCover`.
    let cover: UnsafeBufferPointer<Double>
    /// A cover given at initialisation, freed with the explainer.
    private let ownedCover: UnsafeMutableBufferPointer<Double>?

    /// Reads the model's cover and computes its expected values.
    /// - Parameters:
    ///   - model: a model file with per-node cover.
    ///   - name: how errors name the model (a path or a version).
    /// - Throws: `ExplanationError` when the file records no cover (`.noCover`: a format-2 file
    ///   or an ONNX import) or a split's cover is not positive (`.unusableCover`).
    /// - Complexity: O(nodes).
    public convenience init(_ model: TreeModel, name: String = "the model") throws {
        try self.init(model, cover: nil, name: name)
    }

    /// Explains `model` with the per-node `cover` given (nil: the model file's), for a file
    /// that records none: the training rows that reach each node, counted again from the data
    /// the model was trained on (`TreeModel.recountedCover(_:)`).
    /// - Parameters:
    ///   - cover: one value per node, in the model file's node order; it wins over the file's.
    /// - Throws: `ExplanationError`: `.noCover` when `cover` is nil and the file records none,
    ///   `.wrongCoverCount` when `cover` does not have one value per node, `.unusableCover`
    ///   when a split's cover is not positive (a split no training row reached).
    /// - Complexity: O(nodes).
    public init(_ model: TreeModel, cover given: [Double]?, name: String = "the model") throws {
        if let given {
            guard given.count == model.counts.nodes else {
                throw ExplanationError(
                    model: name, reason: .wrongCoverCount(expected: model.counts.nodes, actual: given.count))
            }
            let owned = UnsafeMutableBufferPointer<Double>.allocate(capacity: given.count)
            _ = owned.initialize(from: given)
            ownedCover = owned
            cover = UnsafeBufferPointer(owned)
        } else {
            guard model.counts.nodes == 0 || model.cover.count == model.counts.nodes else {
                throw ExplanationError(model: name, reason: .noCover)
            }
            ownedCover = nil
            cover = model.cover
        }
        self.model = model
        fieldNames = model.fieldNames
        // Children come after their parent, so one pass from the last node up finds every
        // node's expected leaf values (each child weighed by its share of the node's cover) and
        // the most splits below it.
        let width = model.leafWidth
        var below = [Double](repeating: 0, count: model.counts.nodes * width)
        var depths = [Int32](repeating: 0, count: model.counts.nodes)
        for node in stride(from: model.counts.nodes - 1, through: 0, by: -1) {
            let split = model.nodes[node * 2]
            let link = model.nodes[node * 2 + 1]
            if link & 0xFF == ModelFileLayout.leafField {
                for c in 0..<width { below[node * width + c] = model.leafValues[Int(split) + c] }
                continue
            }
            let total = cover[node]
            guard total > 0, total.isFinite else {
                ownedCover?.deallocate()
                throw ExplanationError(model: name, reason: .unusableCover(node: node, value: total))
            }
            let left = node + Int(link >> ModelFileLayout.childShift)
            let leftShare = cover[left] / total
            let rightShare = cover[left + 1] / total
            for c in 0..<width {
                below[node * width + c] =
                    leftShare * below[left * width + c] + rightShare * below[(left + 1) * width + c]
            }
            depths[node] = 1 + max(depths[left], depths[left + 1])
        }
        var expected = [Double](repeating: 0, count: model.outputWidth)
        var deepest: Int32 = 0
        for (t, root) in model.roots.enumerated() {
            let first = model.output == .softmax ? t % model.outputWidth : 0
            for c in 0..<width { expected[first + c] += below[Int(root) * width + c] }
            deepest = max(deepest, depths[Int(root)])
        }
        for o in expected.indices {
            switch model.output {
            case .mean: expected[o] = model.roots.isEmpty ? 0 : expected[o] / Double(model.roots.count)
            case .logit, .sum, .softmax: expected[o] += model.baseScores[o]
            }
        }
        expectedValues = expected
        depth = Int(deepest)
    }

    deinit { ownedCover?.deallocate() }

    /// What a raw score, and so an expected value and a contribution, is measured in; the raw
    /// values are the names predict.cgi's answers, batch jobs, `modelpress explain` and the
    /// evaluation report give them.
    public enum Units: String, Sendable {
        /// Binary boosting: the log-odds of the positive class (the probability is
        /// 1 / (1 + e^−score)).
        case logOdds = "log_odds"
        /// Multiclass boosting: each class's score before the softmax (the probabilities are
        /// e^score over the sum of every class's e^score).
        case softmaxScore = "softmax_score"
        /// Forests of a classification task: the positive class's probability (binary) or each
        /// class's (multiclass).
        case probability
        /// Regression: the label's own units (the raw score is the prediction).
        case value

        /// The units in words, for text and pages (`log-odds`, `score before the softmax`).
        public var words: String {
            switch self {
            case .logOdds: "log-odds"
            case .softmaxScore: "score before the softmax"
            case .probability: "probability"
            case .value: "value"
            }
        }
    }

    /// What this model's raw scores are measured in.
    public var units: Units { Self.units(of: model) }

    /// What `model`'s raw scores are measured in, known without an explainer (without its cover).
    public static func units(of model: TreeModel) -> Units {
        if model.task == .regression { return .value }
        switch model.output {
        case .mean: return .probability
        case .logit: return .logOdds
        case .softmax: return .softmaxScore
        case .sum: return .value
        }
    }

    /// Whether the cover was given rather than read from the model file.
    public var coverWasGiven: Bool { ownedCover != nil }

    /// The contributions of one row given as text keyed by field name (a form or JSON body),
    /// read as `TreeModel.predict(_:)` reads it.
    /// - Throws: `PredictionInputError` when a numeric field's text is not a number.
    /// - Complexity: O(nodes × depth²) per row: every node of every tree is visited.
    public func explain(_ row: [String: String]) throws -> Explanation {
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: fieldNames.count) { bins in
            try model.bin(row, into: bins)
            return explanation(bins: UnsafeBufferPointer(bins))
        }
    }

    /// The contributions of one row given as typed values keyed by field name.
    /// - Throws: `PredictionInputError.wrongKind` for a number given to a categorical field or
    ///   a category given to a numeric one.
    /// - Complexity: O(nodes × depth²).
    public func explain(values: [String: FieldValue]) throws -> Explanation {
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: fieldNames.count) { bins in
            try model.bin(values: values, into: bins)
            return explanation(bins: UnsafeBufferPointer(bins))
        }
    }

    /// The explanation of one row of bins (16 bits per field, model order).
    /// - Complexity: O(nodes × depth²).
    package func explanation(bins: UnsafeBufferPointer<UInt16>) -> Explanation {
        let fields = fieldNames.count
        let outputs = model.outputWidth
        var phi = [Double](repeating: 0, count: outputs * fields)
        var raw = [Double](repeating: 0, count: outputs)
        phi.withUnsafeMutableBufferPointer { phi in
            guard let base = phi.baseAddress else { return }
            contributions(bins: bins, into: base)
        }
        raw.withUnsafeMutableBufferPointer { raw in
            guard let base = raw.baseAddress else { return }
            model.rawScores(bins: bins, into: base)
        }
        return Explanation(
            expectedValues: expectedValues,
            contributions: (0..<outputs).map { Array(phi[($0 * fields)..<(($0 + 1) * fields)]) }, rawScores: raw)
    }

    /// Adds one row's contributions to `phi`, output-major (output `o`'s field `f` at
    /// `o × fields + f`), which must hold zeros or earlier totals.
    /// - Complexity: O(nodes × depth²); one allocation of (depth + 2)(depth + 3) / 2 path elements.
    package func contributions(bins: UnsafeBufferPointer<UInt16>, into phi: UnsafeMutablePointer<Double>) {
        let capacity = (depth + 2) * (depth + 3) / 2
        withUnsafeTemporaryAllocation(of: PathElement.self, capacity: capacity) { storage in
            guard let start = storage.baseAddress else { return }
            for (t, root) in model.roots.enumerated() {
                let softmax = model.output == .softmax
                let walk = PathWalk(
                    model: model, cover: cover, bins: bins, phi: phi, fields: fieldNames.count,
                    firstOutput: softmax ? t % model.outputWidth : 0, width: model.leafWidth)
                walk.recurse(node: Int(root), depth: 0, parent: start, zero: 1, one: 1, field: -1)
            }
        }
        if model.output == .mean, !model.roots.isEmpty {
            let scale = 1 / Double(model.roots.count)
            for i in 0..<(model.outputWidth * fieldNames.count) { phi[i] *= scale }
        }
    }
}

/// One element of the path a TreeSHAP walk keeps: a field on the path, the share of the
/// training rows (cover) that follow the path through its splits (`zero`: the field unknown),
/// whether the row itself does (`one`: 1 or 0), and the weight of the subsets of the path's
/// other fields of its size.
struct PathElement {
    var field: Int
    var zero: Double
    var one: Double
    var weight: Double
}
