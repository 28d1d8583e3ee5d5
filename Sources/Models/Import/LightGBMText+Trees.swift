import Basics
import JSONReading

/// The meaning of LightGBM's text model (LightGBM's `Tree::NumericalDecision` and
/// `Tree::CategoricalDecision`, `GBDT::Predict`, and the objectives' `ConvertOutput`):
///
/// - a numeric split sends a row left when `value <= threshold` in double; by the split's
///   missing type (`decision_type` bits 2–3), NaN is 0.0 (None), NaN and values within ±1e-35
///   go the default way (Zero), or NaN goes the default way (NaN); `default_left` is bit 1;
/// - a categorical split (bit 0) sends a row left when its category code is in the bitset
///   `cat_threshold[cat_boundaries[t] ..< cat_boundaries[t + 1]]`, `t` the split's threshold;
///   a missing or unknown category goes right;
/// - the raw score is the sum of the trees' leaves (divided by the rounds under
///   `average_output`), then `binary` applies σ(sigmoid × raw), `multiclass` softmax over the
///   classes (tree `i` adds to class `i mod num_class`), `regression` and the other identity
///   objectives nothing.
extension LightGBMText {
    /// The objectives whose output is the raw score itself.
    static let identityObjectives: Set = [
        "regression", "regression_l2", "l2", "mean_squared_error", "mse",
        "regression_l1", "l1", "mean_absolute_error", "mae", "huber", "fair", "quantile", "mape",
    ]

    /// The trees, matched to `schema` by feature name.
    /// - Throws: `ImportError`: `.unsupported` for another objective, linear trees, or a field
    ///   whose splits mix missing types; `.mismatch` when a feature, its kind, a category or the
    ///   classes differ from the schema's; `.corrupt` for a malformed value.
    func trees(schema: Schema) throws(ImportError) -> ImportedTrees {
        let names = try header("feature_names").value.split(separator: " ").map(String.init)
        let fieldOf = try fieldIndices(names, schema: schema)
        let (output, scale) = try outputFunction(schema: schema)
        let rounds = try header("num_tree_per_iteration")
        let perRound = try int(rounds)
        guard perRound >= 1, trees.count % perRound == 0 else {
            throw fail(rounds.line, .corrupt("\(trees.count) trees are not whole rounds of \(perRound)"))
        }
        let leafScale = header["average_output"] == nil ? scale : scale / Double(max(trees.count / perRound, 1))
        var notes: [String] = []
        let categories = try categoryCodes(names, fieldOf: fieldOf, schema: schema, notes: &notes)
        var rules = [FeatureBinning.EdgeRule](repeating: [], count: schema.fields.count)
        var missingTypes = [Int: (type: Int, line: Int)]()
        var hasCover = true
        var converted: [SourceTree] = []
        for (t, tree) in trees.enumerated() {
            let (source, cover) = try self.tree(
                t, tree, fieldOf: fieldOf, names: names, schema: schema, categories: categories, scale: leafScale,
                missingTypes: &missingTypes)
            hasCover = hasCover && cover
            converted.append(source)
        }
        for (field, missing) in missingTypes where missing.type == 1 { rules[field] = .zeroIsMissing }
        let classes = output == .softmax ? schema.labelValues.count : 1
        return ImportedTrees(
            schema: schema, rules: rules, output: output, baseScores: [Double](repeating: 0, count: classes),
            trees: converted, hasCover: hasCover, notes: notes)
    }

    private func fail(_ line: Int?, _ reason: ImportError.Reason) -> ImportError {
        ImportError(file: file, line: line, reason: reason)
    }

    private func header(_ key: String) throws(ImportError) -> Entry {
        guard let entry = header[key] else {
            throw fail(nil, .corrupt("the header has no '\(key)=' line"))
        }
        return entry
    }

    private func int(_ entry: Entry) throws(ImportError) -> Int {
        guard let value = Int(entry.value) else {
            throw fail(entry.line, .corrupt("'\(entry.value)' is not an integer"))
        }
        return value
    }

    /// Each LightGBM feature's schema field.
    private func fieldIndices(_ names: [String], schema: Schema) throws(ImportError) -> [Int] {
        let line = header["feature_names"]?.line
        var indices: [Int] = []
        for name in names {
            // LightGBM writes a name's spaces as underscores.
            guard
                let f = schema.fields.firstIndex(where: { $0.name == name })
                    ?? schema.fields.firstIndex(where: { $0.name.replacingOccurrences(of: " ", with: "_") == name })
            else {
                throw fail(
                    line,
                    .absentFeature(name, what: "feature", fields: schema.fields.map(\.name)))
            }
            indices.append(f)
        }
        return indices
    }

