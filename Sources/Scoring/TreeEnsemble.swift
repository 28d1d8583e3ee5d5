/// A trained tree ensemble in memory: what the trainers return and the model file stores.
public struct TreeEnsemble: Sendable, Equatable {
    /// How the leaf values a row reaches become its prediction.
    public enum Output: UInt32, Sendable {
        /// Forests: the mean of the leaves (a positive-class probability, a class distribution
        /// of `labelValues.count` values, or a regression value).
        case mean = 0
        /// Binary boosting: σ(base + Σ leaves), the positive-class probability.
        case logit = 1
        /// Multiclass boosting: tree `t` adds to class `t mod k`; the probabilities are
        /// softmax(base + Σ leaves), as LightGBM and scikit-learn's HistGradientBoosting do.
        case softmax = 2
        /// Regression boosting: base + Σ leaves.
        case sum = 3
    }

    public var schema: Schema
    package var binning: FeatureBinning
    public var output: Output
    /// The raw scores added before the output function: one for `logit` and `sum`, one per
    /// class for `softmax`, none for `mean`.
    public var baseScores: [Double]
    /// The index of each tree's root in `nodes`.
    package var roots: [UInt32]
    package var nodes: TreeNodes
    /// Values per leaf: the class count for a multiclass forest, else 1.
    package var leafWidth: Int
    /// Per field: training rows per bin (bin 0 is missing); empty when unknown.
    package var referenceCounts: [[UInt64]]
    /// How many trees the ensemble holds.
    public var treeCount: Int { roots.count }
    /// How many nodes (splits and leaves) all trees hold.
    public var nodeCount: Int { nodes.count }

    /// Mean decrease in impurity (forests) or total split gain (boosting) per field, summing to 1.
    public var importances: [Double]

    package init(
        schema: Schema, binning: FeatureBinning, output: Output, baseScores: [Double], roots: [UInt32],
        nodes: TreeNodes, leafWidth: Int, importances: [Double], referenceCounts: [[UInt64]]
    ) {
        self.schema = schema
        self.binning = binning
        self.output = output
        self.baseScores = baseScores
        self.roots = roots
        self.nodes = nodes
        self.leafWidth = leafWidth
        self.importances = importances
        self.referenceCounts = referenceCounts
    }

    /// Scales `values` to sum to 1 (all zeros stay zeros).
    package static func normalized(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        return total > 0 ? values.map { $0 / total } : values
    }
}
