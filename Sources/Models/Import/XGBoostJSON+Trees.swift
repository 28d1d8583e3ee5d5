import Foundation

/// The meaning of XGBoost's JSON model (see `XGBoostJSON`), matched to a schema.
extension XGBoostJSON {
    /// The trees, matched to `schema` by feature name.
    /// - Throws: `ImportError`: `.unsupported` for another objective or booster, parallel
    ///   trees, categorical splits or vector leaves; `.mismatch` when a feature or the classes
    ///   differ from the schema's; `.corrupt` for a malformed tree.
    func trees(schema: Schema) throws(ImportError) -> ImportedTrees {
        let objective = try value(["learner", "objective", "name"], String.self)
        guard let (task, output) = Self.objectives[objective] else {
            let prediction =
                Self.transformed[objective].map {
                    "its prediction is \($0), the margin being base_score "
                        + "plus the trees; "
                } ?? ""
            throw fail(
                .unsupported(
                    "objective '\(objective)' (\(prediction)supported: "
                        + "\(Self.objectives.keys.sorted().joined(separator: ", ")), the regression ones because they "
                        + "predict the margin itself)"))
        }
        guard schema.task == task else {
            throw fail(
                .mismatch(
                    "the objective '\(objective)' is a \(task.rawValue) model and the declared label "
                        + "'\(schema.label)' is a \(schema.task.rawValue) task"))
        }
        let booster = try value(["learner", "gradient_booster", "name"], String.self)
        guard booster == "gbtree" else {
            throw fail(.unsupported("booster '\(booster)' (only gbtree: dart weighs its trees, gblinear has none)"))
        }
        let model = try value(["learner", "gradient_booster", "model"], [String: Any].self)
        let parallel = try value(["gbtree_model_param", "num_parallel_tree"], String.self, in: model)
        guard parallel == "1" else {
            throw fail(.unsupported("num_parallel_tree = \(parallel) (XGBoost's random forests); train with 1"))
        }
        let parameters = try value(["learner", "learner_model_param"], [String: Any].self)
        if let targets = (parameters["num_target"] as? String).flatMap({ Int($0) }), targets > 1 {
            let quantiles = objective == "reg:quantileerror"
            let why = quantiles ? "one per quantile_alpha" : "a multi-output model"
            throw fail(
                .unsupported(
                    "the model predicts \(targets) targets (num_target: \(why)), and an endpoint predicts one value: "
                        + "train one model per target\(quantiles ? " (one quantile_alpha each)" : "")"))
        }
        let classes = Int(try value(["num_class"], String.self, in: parameters)) ?? 0
        let width = task == .multiclass ? schema.labelValues.count : 1
        if task == .multiclass, classes != width {
            throw fail(
                .mismatch(
                    "the model has \(classes) classes and the declared label '\(schema.label)' has \(width) "
                        + "(\(schema.labelValues.joined(separator: ", ")))"))
        }
        let fieldOf = try fieldIndices(schema: schema)
        let base = try baseScores(parameters, objective: objective, width: width)
        let trees = try value(["trees"], [[String: Any]].self, in: model)
        let info = try value(["tree_info"], [NSNumber].self, in: model).map(\.intValue)
        guard info.count == trees.count, info.enumerated().allSatisfy({ $0.element == $0.offset % width }) else {
            throw fail(
                .unsupported("tree_info does not give the trees to the classes in turn (class = tree mod \(width))"))
        }
        var rules = [FeatureBinning.EdgeRule](repeating: [], count: schema.fields.count)
        for f in fieldOf { rules[f] = [.strict, .float32] }
        var converted: [SourceTree] = []
        for (t, tree) in trees.enumerated() {
            converted.append(try self.tree(t, tree, fieldOf: fieldOf))
        }
        return ImportedTrees(
            schema: schema, rules: rules, output: output, baseScores: base, trees: converted, hasCover: true)
    }

