import Foundation

/// The trees of an ONNX-ML tree ensemble node in one form, whichever operator holds them (the
/// ONNX-ML operator specification, docs/Operators-ml.md):
///
/// - `TreeEnsembleClassifier` / `TreeEnsembleRegressor` (ai.onnx.ml 1–3): parallel `nodes_*`
///   attributes, a node identified by (`nodes_treeids`, `nodes_nodeids`), its mode a string
///   (`BRANCH_LEQ`, `BRANCH_LT`, `BRANCH_GTE`, `BRANCH_GT`, `BRANCH_EQ`, `BRANCH_NEQ`, `LEAF`),
///   its threshold in `nodes_values` (float) or `nodes_values_as_tensor`; the leaves' weights in
///   `class_*` / `target_*` (tree, node, class or target, weight).
/// - `TreeEnsemble` (ai.onnx.ml 5): `tree_roots`, node arrays whose children are node or leaf
///   indices (`nodes_trueleafs`, `nodes_falseleafs`), modes in a uint8 tensor (0 LEQ … 5 NEQ,
///   6 set membership, the sets in `membership_values` separated by NaN, in node order), leaves
///   in `leaf_targetids` / `leaf_weights`.
///
/// A row goes to the true child when its value compares true with the threshold; a missing
/// value (NaN) compares false (true for NEQ) unless `nodes_missing_value_tracks_true` sends it
/// to the true child.
struct ONNXForest {
    enum Mode: Equatable {
        case leq, lt, gte, gt, eq, neq, member
    }

    struct Node {
        /// `nil` for a leaf.
        var mode: Mode?
        var feature = 0
        var threshold = 0.0
        /// The set of a set-membership split.
        var members: [Double] = []
        var whenTrue = 0
        var whenFalse = 0
        var missingTracksTrue = false
        /// A leaf's weights: (class or target, weight).
        var weights: [(target: Int, weight: Double)] = []
    }

    /// One tree's nodes, the root first.
    typealias Tree = [Node]

    var node: Onnx_NodeProto
    var trees: [Tree]
    /// The class labels of a classifier as text (`classlabels_strings`, or `classlabels_int64s`
    /// written as decimals); `nil` for a regressor.
    var labels: [String]?
    /// `NONE`, `LOGISTIC`, `SOFTMAX`, `SOFTMAX_ZERO`, `PROBIT`.
    var postTransform: String
    /// `SUM`, `AVERAGE`, `MIN`, `MAX`.
    var aggregate: String
    var baseValues: [Double]
    /// The number of targets of a regressor (1 for a classifier's use).
    var targets: Int