    /// The output function and the factor every leaf is multiplied by.
    private func outputFunction(schema: Schema) throws(ImportError) -> (TreeEnsemble.Output, Double) {
        guard let entry = header["objective"] else {
            throw fail(
                nil, .unsupported("the model records no objective (a custom objective's output function is unknown)"))
        }
        let words = entry.value.split(separator: " ")
        let name = words.first.map(String.init) ?? ""
        var parameters: [String: Substring] = [:]
        for word in words.dropFirst() {
            let parts = word.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { parameters[String(parts[0])] = parts[1] }
        }
        func task(_ wanted: PredictionTask) throws(ImportError) {
            guard schema.task == wanted else {
                throw fail(
                    entry.line,
                    .mismatch(
                        "the objective '\(name)' is a \(wanted.rawValue) model and the declared label '\(schema.label)' "
                            + "is a \(schema.task.rawValue) task"))
            }
        }
        switch name {
        case "binary":
            try task(.binary)
            guard let sigmoid = Double(parameters["sigmoid"] ?? "1"), sigmoid > 0 else {
                throw fail(entry.line, .corrupt("objective 'binary' has no valid sigmoid"))
            }
            return (.logit, sigmoid)
        case "multiclass":
            try task(.multiclass)
            let classes = try int(header("num_class"))
            guard classes == schema.labelValues.count else {
                throw fail(
                    header["num_class"]?.line,
                    .mismatch(
                        "the model has \(classes) classes and the declared label '\(schema.label)' has "
                            + "\(schema.labelValues.count) (\(schema.labelValues.joined(separator: ", ")))"))
            }
            return (.softmax, 1)
        case "multiclassova":
            throw fail(
                entry.line,
                .unsupported(
                    "objective 'multiclassova' (one-vs-all: a sigmoid per class, not normalised); train with "
                        + "objective='multiclass'"))
        case _ where Self.identityObjectives.contains(name):
            try task(.regression)
            return (.sum, 1)
        default:
            throw fail(
                entry.line,
                .unsupported(
                    "objective '\(name)' (supported: binary, multiclass, and the regression objectives whose output "
                        + "is the score itself: \(Self.identityObjectives.sorted().joined(separator: ", ")))"))
        }
    }

    /// Per LightGBM feature: for a categorical one, its category codes' positions among the
    /// schema's categories (`nil` for a numeric feature). A declared category the model never
    /// saw is not an error: LightGBM's pandas reading makes it NaN, which every categorical split
    /// sends right, as the converted splits send a category outside their set; `notes` says so.
    private func categoryCodes(
        _ names: [String], fieldOf: [Int], schema: Schema, notes: inout [String]
    ) throws(ImportError) -> [[Int?]?] {
        let categorical = names.indices.filter { schema.fields[fieldOf[$0]].kind == .categorical }
        let lists = try pandasLists()
        let line = pandasCategorical?.line
        if let lists, lists.count != categorical.count {
            throw fail(
                line,
                .mismatch(
                    "pandas_categorical lists \(lists.count) categorical columns and the declared data has "
                        + "\(categorical.count) categorical fields ("
                        + categorical.map { names[$0] }.joined(separator: ", ") + ")"))
        }
        var codes = [[Int?]?](repeating: nil, count: names.count)
        for (position, feature) in categorical.enumerated() {
            let field = schema.fields[fieldOf[feature]]
            var index = Dictionary(field.categories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            if let lists {
                // pandas reads a true/false column in any case (`True`, as its `to_csv` writes it)
                // as bool, whose categories LightGBM writes `true`/`false` (trial22 #2).
                for category in lists[position] where index[category] == nil {
                    if let match = CategoryName.truthCategory(category, in: field.categories) {
                        index[category] = match
                    }
                }
                let model = Set(lists[position].map { index[$0].map { field.categories[$0] } ?? $0 })
                if lists[position].contains(where: { index[$0] == nil }),
                    let mismatch = ImportError.Reason.categories(of: field, model: lists[position])
                {
                    throw fail(line, mismatch)
                }
                let unseen = field.categories.filter { !model.contains($0) }
                if !unseen.isEmpty {
                    notes.append(
                        "field '\(field.name)': the model never saw \(unseen.joined(separator: ", ")); LightGBM sends a "
                            + "category it does not know where it sends a missing one (right at each categorical split), "
                            + "and so does the imported model")
                }
                codes[feature] = lists[position].map { index[$0] }
            } else {
                // Without pandas, a category's code is the integer it is written as.
                guard field.categories.allSatisfy({ Int($0).map { $0 >= 0 } ?? false }) else {
                    throw fail(
                        nil,
                        .mismatch(
                            "field '\(field.name)' is categorical, and the model has no pandas_categorical line to name "
                                + "its categories (train on a pandas frame with category columns)"))
                }
                let largest = field.categories.compactMap { Int($0) }.max() ?? -1
                var byCode = [Int?](repeating: nil, count: largest + 1)
                for (position, category) in field.categories.enumerated() { byCode[Int(category) ?? 0] = position }
                codes[feature] = byCode
            }
        }
        return codes
    }

    /// The pandas_categorical line's lists (numbers as they are written, JSON booleans as `true`
    /// and `false`), `nil` when absent or null.
    private func pandasLists() throws(ImportError) -> [[String]]? {
        guard let entry = pandasCategorical else { return nil }
        let text = Array(entry.value.utf8)
        do {
            return try text.withUnsafeBytes { bytes throws(JSONReadError) in
                try JSONReader.read(bytes) { reader throws(JSONReadError) -> [[String]]? in
                    if try reader.readNull() { return nil }
                    return try reader.array { r throws(JSONReadError) in
                        try r.array { r throws(JSONReadError) in
                            switch r.peek() {
                            case UInt8(ascii: "\""): return try r.string()
                            // A bool column made categorical (`astype("category")`) lists its
                            // categories as JSON booleans, in code order: `[false, true]`.
                            case UInt8(ascii: "t"), UInt8(ascii: "f"): return String(try r.bool())
                            default: return numberText(try r.double())
                            }
                        }
                    }
                }
            }
        } catch {
            throw fail(entry.line, .corrupt("pandas_categorical is not a JSON list of lists: \(error)"))
        }
    }
}
