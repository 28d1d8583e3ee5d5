import Models

/// Scoring many validated rows at once with the batch path (binned, tree by tree over blocks
/// of rows, on both cores): a job's chunk and `modelpress predict`'s file.
public enum BatchScoring {
    /// The predictions for `rows` (each in `schema`'s field order), in order; exactly the
    /// one-row answers.
    /// - Complexity: O(rows × (fields + trees × depth) / threads).
    public static func predict(_ rows: [[FieldValue]], schema: Schema, model: TreeModel) -> [Prediction] {
        var numbers = [[Double]](repeating: [], count: schema.fields.count)
        var codes = [[Int32]](repeating: [], count: schema.fields.count)
        for (f, field) in schema.fields.enumerated() {
            switch field.kind {
            case .numeric:
                numbers[f] = rows.map {
                    if case .number(let value) = $0[f] { return value }
                    return .nan
                }
            case .categorical:
                let code = Dictionary(
                    field.categories.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
                codes[f] = rows.map {
                    if case .category(let value) = $0[f] { return code[value] ?? -1 }
                    return -1
                }
            }
        }
        let data = Dataset(
            schema: schema, numbers: numbers, codes: codes, labels: [UInt8](repeating: 0, count: rows.count))
        return model.predict(data)
    }
}