    /// Reads the attributes of `node`.
    /// - Throws: `ImportError` (`.corrupt`) when attribute arrays differ in length, a child or
    ///   leaf is out of range, a tree has no single root, or a mode is unknown.
    init(_ node: Onnx_NodeProto, model: ONNXModel) throws(ImportError) {
        self.node = node
        let attributes = ONNXModel.attributes(node)
        func fail(_ what: String) -> ImportError {
            model.fail(.corrupt("node \(ONNXModel.describe(node)): \(what)"))
        }
        func ints(_ name: String) -> [Int] { attributes[name]?.ints.map { Int(truncatingIfNeeded: $0) } ?? [] }
        func numbers(_ name: String) throws(ImportError) -> [Double] {
            if let tensor = attributes[name + "_as_tensor"], tensor.hasT { return try model.numbers(tensor.t, name) }
            if let tensor = attributes[name], tensor.hasT { return try model.numbers(tensor.t, name) }
            return attributes[name]?.floats.map(Double.init) ?? []
        }
        func string(_ name: String, _ otherwise: String) -> String {
            attributes[name].map { String(decoding: $0.s, as: UTF8.self) } ?? otherwise
        }
        if node.opType == "TreeEnsemble" {
            let transforms = ["NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT"]
            let aggregates = ["AVERAGE", "SUM", "MIN", "MAX"]
            let transform = Int(attributes["post_transform"]?.i ?? 0)
            let aggregate = Int(attributes["aggregate_function"]?.i ?? 1)
            guard transforms.indices.contains(transform), aggregates.indices.contains(aggregate) else {
                throw fail("post_transform \(transform) or aggregate_function \(aggregate) is out of range")
            }
            postTransform = transforms[transform]
            self.aggregate = aggregates[aggregate]
            labels = nil
            baseValues = []
            targets = Int(attributes["n_targets"]?.i ?? 1)
            trees = try Self.opset5Trees(ints: ints, numbers: numbers, fail: fail)
            return
        }
        let isClassifier = node.opType == "TreeEnsembleClassifier"
        postTransform = string("post_transform", "NONE")
        aggregate = string("aggregate_function", "SUM")
        baseValues = try numbers("base_values")
        if isClassifier {
            if let strings = attributes["classlabels_strings"]?.strings, !strings.isEmpty {
                labels = strings.map { String(decoding: $0, as: UTF8.self) }
            } else {
                labels = attributes["classlabels_int64s"]?.ints.map(String.init) ?? []
            }
            targets = labels?.count ?? 0
        } else {
            labels = nil
            targets = Int(attributes["n_targets"]?.i ?? 1)
        }
        let leaf = isClassifier ? "class_" : "target_"
        let treeIDs = ints("nodes_treeids"), nodeIDs = ints("nodes_nodeids"), features = ints("nodes_featureids")
        let modes = attributes["nodes_modes"]?.strings.map { String(decoding: $0, as: UTF8.self) } ?? []
        let values = try numbers("nodes_values")
        let trueIDs = ints("nodes_truenodeids"), falseIDs = ints("nodes_falsenodeids")
        let tracks = ints("nodes_missing_value_tracks_true")
        let count = treeIDs.count
        guard count > 0,
            [nodeIDs.count, features.count, modes.count, trueIDs.count, falseIDs.count].allSatisfy({ $0 == count }),
            values.count == count || values.isEmpty, tracks.count == count || tracks.isEmpty
        else { throw fail("its nodes_* attributes differ in length (or there are none)") }
        let leafTrees = ints(leaf + "treeids"), leafNodes = ints(leaf + "nodeids"), leafIDs = ints(leaf + "ids")
        let weights = try numbers(leaf + "weights")
        guard [leafNodes.count, leafIDs.count, weights.count].allSatisfy({ $0 == leafTrees.count }) else {
            throw fail("its \(leaf)* attributes differ in length")
        }
        let names: [String: Mode] = [
            "BRANCH_LEQ": .leq, "BRANCH_LT": .lt, "BRANCH_GTE": .gte, "BRANCH_GT": .gt, "BRANCH_EQ": .eq,
            "BRANCH_NEQ": .neq,
        ]
        // Per tree id in ascending order: its nodes by node id.
        var byTree: [Int: [Int: Int]] = [:]
        for i in 0..<count { byTree[treeIDs[i], default: [:]][nodeIDs[i]] = i }
        var leafWeights: [Int: [Int: [(target: Int, weight: Double)]]] = [:]
        for j in leafTrees.indices {
            leafWeights[leafTrees[j], default: [:]][leafNodes[j], default: []].append((leafIDs[j], weights[j]))
        }
        var trees: [Tree] = []
        for treeID in byTree.keys.sorted() {
            let index = byTree[treeID] ?? [:]
            // The root is the one node no other node names as a child.
            var children = Set<Int>()
            for (_, i) in index where modes[i] != "LEAF" { children.formUnion([trueIDs[i], falseIDs[i]]) }
            let roots = index.keys.filter { !children.contains($0) }
            guard roots.count == 1, let root = roots.first else {
                throw fail("tree \(treeID) has \(roots.count) roots")
            }
            var tree: Tree = []
            var position: [Int: Int] = [:]
            var queue = [root]
            while let id = queue.popLast() {
                guard position[id] == nil else { throw fail("tree \(treeID) reaches node \(id) twice") }
                position[id] = tree.count
                guard let i = index[id] else { throw fail("tree \(treeID) has no node \(id)") }
                var node = Node()
                if modes[i] == "LEAF" {
                    node.weights = leafWeights[treeID]?[id] ?? []
                } else {
                    guard let mode = names[modes[i]] else {
                        throw fail("node \(id) of tree \(treeID) has the mode '\(modes[i])'")
                    }
                    guard index[trueIDs[i]] != nil, index[falseIDs[i]] != nil else {
                        throw fail("node \(id) of tree \(treeID) has a child that is not in the tree")
                    }
                    node.mode = mode
                    node.feature = features[i]
                    node.threshold = values.isEmpty ? 0 : values[i]
                    node.whenTrue = trueIDs[i]
                    node.whenFalse = falseIDs[i]
                    node.missingTracksTrue = !tracks.isEmpty && tracks[i] != 0
                    queue += [falseIDs[i], trueIDs[i]]
                }
                tree.append(node)
            }
            // Children by node id become children by position.
            for n in tree.indices where tree[n].mode != nil {
                guard let t = position[tree[n].whenTrue], let f = position[tree[n].whenFalse] else {
                    throw fail("tree \(treeID) has a child it never reaches")
                }
                tree[n].whenTrue = t
                tree[n].whenFalse = f
            }
            trees.append(tree)
        }
        self.trees = trees
    }

