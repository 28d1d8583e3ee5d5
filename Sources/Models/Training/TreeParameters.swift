/// How many features a tree node considers when it looks for a split, counted as
/// scikit-learn's forests count `max_features` (and Breiman's `mtry`): rounded down, at least 1.
/// Before trainer `modelpress-trees/11` `sqrt`, `log2` and fractions rounded up, so a forest on
/// 20 fields tried 5 where scikit-learn's tries 4 (on bench-scale's multiclass set, extra trees
/// that greedier were 0.008 less accurate than scikit-learn's at a million rows).
public enum MaxFeatures: Sendable, Equatable {
    /// ⌊√features⌋, the usual choice for classification forests.
    case sqrt
    /// ⌊log₂ features⌋.
    case log2
    /// Every feature (a plain decision tree, bagging).
    case all
    /// A fixed count (clamped to 1…features).
    case count(Int)
    /// A fraction of the features, rounded down (clamped to 1…features).
    case fraction(Double)

    /// The count for `features` input features.
    public func resolved(features: Int) -> Int {
        let value: Int
        switch self {
        case .sqrt: value = Int(Double(features).squareRoot())
        case .log2: value = features <= 1 ? 1 : Int.bitWidth - 1 - features.leadingZeroBitCount
        case .all: value = features
        case .count(let count): value = count
        case .fraction(let fraction): value = Int(fraction * Double(features))
        }
        return min(max(value, 1), max(features, 1))
    }
}

/// The hyper-parameters of a decision tree, random forest or extra-trees model.
public struct ForestParameters: Sendable, Equatable {
    public var trees: Int
    /// Deepest level a node may be on (the root is level 0); `nil` for no limit.
    public var maxDepth: Int?
    /// The fewest (bootstrap-weighted) training rows a leaf may hold.
    public var minSamplesLeaf: Int
    /// The fewest rows a node needs to be split.
    public var minSamplesSplit: Int
    public var maxFeatures: MaxFeatures
    /// Whether each tree trains on a bootstrap sample (else on every row).
    public var bootstrap: Bool
    /// Extra trees: draw one random threshold per candidate feature instead of the best one.
    public var randomThresholds: Bool

    public init(
        trees: Int = 100, maxDepth: Int? = nil, minSamplesLeaf: Int = 1, minSamplesSplit: Int = 2,
        maxFeatures: MaxFeatures = .sqrt, bootstrap: Bool = true, randomThresholds: Bool = false
    ) {
        self.trees = trees
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.minSamplesSplit = minSamplesSplit
        self.maxFeatures = maxFeatures
        self.bootstrap = bootstrap
        self.randomThresholds = randomThresholds
    }

    /// scikit-learn's defaults for `RandomForestClassifier`.
    public static let randomForest = ForestParameters()
    /// scikit-learn's defaults for `ExtraTreesClassifier`.
    public static let extraTrees = ForestParameters(bootstrap: false, randomThresholds: true)
    /// One fully grown tree on every feature and row.
    public static let decisionTree = ForestParameters(trees: 1, maxFeatures: .all, bootstrap: false)
}

/// The hyper-parameters of gradient-boosted trees (binary log-loss).
public struct BoostingParameters: Sendable, Equatable {
    /// The most boosting rounds (one tree each).
    public var maxIterations: Int
    public var learningRate: Double
    /// The most leaves per tree (trees grow best-first).
    public var maxLeafNodes: Int
    public var maxDepth: Int?
    public var minSamplesLeaf: Int
    /// L2 penalty on leaf values.
    public var l2Regularization: Double
    /// Stop when the validation loss has not improved for this many rounds; `nil` to never stop early.
    public var earlyStoppingRounds: Int?
    /// The share of the training rows held out for early stopping.
    public var validationFraction: Double
    /// Categorical splits (LightGBM's rules and defaults, docs/Parameters.rst): the count a
    /// category's gradient mean is smoothed with, and the fewest rows a category needs in a node
    /// to be sent left by a split of several categories.
    public var catSmooth: Double
    /// Categorical splits of several categories: added to `l2Regularization` in their children's
    /// gains and values.
    public var catL2: Double
    /// Categorical splits: the most categories sent left.
    public var maxCatThreshold: Int
    /// Categorical splits: the fewest rows between two cuts of the sorted categories, and on the right.
    public var minDataPerGroup: Int
    /// A field of at most this many categories is split one category against the rest.
    public var maxCatToOnehot: Int

    public init(
        maxIterations: Int = 100, learningRate: Double = 0.1, maxLeafNodes: Int = 31, maxDepth: Int? = nil,
        minSamplesLeaf: Int = 20, l2Regularization: Double = 0, earlyStoppingRounds: Int? = 10,
        validationFraction: Double = 0.1, catSmooth: Double = 10, catL2: Double = 10, maxCatThreshold: Int = 32,
        minDataPerGroup: Int = 100, maxCatToOnehot: Int = 4
    ) {
        self.maxIterations = maxIterations
        self.learningRate = learningRate
        self.maxLeafNodes = maxLeafNodes
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.l2Regularization = l2Regularization
        self.earlyStoppingRounds = earlyStoppingRounds
        self.validationFraction = validationFraction
        self.catSmooth = catSmooth
        self.catL2 = catL2
        self.maxCatThreshold = maxCatThreshold
        self.minDataPerGroup = minDataPerGroup
        self.maxCatToOnehot = maxCatToOnehot
    }
}
