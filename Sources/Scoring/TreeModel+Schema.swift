/// What a loaded model tells about itself.
extension TreeModel {
    /// The input schema the model was trained with (field names, kinds, categories, the task
    /// and its classes).
    /// - Complexity: O(strings); built on each call, so keep it off the hot path.
    public var schema: Schema {
        var fields: [Field] = []
        for f in 0..<counts.features {
            let name = string(nameString(f))
            if isCategorical(f) {
                fields.append(.categorical(name, categoryStrings(f).map(string)))
            } else {
                fields.append(.numeric(name))
            }
        }
        return Schema(fields: fields, label: string(labelString), labelValues: labelValues)
    }

    /// The classes in the order the model numbers them (binary: negative class first); empty
    /// for regression.
    public var labelValues: [String] {
        ((labelString + 1)..<counts.strings).map(string)
    }

    /// Each field's importance (mean decrease in impurity, or total gain for boosting), summing to 1.
    public var featureImportances: [String: Double] {
        var result: [String: Double] = [:]
        for f in 0..<counts.features { result[string(nameString(f))] = importanceValues[f] }
        return result
    }

    /// The names of the fields some tree splits on; a field outside it cannot change a prediction.
    /// - Complexity: O(nodes).
    public var fieldsSplitOn: Set<String> {
        var used = [Bool](repeating: false, count: counts.features)
        for node in 0..<counts.nodes {
            // The link word: the field in bits 0–7 (`leafField` for a leaf).
            let field = Int(nodes[2 * node + 1] & 0xFF)
            if field != Int(ModelFileLayout.leafField) && field < used.count { used[field] = true }
        }
        return Set(used.indices.filter { used[$0] }.map { string(nameString($0)) })
    }

    public var treeCount: Int { counts.trees }
    public var nodeCount: Int { counts.nodes }
    /// The model file's size in bytes.
    public var byteCount: Int { storage.count }
}
