import Basics

/// The meaning of an ONNX-ML tree ensemble (see `ONNXForest`), matched to a schema, with the
/// output functions onnxruntime computes (`TreeAggregatorClassifier`, `TreeAggregatorSum`):
///
/// - a regressor (one target): base + Σ leaves (`SUM`), or the mean of the leaves (`AVERAGE`);
/// - a binary classifier whose leaves weigh class 0 only (skl2onnx's forests and boosting): the
///   score s = base + Σ leaves is the probability of the second label (`NONE`) or its logit
///   (`LOGISTIC`);
/// - a multiclass classifier: per class base + Σ leaves, the probabilities themselves (`NONE`,
///   forests) or their softmax (`SOFTMAX`, boosting).
extension ONNXForest {
    /// The trees in the importers' common form.
    /// - Parameter columns: per tree feature, what it is of the declared fields.
    /// - Throws: `ImportError`: `.mismatch` for classes or a task that differ from the schema's,
    ///   `.unsupported` for another output function or aggregation, `.corrupt` for a feature out
    ///   of range.
    func trees(columns: [ONNXModel.Column], schema: Schema, model: ONNXModel) throws(ImportError) -> ImportedTrees {
        let name = ONNXModel.describe(node)
        func unsupported(_ what: String) -> ImportError { model.fail(.unsupported("node \(name): \(what)")) }
        for tree in trees {
            for node in tree where node.mode != nil && !columns.indices.contains(node.feature) {
                throw model.fail(
                    .corrupt("node \(name) splits feature \(node.feature) of an input with \(columns.count) columns"))
            }
        }
        var rules = [FeatureBinning.EdgeRule](repeating: [], count: schema.fields.count)
        for column in columns {
            if case .number(let field, true) = column { rules[field] = .float32 }
        }
        let count = Double(trees.count)
        let output: TreeEnsemble.Output
        var base: [Double]
        var converted: [SourceTree] = []
        var width = 1
        switch schema.task {
        case .regression:
            guard labels == nil else {
                throw model.fail(
                    .mismatch(
                        "the model is a classifier (\(name)) and the declared label '\(schema.label)' is a regression task"
                    ))
            }
            guard targets == 1, postTransform == "NONE" else {
                throw unsupported(
                    "\(targets) targets with post_transform \(postTransform) (a regression has one, NONE)")
            }
            switch aggregate {
            case "SUM": output = .sum
            case "AVERAGE" where (baseValues.first ?? 0) == 0: output = .mean
            default:
                throw unsupported("aggregate_function \(aggregate) (supported: SUM, and AVERAGE without base_values)")
            }
            base = output == .sum ? [baseValues.first ?? 0] : []
            for tree in trees {
                converted.append(try sourceTree(tree, columns: columns, schema: schema, model: model) { [$0.sum(0)] })
            }
        case .binary, .multiclass:
            guard let labels else {
                throw model.fail(
                    .mismatch(
                        "the model is a regressor (\(name)) and the declared label '\(schema.label)' is a "
                            + "\(schema.task.rawValue) task"))
            }
            guard Set(labels) == Set(schema.labelValues), labels.count == schema.labelValues.count else {
                throw model.fail(
                    .mismatch(
                        "the model's classes are \(labels.joined(separator: ", ")) and the declared label '\(schema.label)' "
                            + "has \(schema.labelValues.joined(separator: ", "))"))
            }
            guard aggregate == "SUM" else { throw unsupported("aggregate_function \(aggregate) for a classifier") }
            // The model's class index of each declared class.
            let onnxClass = schema.labelValues.map { label in labels.firstIndex(of: label) ?? 0 }
            if schema.task == .binary {
                let used = Set(trees.flatMap { $0.flatMap { $0.weights.map(\.target) } })
                guard used.isSubset(of: [0]) else {
                    throw unsupported(
                        "its leaves weigh class \(used.sorted().map(String.init).joined(separator: " and ")); a binary classifier's leaves weigh class 0 only, as skl2onnx writes them"
                    )
                }
                // s is the probability (or logit) of labels[1]; flipped when that is the declared first class.
                let flip = onnxClass[1] == 0
                switch postTransform {
                case "NONE" where (baseValues.first ?? 0) == 0:
                    // The mean of the leaves times the tree count is their sum.
                    output = .mean
                    base = []
                    for tree in trees {
                        converted.append(
                            try sourceTree(tree, columns: columns, schema: schema, model: model) { leaf in
                                let p = leaf.sum(0) * count
                                return [flip ? 1 - p : p]
                            })
                    }
                case "LOGISTIC":
                    output = .logit
                    base = [(flip ? -1 : 1) * (baseValues.first ?? 0)]
                    for tree in trees {
                        converted.append(
                            try sourceTree(tree, columns: columns, schema: schema, model: model) {
                                [(flip ? -1 : 1) * $0.sum(0)]
                            })
                    }
                default:
                    throw unsupported(
                        "a binary classifier with post_transform \(postTransform) (supported: NONE without base_values, LOGISTIC)"
                    )
                }
            } else {
                let classes = schema.labelValues.count
                switch postTransform {
                case "NONE" where baseValues.allSatisfy({ $0 == 0 }):
                    output = .mean
                    base = []
                    width = classes
                    for tree in trees {
                        converted.append(
                            try sourceTree(tree, columns: columns, schema: schema, model: model) { leaf in
                                onnxClass.map { leaf.sum($0) * count }
                            })
                    }
                case "SOFTMAX":
                    output = .softmax
                    base = onnxClass.map { baseValues.indices.contains($0) ? baseValues[$0] : 0 }
                    converted = try softmaxRounds(columns: columns, schema: schema, model: model, onnxClass: onnxClass)
                default:
                    throw unsupported(
                        "a multiclass classifier with post_transform \(postTransform) (supported: NONE without base_values, SOFTMAX)"
                    )
                }
            }
        }
        return ImportedTrees(
            schema: schema, rules: rules, output: output, baseScores: base, trees: converted, hasCover: false,
            leafWidth: width)
    }

