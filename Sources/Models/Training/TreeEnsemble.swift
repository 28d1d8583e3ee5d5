/// A trained tree ensemble in memory: what the trainers return and the model file stores.
public struct TreeEnsemble: Sendable, Equatable {
    /// How tree outputs become a probability of the positive class.
    public enum Output: UInt32, Sendable {
        /// Forests: leaves hold probabilities; the prediction is their mean.
        case meanProbability = 0
        /// Boosting: leaves hold log-odds; the prediction is σ(base + Σ leaves).
        case logit = 1
    }

    public var schema: Schema
    var binning: FeatureBinning
    public var output: Output
    public var baseScore: Double
    /// The index of each tree's root in `nodes`.
    var roots: [UInt32]
    var nodes: TreeNodes
    /// How many trees the ensemble holds.
    public var treeCount: Int { roots.count }
    /// How many nodes (splits and leaves) all trees hold.
    public var nodeCount: Int { nodes.count }

    /// Mean decrease in impurity (forests) or total split gain (boosting) per field, summing to 1.
    public var importances: [Double]

    init(
        schema: Schema, binning: FeatureBinning, output: Output, baseScore: Double, roots: [UInt32],
        nodes: TreeNodes, importances: [Double]
    ) {
        self.schema = schema
        self.binning = binning
        self.output = output
        self.baseScore = baseScore
        self.roots = roots
        self.nodes = nodes
        self.importances = importances
    }

    /// Concatenates separately grown trees in the order given.
    static func joining(
        _ trees: [TreeNodes], schema: Schema, binning: FeatureBinning, output: Output, baseScore: Double,
        importances: [Double]
    ) -> TreeEnsemble {
        var nodes = TreeNodes()
        let categorical = binning.kinds.map { $0 == .categorical }
        let roots = trees.map { nodes.append($0, isCategorical: categorical) }
        return TreeEnsemble(
            schema: schema, binning: binning, output: output, baseScore: baseScore, roots: roots, nodes: nodes,
            importances: importances)
    }

    /// Scales `values` to sum to 1 (all zeros stay zeros).
    static func normalized(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        return total > 0 ? values.map { $0 / total } : values
    }
}
