/// Trees read from another library's file, ready to become a `TreeEnsemble`: the thresholds of
/// every numeric field become its bin edges (kept with the source's comparison rule), each
/// categorical split a bitset over the schema's categories, and the nodes are laid out so that
/// a split's two children are neighbours, as the model file wants.
struct ImportedTrees: Sendable {
    var schema: Schema
    /// Per schema field: how its values meet the thresholds (`FeatureBinning.EdgeRule`).
    var rules: [FeatureBinning.EdgeRule]
    var output: TreeEnsemble.Output
    var baseScores: [Double]
    var trees: [SourceTree]
    /// Whether the source recorded cover for every node.
    var hasCover: Bool
    /// Values per leaf: the class count for a forest's class distribution, else 1.
    var leafWidth = 1
    /// What the reading decided that a person should know (`ModelImporter.Converted.notes`).
    var notes: [String] = []

    /// The classes in the order LightGBM and XGBoost number them: scikit-learn's
    /// `LabelEncoder` order (integers by value, text by code point), which a multiclass booster
    /// trained from integer labels `0…K-1` shares. The schema lists classes in UTF-8 byte order,
    /// which differs for ten or more integer classes (`10` sorts before `2`).
    static func boosterClassOrder(_ labels: [String]) -> [String] {
        let numbers = labels.compactMap { Double($0) }
        guard !labels.isEmpty, numbers.count == labels.count else { return labels }
        return zip(labels, numbers).sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The same trees with a softmax model's classes in the schema's order, when the source
    /// numbered them as `sourceOrder` lists them: tree `round × K + k` (and base score `k`) of the
    /// source's class `k` goes to the schema's index of `sourceOrder[k]`.
    func inSchemaClassOrder(from sourceOrder: [String]) -> ImportedTrees {
        let labels = schema.labelValues
        guard output == .softmax, sourceOrder != labels, sourceOrder.count == labels.count,
            trees.count % labels.count == 0
        else { return self }
        let position = sourceOrder.map { labels.firstIndex(of: $0) ?? 0 }
        var reordered = self
        for (t, tree) in trees.enumerated() {
            let round = t / labels.count, k = t % labels.count
            reordered.trees[round * labels.count + position[k]] = tree
        }
        if baseScores.count == labels.count {
            for k in baseScores.indices { reordered.baseScores[position[k]] = baseScores[k] }
        }
        return reordered
    }

    /// The ensemble, thresholds exact, cover kept, importances from the split gains.
    /// - Throws: `ImportError` (`.unsupported`) when a field has more distinct thresholds than
    ///   its 16-bit bins can separate (65,535: bin 0 is missing, and k thresholds make k + 1
    ///   intervals; `FeatureBinning.bin` returns a `UInt16`, which the trees' walk compares), a
    ///   categorical field that a tree splits on has more categories than a model keeps (254; a
    ///   field no tree splits on keeps none and scores alike whatever its value), or a tree is not a
    ///   tree (`.corrupt`: a child out of range, or a node reached twice).
    /// - Complexity: O(nodes × log thresholds + categorical splits × categories).
    func ensemble(file: String) throws(ImportError) -> TreeEnsemble {
        let fields = schema.fields
        var thresholds = [Set<Double>](repeating: [], count: fields.count)
        for tree in trees {
            for node in tree.nodes {
                if case .numeric(let field, let threshold) = node.test { thresholds[field].insert(threshold) }
            }
        }
        let edges = thresholds.map { $0.sorted() }
        let maximumEdges = FeatureBinning.maximumWideBins - 2
        for (f, list) in edges.enumerated() where list.count > maximumEdges {
            throw ImportError(
                file: file,
                reason: .unsupported(
                    "field '\(fields[f].name)' is split at \(list.count) different thresholds, and a model file holds "
                        + "at most \(maximumEdges) per field: prediction turns each field's value into 16 bits (its "
                        + "interval between the thresholds, or missing) before walking the trees. Train so that the "
                        + "field has fewer distinct thresholds: LightGBM or XGBoost with max_bin at most "
                        + "\(maximumEdges + 1), scikit-learn's HistGradientBoosting, or, for a random forest, fewer "
                        + "and shallower trees (max_depth, min_samples_leaf) or the field rounded to at most "
                        + "\(maximumEdges) distinct values before training (for example KBinsDiscretizer's quantiles)"))
        }
        // A field of more categories than a model keeps is fine when no tree splits on it: it
        // keeps none (one bin), and every value scores alike (trial22 #1: an occupation-only
        // model was refused over a 300-level `zip` it never used).
        var splitOn = Set<Int>()
        for tree in trees {
            for node in tree.nodes {
                if case .categorical(let field, _) = node.test { splitOn.insert(field) }
            }
        }
        for (f, field) in fields.enumerated()
        where field.kind == .categorical && field.categories.count > FeatureBinning.maximumCategories
            && splitOn.contains(f)
        {
            throw ImportError(
                file: file,
                reason: .unsupported(
                    "field '\(field.name)' has \(field.categories.count) categories and the model splits on it, and a "
                        + "model file keeps at most \(FeatureBinning.maximumCategories) categories of a field (a byte per "
                        + "value, 0 for missing); group the rarest levels into one (such as 'other') in the data and "
                        + "train the model again, or train it without the field (and add it to ignore = [...])"))
        }
        let binCounts = fields.indices.map { f in
            fields[f].kind != .categorical
                ? edges[f].count + 2
                : fields[f].categories.count > FeatureBinning.maximumCategories ? 1 : fields[f].categories.count + 1
        }
        let binning = FeatureBinning(
            kinds: fields.map { $0.kind == .categorical ? .categorical : .numeric }, edges: edges,
            binCounts: binCounts, rules: fields.indices.map { fields[$0].kind == .categorical ? [] : rules[$0] })
        let bins = edges.map { list in Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, UInt32($0 + 1)) })
        }
        var gains = [Double](repeating: 0, count: fields.count)
        var all = TreeNodes()
        var roots: [UInt32] = []
        let isCategorical = fields.map { $0.kind == .categorical }
        for (t, tree) in trees.enumerated() {
            let nodes = try laidOut(tree, binCounts: binCounts, bins: bins, gains: &gains, file: file, index: t)
            roots.append(all.append(nodes, isCategorical: isCategorical))
        }
        if !hasCover { all.cover = [] }
        return TreeEnsemble(
            schema: schema, binning: binning, output: output, baseScores: baseScores, roots: roots, nodes: all,
            leafWidth: leafWidth, importances: TreeEnsemble.normalized(gains), referenceCounts: [])
    }

    /// One tree in breadth-first order with each split's children side by side.
    private func laidOut(
        _ tree: SourceTree, binCounts: [Int], bins: [[Double: UInt32]], gains: inout [Double], file: String,
        index t: Int
    ) throws(ImportError) -> TreeNodes {
        func broken(_ what: String) -> ImportError { ImportError(file: file, reason: .corrupt("tree \(t): \(what)")) }
        guard !tree.nodes.isEmpty else { throw broken("it has no nodes") }
        var out = TreeNodes()
        var seen = [Bool](repeating: false, count: tree.nodes.count)
        var queue = [(source: 0, target: out.appendNode(cover: tree.nodes[0].cover))]
        seen[0] = true
        var head = 0
        while head < queue.count {
            let (s, target) = queue[head]
            head += 1
            let node = tree.nodes[s]
            let field: Int
            switch node.test {
            case .leaf(let values):
                guard values.count == leafWidth else {
                    throw broken("a leaf has \(values.count) values, not \(leafWidth)")
                }
                values.withUnsafeBufferPointer { out.makeLeaf(target, values: $0) }
                continue
            case .numeric(let f, let threshold):
                field = f
                out.split[target] = bins[f][threshold] ?? 0
                out.missingRight[target] = !node.missingGoesLeft
            case .categorical(let f, let left):
                field = f
                let words = (binCounts[f] + 63) / 64
                var set = [UInt64](repeating: 0, count: words)
                if node.missingGoesLeft { set[0] |= 1 }
                for category in left where category + 1 < binCounts[f] {
                    set[(category + 1) / 64] |= 1 << UInt64((category + 1) % 64)
                }
                out.split[target] = UInt32(out.bitsets.count)
                out.bitsets += set
            }
            for child in [node.left, node.right] {
                guard tree.nodes.indices.contains(child), !seen[child] else {
                    throw broken("node \(s) has a child (\(child)) that is out of range or reached twice")
                }
                seen[child] = true
            }
            let left = out.appendNode(cover: tree.nodes[node.left].cover)
            let right = out.appendNode(cover: tree.nodes[node.right].cover)
            out.feature[target] = Int16(field)
            out.left[target] = UInt32(left)
            gains[field] += max(node.gain, 0)
            queue += [(node.left, left), (node.right, right)]
        }
        return out
    }
}