    /// The trees as the model file's softmax wants them: tree t adds to class t mod k. A tree that
    /// weighs several classes becomes one tree per class; a class short of trees in a round gets
    /// a tree of one leaf of 0.
    private func softmaxRounds(
        columns: [ONNXModel.Column], schema: Schema, model: ONNXModel, onnxClass: [Int]
    ) throws(ImportError) -> [SourceTree] {
        var perClass = [[SourceTree]](repeating: [], count: onnxClass.count)
        for tree in trees {
            let used = Set(tree.flatMap { $0.weights.map(\.target) })
            for (c, onnx) in onnxClass.enumerated() where used.contains(onnx) {
                perClass[c].append(
                    try sourceTree(tree, columns: columns, schema: schema, model: model) { [$0.sum(onnx)] })
            }
        }
        let rounds = perClass.map(\.count).max() ?? 0
        let empty = SourceTree(nodes: [SourceTree.Node(test: .leaf([0]))])
        var out: [SourceTree] = []
        for r in 0..<rounds {
            for c in onnxClass.indices { out.append(r < perClass[c].count ? perClass[c][r] : empty) }
        }
        return out
    }

    /// One tree with its splits turned into the model file's: a numeric split becomes `value <=
    /// edge` (GT and GTE by swapping the children, LT and GTE by the edge just below the
    /// threshold in the precision compared, EQ, NEQ and set membership by two splits or a chain
    /// of them, repeating a subtree where both outcomes need it); a split on an encoded
    /// categorical field becomes the set of its categories that go to the true child.
    private func sourceTree(
        _ tree: Tree, columns: [ONNXModel.Column], schema: Schema, model: ONNXModel,
        leaf: @escaping (Node) -> [Double]
    ) throws(ImportError) -> SourceTree {
        var nodes: [SourceTree.Node] = []
        func reserve() -> Int {
            nodes.append(SourceTree.Node(test: .leaf([])))
            return nodes.count - 1
        }
        /// A numeric split at `edge`: `left` for values at or below it.
        func split(
            _ field: Int, _ edge: Double, missingLeft: Bool, gain: Double, left: () throws(ImportError) -> Int,
            right: () throws(ImportError) -> Int
        ) throws(ImportError) -> Int {
            let index = reserve()
            let l = try left()
            let r = try right()
            nodes[index] = SourceTree.Node(
                test: .numeric(field: field, threshold: edge), missingGoesLeft: missingLeft, left: l, right: r,
                gain: gain)
            return index
        }
        /// `value == value` as two splits: true between the edge below and the edge.
        func equal(
            _ field: Int, _ t: Double, below: Double, missingToTrue: Bool, whenTrue: () throws(ImportError) -> Int,
            whenFalse: () throws(ImportError) -> Int
        ) throws(ImportError) -> Int {
            try split(
                field, t, missingLeft: missingToTrue, gain: 1,
                left: { () throws(ImportError) -> Int in
                    try split(field, below, missingLeft: false, gain: 0, left: whenFalse, right: whenTrue)
                }, right: whenFalse)
        }
        func emit(_ n: Int) throws(ImportError) -> Int {
            let node = tree[n]
            guard let mode = node.mode else {
                let index = reserve()
                nodes[index] = SourceTree.Node(test: .leaf(leaf(node)))
                return index
            }
            let whenTrue = { () throws(ImportError) -> Int in try emit(node.whenTrue) }
            let whenFalse = { () throws(ImportError) -> Int in try emit(node.whenFalse) }
            let missingToTrue = node.missingTracksTrue || mode == .neq
            switch columns[node.feature] {
            case .number(let field, let float32):
                let t = node.threshold
                guard !t.isNaN else { throw model.fail(.corrupt("a split's threshold is NaN")) }
                let below = Self.below(t, float32: float32)
                switch mode {
                case .leq:
                    return try split(field, t, missingLeft: missingToTrue, gain: 1, left: whenTrue, right: whenFalse)
                case .lt:
                    return try split(
                        field, below, missingLeft: missingToTrue, gain: 1, left: whenTrue, right: whenFalse)
                case .gt:
                    return try split(field, t, missingLeft: !missingToTrue, gain: 1, left: whenFalse, right: whenTrue)
                case .gte:
                    return try split(
                        field, below, missingLeft: !missingToTrue, gain: 1, left: whenFalse, right: whenTrue)
                case .eq:
                    return try equal(
                        field, t, below: below, missingToTrue: missingToTrue, whenTrue: whenTrue, whenFalse: whenFalse)
                case .neq:
                    return try equal(
                        field, t, below: below, missingToTrue: false, whenTrue: whenFalse, whenFalse: whenTrue)
                case .member:
                    let members = Array(Set(node.members)).sorted()
                    func chain(_ k: Int) throws(ImportError) -> Int {
                        guard k < members.count else { return try emit(node.whenFalse) }
                        let m = members[k]
                        return try equal(
                            field, m, below: Self.below(m, float32: float32), missingToTrue: missingToTrue && k == 0,
                            whenTrue: whenTrue, whenFalse: { () throws(ImportError) -> Int in try chain(k + 1) })
                    }
                    return try chain(0)
                }
            case .oneHot(let field, let category):
                return try categorical(
                    field, node: node, mode: mode, missing: 0, value: { $0 == category ? 1 : 0 }, whenTrue: whenTrue,
                    whenFalse: whenFalse)
            case .code(let field, let codes, let unknown):
                return try categorical(
                    field, node: node, mode: mode, missing: unknown, value: { codes[$0] ?? unknown },
                    whenTrue: whenTrue,
                    whenFalse: whenFalse)
            case .text:
                throw model.fail(.unsupported("the trees split a categorical field's text"))
            }
        }
        func categorical(
            _ field: Int, node: Node, mode: Mode, missing: Double, value: (String) -> Double,
            whenTrue: () throws(ImportError) -> Int, whenFalse: () throws(ImportError) -> Int
        ) throws(ImportError) -> Int {
            let categories = schema.fields[field].categories
            let left = Set(categories.indices.filter { Self.compare(value(categories[$0]), node) })
            let index = reserve()
            let l = try whenTrue()
            let r = try whenFalse()
            nodes[index] = SourceTree.Node(
                test: .categorical(field: field, left: left),
                missingGoesLeft: missing.isNaN ? node.missingTracksTrue || mode == .neq : Self.compare(missing, node),
                left: l, right: r, gain: 1)
            return index
        }
        _ = try emit(0)
        return SourceTree(nodes: nodes)
    }

