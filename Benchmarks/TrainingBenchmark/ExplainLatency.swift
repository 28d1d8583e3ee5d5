import Models

extension TrainingBenchmark {
    /// The median time of one row's TreeSHAP contributions, over the first 200 rows of `data`
    /// given as text (the rows `oneRowSeconds` predicts), each explained once: a walk visits every
    /// node, so a row costs far more than its prediction.
    static func oneRowExplainSeconds(_ model: TreeModel, _ data: Dataset) throws -> Double {
        let explainer = try TreeExplainer(model)
        var singles: [Double] = []
        for r in 0..<min(200, data.rowCount) {
            let row = textRow(data, r)
            let start = clock()
            _ = try explainer.explain(row)
            singles.append(clock() - start)
        }
        return median(singles)
    }
}
