/// The learners by name, and hyper-parameters from text (what a pipeline file declares).
public enum Algorithm: String, Sendable, CaseIterable {
    case decisionTree = "decision_tree"
    case randomForest = "random_forest"
    case extraTrees = "extra_trees"
    case gradientBoosting = "gradient_boosting"
}

/// A hyper-parameter that is unknown to an algorithm or has a value it cannot use.
public struct HyperparameterError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case unknown(algorithm: String)
        case invalid(String)
    }

    public var name: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .unknown(let algorithm): return "hyper-parameter '\(name)' is not one \(algorithm) takes"
        case .invalid(let value): return "hyper-parameter '\(name)': '\(value)' is not a valid value"
        }
    }
}

/// Trains any algorithm from text hyper-parameters.
///
/// Forests take `trees`, `max_depth`, `min_samples_leaf`, `min_samples_split`,
/// `max_features` (`sqrt`, `log2`, `all`, a count, or a fraction like `0.5`) and `bootstrap`.
/// Boosting takes `max_iterations`, `learning_rate`, `max_leaf_nodes`, `max_depth`,
/// `min_samples_leaf`, `l2_regularization`, `early_stopping_rounds` (0 turns it off) and
/// `validation_fraction`.
public enum Trainer {
    /// The trainer's identity recorded with every artifact; it changes whenever the same
    /// pipeline would give different bytes (3: model file format 3, tasks and real-valued leaves).
    public static let identity = "modelpress-trees/3"

    /// - Throws: `HyperparameterError` for an unknown name or a bad value.
    public static func train(
        _ data: Dataset, algorithm: Algorithm, hyperparameters: [String: String], seed: UInt64,
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

    /// Forest parameters: the algorithm's defaults overridden by `values`.
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
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "trees", "n_estimators": p.trees = try integer(name, value, minimum: 1)
            case "max_depth": p.maxDepth = value == "none" ? nil : try integer(name, value, minimum: 1)
            case "min_samples_leaf": p.minSamplesLeaf = try integer(name, value, minimum: 1)
            case "min_samples_split": p.minSamplesSplit = try integer(name, value, minimum: 2)
            case "bootstrap":
                guard let flag = Bool(value) else { throw HyperparameterError(name: name, reason: .invalid(value)) }
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
                        throw HyperparameterError(name: name, reason: .invalid(value))
                    }
                }
            default:
                throw HyperparameterError(name: name, reason: .unknown(algorithm: algorithm.rawValue))
            }
        }
        return p
    }

    /// Boosting parameters: defaults overridden by `values`.
    public static func boostingParameters(_ values: [String: String]) throws -> BoostingParameters {
        var p = BoostingParameters()
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
            case "validation_fraction": p.validationFraction = try real(name, value)
            default:
                throw HyperparameterError(name: name, reason: .unknown(algorithm: Algorithm.gradientBoosting.rawValue))
            }
        }
        return p
    }

    private static func integer(_ name: String, _ value: String, minimum: Int) throws -> Int {
        guard let number = Int(value), number >= minimum else {
            throw HyperparameterError(name: name, reason: .invalid(value))
        }
        return number
    }

    private static func real(_ name: String, _ value: String, allowZero: Bool = false) throws -> Double {
        guard let number = Double(value), number.isFinite, allowZero ? number >= 0 : number > 0 else {
            throw HyperparameterError(name: name, reason: .invalid(value))
        }
        return number
    }
}