    /// The largest value below `t` in the precision compared (float or double).
    static func below(_ t: Double, float32: Bool) -> Double {
        guard float32 else { return t.nextDown }
        var f = Float(t)
        if Double(f) >= t { f = f.nextDown }
        return Double(f)
    }

    /// Whether a (present) value goes to the true child of `node`.
    static func compare(_ x: Double, _ node: Node) -> Bool {
        let t = node.threshold
        switch node.mode {
        case .leq: return x <= t
        case .lt: return x < t
        case .gte: return x >= t
        case .gt: return x > t
        case .eq: return x == t
        case .neq: return x != t
        case .member: return node.members.contains(x)
        case nil: return false
        }
    }
}

extension ONNXForest.Node {
    /// A leaf's total weight for one class or target.
    func sum(_ target: Int) -> Double {
        weights.reduce(0) { $0 + ($1.target == target ? $1.weight : 0) }
    }
}

extension ONNXForest {
    /// What a person should know when the trees record no way for missing values and the
    /// declared data may have some in the numeric fields they split on; nil otherwise.
    ///
    /// Without `nodes_missing_value_tracks_true` a missing value (NaN) compares false and goes to
    /// each split's false branch, in onnxruntime and in the converted model alike. scikit-learn
    /// 1.3 and later sends it where its training rows with missing values went, or to the child
    /// with more rows (`missing_go_to_left` of `sklearn.tree`), and skl2onnx 1.20 writes that way
    /// only for HistGradientBoosting (`add_tree_to_attribute_pairs` leaves it out for the
    /// forests, decision trees and GradientBoosting): on such rows the file's predictions and
    /// scikit-learn's own can differ (trial22 #11 measured up to 9%).
    /// - Parameters:
    ///   - columns: per tree feature, what it is of the declared fields.
    ///   - producer: the library that wrote the file (`skl2onnx`).
    func missingValueNote(columns: [ONNXModel.Column], schema: Schema, producer: String) -> String? {
        let splits = trees.joined().filter { $0.mode != nil }
        guard !splits.contains(where: \.missingTracksTrue) else { return nil }
        var fields = Set<Int>()
        for node in splits where columns.indices.contains(node.feature) {
            if case .number(let field, _) = columns[node.feature], schema.fields[field].nullable {
                fields.insert(field)
            }
        }
        guard !fields.isEmpty else { return nil }
        let names = ShortList.text(fields.sorted().map { schema.fields[$0].name })
        let source =
            producer == "skl2onnx"
            ? "scikit-learn (1.3 and later) sends it where its training rows missing the value went, or to the child "
                + "with more rows, and skl2onnx writes that way only for HistGradientBoosting, so on a row missing "
                + "\(fields.count == 1 ? "it" : "one of them") scikit-learn's own predict can differ from these "
                + "predictions (to match scikit-learn there, train a HistGradientBoosting model, whose way skl2onnx "
                + "records)"
            : "the library that trained the model may send it elsewhere, so on a row missing "
                + "\(fields.count == 1 ? "it" : "one of them") its own predictions can differ from these"
        return "note: the model file records no way for missing values (no split sets "
            + "nodes_missing_value_tracks_true), and the declared data may miss \(names) (it has missing values there "
            + "or declares \(fields.count == 1 ? "it" : "them") nullable): a missing value goes to each split's false "
            + "branch, as onnxruntime sends it and as the imported model does; " + source
    }
}