    /// The trees of an opset-5 `TreeEnsemble`.
    private static func opset5Trees(
        ints: (String) -> [Int], numbers: (String) throws(ImportError) -> [Double], fail: (String) -> ImportError
    ) throws(ImportError) -> [Tree] {
        let roots = ints("tree_roots"), features = ints("nodes_featureids")
        let splits = try numbers("nodes_splits"), modeCodes = try numbers("nodes_modes")
        let trueIDs = ints("nodes_truenodeids"), falseIDs = ints("nodes_falsenodeids")
        let trueLeafs = ints("nodes_trueleafs"), falseLeafs = ints("nodes_falseleafs")
        let tracks = ints("nodes_missing_value_tracks_true")
        let targets = ints("leaf_targetids"), weights = try numbers("leaf_weights")
        let membership = try numbers("membership_values")
        let count = features.count
        guard !roots.isEmpty,
            [splits.count, modeCodes.count, trueIDs.count, falseIDs.count, trueLeafs.count, falseLeafs.count]
                .allSatisfy({ $0 == count }), tracks.isEmpty || tracks.count == count, targets.count == weights.count
        else { throw fail("its nodes_* or leaf_* attributes differ in length") }
        let modes: [Mode] = [.leq, .lt, .gte, .gt, .eq, .neq, .member]
        // The sets of the membership splits, in node order, each ended by a NaN.
        var sets: [Int: [Double]] = [:]
        var values = membership[...]
        for i in 0..<count where modeCodes[i] == 6 {
            guard let end = values.firstIndex(where: \.isNaN) else { throw fail("membership_values has too few sets") }
            sets[i] = Array(values[..<end])
            values = values[(end + 1)...]
        }
        var trees: [Tree] = []
        for root in roots {
            guard (0..<count).contains(root) else { throw fail("tree root \(root) is out of range") }
            var tree: Tree = []
            func add(_ id: Int, isLeaf: Bool, depth: Int) throws(ImportError) -> Int {
                guard depth <= count else { throw fail("the tree at root \(root) is not a tree") }
                let position = tree.count
                if isLeaf {
                    guard weights.indices.contains(id) else { throw fail("leaf \(id) is out of range") }
                    tree.append(Node(weights: [(targets[id], weights[id])]))
                    return position
                }
                guard (0..<count).contains(id) else { throw fail("node \(id) is out of range") }
                let code = Int(modeCodes[id])
                guard modes.indices.contains(code) else { throw fail("node \(id) has the mode \(code)") }
                tree.append(
                    Node(
                        mode: modes[code], feature: features[id], threshold: splits[id], members: sets[id] ?? [],
                        missingTracksTrue: !tracks.isEmpty && tracks[id] != 0))
                let whenTrue = try add(trueIDs[id], isLeaf: trueLeafs[id] != 0, depth: depth + 1)
                let whenFalse = try add(falseIDs[id], isLeaf: falseLeafs[id] != 0, depth: depth + 1)
                tree[position].whenTrue = whenTrue
                tree[position].whenFalse = whenFalse
                return position
            }
            _ = try add(root, isLeaf: false, depth: 0)
            trees.append(tree)
        }
        return trees
    }
}