    /// Each XGBoost feature's schema field (numeric fields only).
    private func fieldIndices(schema: Schema) throws(ImportError) -> [Int] {
        let names = try value(["learner", "feature_names"], [String].self)
        let types = (try? value(["learner", "feature_types"], [String].self)) ?? []
        guard !names.isEmpty else {
            throw fail(
                .mismatch(
                    "the model records no feature names to match the declared fields with; train on a pandas frame "
                        + "with the fields' names"))
        }
        var indices: [Int] = []
        for (i, name) in names.enumerated() {
            guard let f = schema.fields.firstIndex(where: { $0.name == name }) else {
                throw fail(
                    .absentFeature(name, what: "feature", fields: schema.fields.map(\.name)))
            }
            if i < types.count, types[i] == "c" {
                throw fail(.unsupported("'\(name)' is a categorical feature of XGBoost; import numeric features only"))
            }
            guard schema.fields[f].kind == .numeric else {
                throw fail(.fieldKind(name, model: .numeric, what: "the model takes '\(name)' as a number"))
            }
            indices.append(f)
        }
        return indices
    }

    /// The margins added before the output function: `base_score` as a number or a list,
    /// `binary:logistic`'s turned from a probability into its logit.
    private func baseScores(_ parameters: [String: Any], objective: String, width: Int) throws(ImportError) -> [Double]
    {
        let text = try value(["base_score"], String.self, in: parameters)
        let inner = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        let values = inner.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == inner.split(separator: ",").count, values.count == 1 || values.count == width else {
            throw fail(.corrupt("base_score '\(text)' is not a number or \(width) numbers"))
        }
        let scores = values.count == width ? values : [Double](repeating: values[0], count: width)
        guard objective == "binary:logistic" else { return scores }
        return scores.map { p in
            // XGBoost's ProbToMargin for logistic: -log(1/p - 1), computed in float.
            let probability = Float(p)
            return Double(-logf(1 / probability - 1))
        }
    }

    /// Tree `t` in the importers' common form.
    private func tree(_ t: Int, _ tree: [String: Any], fieldOf: [Int]) throws(ImportError) -> SourceTree {
        func numbers(_ key: String) throws(ImportError) -> [NSNumber] {
            try value([key], [NSNumber].self, in: tree)
        }
        let lefts = try numbers("left_children").map(\.intValue)
        let rights = try numbers("right_children").map(\.intValue)
        let conditions = try numbers("split_conditions").map(\.doubleValue)
        let features = try numbers("split_indices").map(\.intValue)
        let defaults = try numbers("default_left").map(\.intValue)
        let gains = try numbers("loss_changes").map(\.doubleValue)
        let hessians = try numbers("sum_hessian").map(\.doubleValue)
        let types = (try? numbers("split_type").map(\.intValue)) ?? []
        let count = lefts.count
        guard
            [rights.count, conditions.count, features.count, defaults.count, gains.count, hessians.count]
                .allSatisfy({ $0 == count }), count > 0
        else { throw fail(.corrupt("tree \(t)'s node arrays differ in length")) }
        if let size = (tree["tree_param"] as? [String: Any])?["size_leaf_vector"] as? String, size != "1", size != "0" {
            throw fail(.unsupported("tree \(t) has vector leaves (multi_strategy=\"multi_output_tree\")"))
        }
        var nodes: [SourceTree.Node] = []
        for i in 0..<count {
            if lefts[i] == -1 {
                nodes.append(SourceTree.Node(test: .leaf([Double(Float(conditions[i]))]), cover: hessians[i]))
                continue
            }
            guard fieldOf.indices.contains(features[i]) else {
                throw fail(
                    .corrupt("tree \(t): node \(i) splits feature \(features[i]), which the model does not have"))
            }
            if i < types.count, types[i] != 0 {
                throw fail(.unsupported("tree \(t): node \(i) is a categorical split; import numeric features only"))
            }
            nodes.append(
                SourceTree.Node(
                    test: .numeric(field: fieldOf[features[i]], threshold: Double(Float(conditions[i]))),
                    missingGoesLeft: defaults[i] != 0, left: lefts[i], right: rights[i], cover: hessians[i],
                    gain: gains[i]))
        }
        return SourceTree(nodes: nodes)
    }
}
