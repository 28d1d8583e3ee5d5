import Basics

/// The learners by name, and hyper-parameters from text (what a pipeline file declares).
public enum Algorithm: String, Sendable, CaseIterable {
    case decisionTree = "decision_tree"
    case randomForest = "random_forest"
    case extraTrees = "extra_trees"
    case gradientBoosting = "gradient_boosting"
}

extension Algorithm {
    /// The hyper-parameters this algorithm takes, by their names (without scikit-learn's
    /// aliases), in the order `modelpress help train` lists them: what a pipeline's
    /// `[hyperparameters]` may hold for it.
    public var hyperparameterNames: [String] { Hyperparameter.all(of: self).map { $0.names[0] } }
}

/// A hyper-parameter that is unknown to an algorithm or has a value it cannot use.
public struct HyperparameterError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The algorithm takes no such name; `known` are the names it does take.
        case unknown(algorithm: String, known: [String])
        /// The value is none of the forms the name takes (`accepted` says which).
        case invalid(String, accepted: String)
        /// A quoted value (a TOML string) where the name takes a number or true/false.
        case quoted(String, accepted: String)
    }

    public var name: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .unknown(let algorithm, let known):
            let guess = NearestName.closest(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
            return "hyper-parameter '\(name)' is not one \(algorithm) takes; \(guess)"
                + "\(algorithm) takes \(known.joined(separator: ", "))"
        case .invalid(let value, let accepted):
            return "hyper-parameter '\(name)': '\(value)' is not a valid value; it takes \(accepted)"
        case .quoted(let value, let accepted):
            return "hyper-parameter '\(name)' is the string \"\(value)\", and it takes \(accepted); "
                + "write numbers and true or false without quotes"
        }
    }
}

/// One hyper-parameter an algorithm takes: its names (scikit-learn's as an alias where it
/// differs), the values it accepts in words for messages, and whether a quoted value (a TOML
/// string) can be one of them.
struct Hyperparameter: Sendable {
    var names: [String]
    var accepted: String
    var takesWords = false

