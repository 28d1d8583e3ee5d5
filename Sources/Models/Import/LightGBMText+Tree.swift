/// One tree block of a LightGBM text model.
extension LightGBMText {
    /// Tree `t` in the importers' common form, and whether it records every node's count.
    /// - Parameters:
    ///   - categories: per LightGBM feature, its category codes' positions in the schema.
    ///   - scale: the factor every leaf value is multiplied by.
    ///   - missingTypes: per schema field, the missing type its splits use so far (a field's
    ///     splits must agree: the type belongs to the field's bins in LightGBM).
    func tree(
        _ t: Int, _ block: (entries: [String: Entry], line: Int), fieldOf: [Int], names: [String], schema: Schema,
        categories: [[Int?]?], scale: Double, missingTypes: inout [Int: (type: Int, line: Int)]
    ) throws(ImportError) -> (SourceTree, Bool) {
        let entries = block.entries
        func fail(_ line: Int, _ reason: ImportError.Reason) -> ImportError {
            ImportError(file: file, line: line, reason: reason)
        }
        func entry(_ key: String) throws(ImportError) -> Entry {
            guard let entry = entries[key] else { throw fail(block.line, .corrupt("tree \(t) has no '\(key)='")) }
            return entry
        }
        func numbers<T: LosslessStringConvertible>(_ key: String, _ count: Int, _: T.Type) throws(ImportError) -> [T] {
            let entry = try entry(key)
            var values: [T] = []
            for word in entry.value.split(separator: " ") {
                guard let value = T(String(word)) else {
                    throw fail(entry.line, .corrupt("tree \(t): '\(word)' in \(key) is not a number"))
                }
                values.append(value)
            }
            guard values.count == count else {
                throw fail(entry.line, .corrupt("tree \(t): \(key) has \(values.count) values, not \(count)"))
            }
            return values
        }
        if let linear = entries["is_linear"], linear.value != "0" {
            throw fail(
                linear.line,
                .unsupported(
                    "tree \(t) is a linear tree (linear_tree=true): its leaves are "
                        + "linear models; train without linear_tree"))
        }
        let leaves = try numbers("num_leaves", 1, Int.self)[0]
        guard leaves >= 1 else { throw fail(block.line, .corrupt("tree \(t) has \(leaves) leaves")) }
        let leafValues = try numbers("leaf_value", leaves, Double.self)
        let splits = leaves - 1
        let leafCounts = entries["leaf_count"] == nil ? nil : try numbers("leaf_count", leaves, Double.self)
        guard splits > 0 else {
            return (
                SourceTree(nodes: [.init(test: .leaf([leafValues[0] * scale]), cover: leafCounts?[0] ?? 0)]),
                leafCounts != nil
            )
        }
        let features = try numbers("split_feature", splits, Int.self)
        let gains = try numbers("split_gain", splits, Double.self)
        let thresholds = try numbers("threshold", splits, Double.self)
        let decisions = try numbers("decision_type", splits, Int.self)
        let lefts = try numbers("left_child", splits, Int.self)
        let rights = try numbers("right_child", splits, Int.self)
        let counts = entries["internal_count"] == nil ? nil : try numbers("internal_count", splits, Double.self)
        let categoricalSplits = decisions.filter { $0 & 1 == 1 }.count
        let boundaries =
            categoricalSplits == 0 ? [] : try entry("cat_boundaries").value.split(separator: " ").compactMap { Int($0) }
        let words =
            categoricalSplits == 0
            ? [] : try entry("cat_threshold").value.split(separator: " ").compactMap { UInt32($0) }
        // Splits first (LightGBM's node numbers), then leaves: a child `c < 0` is leaf `~c`.
        var nodes: [SourceTree.Node] = []
        func child(_ c: Int, of i: Int) throws(ImportError) -> Int {
            let index = c >= 0 ? c : splits + ~c
            guard c >= 0 ? c < splits : ~c < leaves else {
                throw fail(
                    try entry(c >= 0 ? "left_child" : "right_child").line,
                    .corrupt("tree \(t): node \(i)'s child \(c) is out of range"))
            }
            return index
        }
        for i in 0..<splits {
            let feature = features[i]
            guard fieldOf.indices.contains(feature) else {
                throw fail(try entry("split_feature").line, .corrupt("tree \(t): feature \(feature) is out of range"))
            }
            let field = fieldOf[feature]
            let name = names[feature]
            let decision = decisions[i]
            var node = SourceTree.Node(
                test: .leaf([0]), left: try child(lefts[i], of: i), right: try child(rights[i], of: i),
                cover: counts?[i] ?? 0, gain: gains[i])
            if decision & 1 == 1 {
                guard let codes = categories[feature] else {
                    throw fail(
                        try entry("decision_type").line,
                        .fieldKind(
                            schema.fields[field].name, model: .categorical,
                            what: "tree \(t) splits '\(name)' by category"))
                }
                let c = Int(thresholds[i])
                guard c >= 0, c + 1 < boundaries.count, boundaries[c] <= boundaries[c + 1],
                    boundaries[c + 1] <= words.count
                else {
                    throw fail(
                        try entry("cat_boundaries").line,
                        .corrupt("tree \(t): node \(i)'s category set \(c) is out of range"))
                }
                var left = Set<Int>()
                for (w, word) in words[boundaries[c]..<boundaries[c + 1]].enumerated() {
                    for bit in 0..<32 where word >> UInt32(bit) & 1 == 1 {
                        let code = w * 32 + bit
                        // A code past the model's categories never occurs; the schema matches the model's list.
                        if code < codes.count, let position = codes[code] { left.insert(position) }
                    }
                }
                node.test = .categorical(field: field, left: left)
                node.missingGoesLeft = false
            } else {
                guard categories[feature] == nil else {
                    throw fail(
                        try entry("decision_type").line,
                        .fieldKind(
                            schema.fields[field].name, model: .numeric, what: "tree \(t) splits '\(name)' as a number"))
                }
                let missingType = (decision >> 2) & 3
                let defaultLeft = decision & 2 != 0
                let line = try entry("decision_type").line
                if let earlier = missingTypes[field], (earlier.type == 1) != (missingType == 1) {
                    throw fail(
                        line,
                        .unsupported(
                            "'\(name)' has splits with missing type Zero and splits with another (line \(earlier.line))"
                        ))
                }
                missingTypes[field] = missingTypes[field] ?? (missingType, line)
                let threshold = thresholds[i]
                switch missingType {
                case 0: node.missingGoesLeft = 0 <= threshold  // NaN is compared as 0.0
                case 1, 2: node.missingGoesLeft = defaultLeft
                default: throw fail(line, .corrupt("tree \(t): node \(i) has an unknown missing type \(missingType)"))
                }
                node.test = .numeric(field: field, threshold: threshold)
            }
            nodes.append(node)
        }
        for l in 0..<leaves {
            nodes.append(SourceTree.Node(test: .leaf([leafValues[l] * scale]), cover: leafCounts?[l] ?? 0))
        }
        return (SourceTree(nodes: nodes), counts != nil && leafCounts != nil)
    }
}