    static let forest: [Hyperparameter] = [
        Hyperparameter(names: ["trees", "n_estimators"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["max_depth"], accepted: "\"none\" or an integer ≥ 1", takesWords: true),
        Hyperparameter(names: ["min_samples_leaf"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["min_samples_split"], accepted: "an integer ≥ 2"),
        Hyperparameter(
            names: ["max_features"],
            accepted: "\"sqrt\", \"log2\", \"all\", an integer ≥ 1 or a fraction in (0, 1]", takesWords: true),
        Hyperparameter(names: ["bootstrap"], accepted: "true or false"),
    ]

    static let boosting: [Hyperparameter] = [
        Hyperparameter(names: ["max_iterations", "max_iter"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["learning_rate"], accepted: "a number > 0"),
        Hyperparameter(names: ["max_leaf_nodes"], accepted: "an integer ≥ 2"),
        Hyperparameter(names: ["max_depth"], accepted: "\"none\" or an integer ≥ 1", takesWords: true),
        Hyperparameter(names: ["min_samples_leaf"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["l2_regularization"], accepted: "a number ≥ 0"),
        Hyperparameter(names: ["early_stopping_rounds"], accepted: "an integer ≥ 0 (0 turns early stopping off)"),
        Hyperparameter(names: ["validation_fraction"], accepted: "a fraction in (0, 1)"),
        Hyperparameter(names: ["cat_smooth"], accepted: "a number ≥ 0"),
        Hyperparameter(names: ["cat_l2"], accepted: "a number ≥ 0"),
        Hyperparameter(names: ["max_cat_threshold"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["min_data_per_group"], accepted: "an integer ≥ 1"),
        Hyperparameter(names: ["max_cat_to_onehot"], accepted: "an integer ≥ 1"),
    ]

    /// The hyper-parameters `algorithm` takes.
    static func all(of algorithm: Algorithm) -> [Hyperparameter] {
        algorithm == .gradientBoosting ? boosting : forest
    }

    /// The error for `value` of `name`, which `algorithm` does not accept.
    static func invalid(_ name: String, _ value: String, _ algorithm: Algorithm) -> HyperparameterError {
        let accepted = all(of: algorithm).first { $0.names.contains(name) }?.accepted ?? "another value"
        return HyperparameterError(name: name, reason: .invalid(value, accepted: accepted))
    }

    /// The error for `name`, which `algorithm` does not take.
    static func unknown(_ name: String, _ algorithm: Algorithm) -> HyperparameterError {
        HyperparameterError(
            name: name, reason: .unknown(algorithm: algorithm.rawValue, known: algorithm.hyperparameterNames))
    }
}

/// Trains any algorithm from text hyper-parameters.
///
/// Forests take `trees`, `max_depth`, `min_samples_leaf`, `min_samples_split`,
/// `max_features` (`sqrt`, `log2`, `all`, a count, or a fraction like `0.5`) and `bootstrap`.
/// Boosting takes `max_iterations`, `learning_rate`, `max_leaf_nodes`, `max_depth`,
/// `min_samples_leaf`, `l2_regularization`, `early_stopping_rounds` (0 turns it off),
/// `validation_fraction` and LightGBM's categorical-split parameters `cat_smooth`, `cat_l2`,
/// `max_cat_threshold`, `min_data_per_group` and `max_cat_to_onehot`.
public enum Trainer {
    /// The trainer's identity recorded with every artifact; it changes whenever the same
    /// pipeline would give different bytes for some algorithm (3: model file format 3, tasks and
    /// real-valued leaves; 4: boosting learns each split's missing-value direction and scales the
    /// softmax hessian by K/(K−1); 5: boosting keeps every node's rows in ascending order, so its
    /// sums add in another order; 6: boosting splits categories by LightGBM's rules, `cat_smooth` …
    /// `max_cat_to_onehot`, and every learner's bins give a value in many rows a bin of its own;
    /// 7: boosting's early-stopping rows are held out per class for classification, as the test
    /// split is, and route a missing value as the split learned when their loss is measured;
    /// 8: a forest node with no rows missing its feature sends a missing value or an unseen
    /// category to its heavier child; 9: a forest node whose rows miss a number learns which
    /// child they go to, as scikit-learn's trees do, where they went left; and every learner
    /// keeps a field's 254 most frequent categories, where it kept the first 254 in byte order,
    /// which changes bytes only for a field of more categories: `keptCategoriesChanged`; 10:
    /// boosting estimates the rows a side of a split has from its hessian sum, as LightGBM does,
    /// where it counted them, which changes classification models only: `estimatedRowsChanged`;
    /// 11: extra trees draw a cut uniformly over the node's values, where they drew it among its
    /// bins: `ThresholdSearch.randomThreshold`; and every forest's `sqrt`, `log2` and fractional
    /// `max_features` round down, as scikit-learn's do, where they rounded up: `MaxFeatures`;
    /// 12: boosting keeps each row's gradient and hessian in single precision, as LightGBM does,
    /// where it kept them in double precision: `GradientPair`).
    public static let identity = "modelpress-trees/12"

    /// The identity number at which each algorithm's bytes last changed: an artifact recorded
    /// with this number or a later one is reproduced byte for byte by this trainer.
    static let lastChange: [Algorithm: Int] = [
        .decisionTree: 11, .randomForest: 11, .extraTrees: 11, .gradientBoosting: 12,
    ]

    private static let identityPrefix = "modelpress-trees/"

    /// The trainer from which a field of more than 254 categories keeps its most frequent ones.
    static let categoryRuleSince = 9

    /// The trainer from which boosting estimates a side's rows from its hessian sum.
    static let estimatedRowsSince = 10

    /// Whether an artifact of `trainer` on data of `schema` was made under the old category
    /// rule where the rule matters (a field of more than 254 categories, a trainer before 9):
    /// such an artifact is an earlier trainer's for every algorithm, even one whose other
    /// changes this trainer reproduces.
    public static func keptCategoriesChanged(since trainer: String, schema: Schema) -> Bool {
        guard let number = number(of: trainer), number < categoryRuleSince else { return false }
        return schema.fields.contains { $0.categories.count > FeatureBinning.maximumCategories }
    }

    /// Whether a boosting artifact of `trainer` for `task` was made when boosting still counted
    /// the rows a side of a split has (a trainer before 10) where that matters: classification.
    /// Squared error's hessians are all 1, so a regression model's estimated rows are its counts
    /// and its bytes did not move; a classification model of such a trainer is an earlier
    /// trainer's, though trainers 10 and 11 gave boosting's other bytes since 7 (since 12,
    /// `reproduces` refuses every boosting model before 12 anyway).
    public static func estimatedRowsChanged(since trainer: String, algorithm: Algorithm, task: PredictionTask) -> Bool {
        guard algorithm == .gradientBoosting, task.isClassification, let number = number(of: trainer) else {
            return false
        }
        return number < estimatedRowsSince
    }

    /// The earliest trainer whose `algorithm` models this one reproduces (`modelpress-trees/11`
    /// for forests, `/12` for boosting).
    public static func reproducedSince(_ algorithm: Algorithm) -> String {
        identityPrefix + String(lastChange[algorithm] ?? currentNumber)
    }

    /// The earliest trainer whose `algorithm` models of `task` this one reproduces: as
    /// `reproducedSince(_:)`, but boosting's classification models since 10 at the earliest
    /// (`estimatedRowsChanged`).
    public static func reproducedSince(_ algorithm: Algorithm, task: PredictionTask) -> String {
        guard algorithm == .gradientBoosting, task.isClassification else { return reproducedSince(algorithm) }
        return identityPrefix + String(max(lastChange[algorithm] ?? currentNumber, estimatedRowsSince))
    }

    private static var currentNumber: Int { Int(identity.dropFirst(identityPrefix.count)) ?? 0 }

    /// N of a `modelpress-trees/N` identity with N written plainly; nil for any other text.
    private static func number(of trainer: String) -> Int? {
        guard trainer.hasPrefix(identityPrefix), let number = Int(trainer.dropFirst(identityPrefix.count)),
            trainer == identityPrefix + String(number)
        else { return nil }
        return number
    }

    /// Whether this trainer gives the same bytes as the trainer recorded as `trainer` (a
    /// `modelpress-trees/N` identity, N written plainly) for `algorithm`: true when no change
    /// from N up to this trainer touched that algorithm (a random forest of `modelpress-trees/3`
    /// is retrained byte for byte by 5); false for a later trainer's or any other identity.
    public static func reproduces(_ trainer: String, algorithm: Algorithm) -> Bool {
        guard let number = number(of: trainer) else { return false }
        return number <= currentNumber && number >= lastChange[algorithm, default: currentNumber]
    }

    /// - Throws: `HyperparameterError` for an unknown name or a bad value.
    public static func train(
        _ data: Dataset, algorithm: Algorithm, hyperparameters: [String: String], seed: UInt64,
        threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> TreeEnsemble {
        // The hyper-parameters are checked before the rows are binned.
        try check(algorithm, hyperparameters, quoted: [])
        return try train(
            BinnedDataset(data, threads: threads), algorithm: algorithm, hyperparameters: hyperparameters, seed: seed,
            threads: threads, progress: progress)
    }

    /// As `train(_:algorithm:hyperparameters:seed:threads:progress:)`, on rows already binned
    /// (the same model), so that a caller can let the raw columns go before the fit
    /// (`modelpress train`).
    /// - Throws: `HyperparameterError` for an unknown name or a bad value.
    public static func train(
        _ data: BinnedDataset, algorithm: Algorithm, hyperparameters: [String: String], seed: UInt64,
        threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> TreeEnsemble {
        switch algorithm {
        case .gradientBoosting:
            let parameters = try boostingParameters(hyperparameters)
            let total = parameters.maxIterations
            var callback: (@Sendable (Int) -> Void)?
            if let progress { callback = { done in progress(done, total) } }
            return BoostingTrainer.train(data, parameters: parameters, seed: seed, threads: threads, progress: callback)
        case .decisionTree, .randomForest, .extraTrees:
            let parameters = try forestParameters(algorithm, hyperparameters)
            let total = parameters.trees
            var callback: (@Sendable (Int) -> Void)?
            if let progress { callback = { done in progress(done, total) } }
            return ForestTrainer.train(data, parameters: parameters, seed: seed, threads: threads, progress: callback)
        }
    }

    /// Checks a pipeline's hyper-parameters before any work: every name one `algorithm` takes,
    /// every value one of the name's forms, and no quoted value (`quoted`, the names written
    /// as TOML strings) where the name takes a number or true/false.
    /// - Throws: `HyperparameterError` for the first problem, in name order.
    public static func check(_ algorithm: Algorithm, _ values: [String: String], quoted: Set<String>) throws {
        let known = Hyperparameter.all(of: algorithm)
        for name in quoted.sorted() {
            guard let parameter = known.first(where: { $0.names.contains(name) }) else {
                throw Hyperparameter.unknown(name, algorithm)
            }
            // A word may be quoted (TOML needs it); a number or true/false may not.
            guard parameter.takesWords, values[name].flatMap(Double.init) == nil else {
                throw HyperparameterError(
                    name: name, reason: .quoted(values[name] ?? "", accepted: parameter.accepted))
            }
        }
        switch algorithm {
        case .gradientBoosting: _ = try boostingParameters(values)
        default: _ = try forestParameters(algorithm, values)
        }
    }

    /// Forest parameters: the algorithm's defaults overridden by `values`.
    /// - Throws: `HyperparameterError` for a name the algorithm does not take or a value it cannot use.
    public static func forestParameters(
        _ algorithm: Algorithm, _ values: [String: String]
    ) throws
        -> ForestParameters
    {
        var p: ForestParameters =
            switch algorithm {
            case .extraTrees: .extraTrees
            case .decisionTree: .decisionTree
            default: .randomForest
            }
        func integer(_ name: String, _ value: String, minimum: Int) throws -> Int {
            try Self.integer(name, value, minimum: minimum, algorithm)
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "trees", "n_estimators": p.trees = try integer(name, value, minimum: 1)
            case "max_depth": p.maxDepth = value == "none" ? nil : try integer(name, value, minimum: 1)
            case "min_samples_leaf": p.minSamplesLeaf = try integer(name, value, minimum: 1)
            case "min_samples_split": p.minSamplesSplit = try integer(name, value, minimum: 2)
            case "bootstrap":
                guard let flag = Bool(value) else { throw Hyperparameter.invalid(name, value, algorithm) }
                p.bootstrap = flag
            case "max_features":
                switch value {
                case "sqrt": p.maxFeatures = .sqrt
                case "log2": p.maxFeatures = .log2
                case "all", "none": p.maxFeatures = .all
                default:
                    if let count = Int(value), count >= 1 {
                        p.maxFeatures = .count(count)
                    } else if let fraction = Double(value), fraction > 0, fraction <= 1 {
                        p.maxFeatures = .fraction(fraction)
                    } else {
                        throw Hyperparameter.invalid(name, value, algorithm)
                    }
                }
            default:
                throw Hyperparameter.unknown(name, algorithm)
            }
        }
        return p
    }

    /// Boosting parameters: defaults overridden by `values`.
    /// - Throws: `HyperparameterError` for a name boosting does not take or a value it cannot use.
    public static func boostingParameters(_ values: [String: String]) throws -> BoostingParameters {
        var p = BoostingParameters()
        let algorithm = Algorithm.gradientBoosting
        func integer(_ name: String, _ value: String, minimum: Int) throws -> Int {
            try Self.integer(name, value, minimum: minimum, algorithm)
        }
        func real(_ name: String, _ value: String, allowZero: Bool = false, below: Double = .infinity) throws -> Double
        {
            guard let number = Double(value), number.isFinite, allowZero ? number >= 0 : number > 0, number < below
            else {
                throw Hyperparameter.invalid(name, value, algorithm)
            }
            return number
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "max_iterations", "max_iter": p.maxIterations = try integer(name, value, minimum: 1)
            case "learning_rate": p.learningRate = try real(name, value)
            case "max_leaf_nodes": p.maxLeafNodes = try integer(name, value, minimum: 2)
            case "max_depth": p.maxDepth = value == "none" ? nil : try integer(name, value, minimum: 1)
            case "min_samples_leaf": p.minSamplesLeaf = try integer(name, value, minimum: 1)
            case "l2_regularization": p.l2Regularization = try real(name, value, allowZero: true)
            case "early_stopping_rounds":
                let rounds = try integer(name, value, minimum: 0)
                p.earlyStoppingRounds = rounds == 0 ? nil : rounds
            case "validation_fraction": p.validationFraction = try real(name, value, below: 1)
            case "cat_smooth": p.catSmooth = try real(name, value, allowZero: true)
            case "cat_l2": p.catL2 = try real(name, value, allowZero: true)
            case "max_cat_threshold": p.maxCatThreshold = try integer(name, value, minimum: 1)
            case "min_data_per_group": p.minDataPerGroup = try integer(name, value, minimum: 1)
            case "max_cat_to_onehot": p.maxCatToOnehot = try integer(name, value, minimum: 1)
            default:
                throw Hyperparameter.unknown(name, algorithm)
            }
        }
        return p
    }

    private static func integer(_ name: String, _ value: String, minimum: Int, _ algorithm: Algorithm) throws -> Int {
        guard let number = Int(value), number >= minimum else { throw Hyperparameter.invalid(name, value, algorithm) }
        return number
    }
}
