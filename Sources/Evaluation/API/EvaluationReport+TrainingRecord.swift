import Models

extension EvaluationReport.Dataset {
    /// The test data a training record names, with the schema's positive label (its second
    /// label value). Rows and positives are filled in when the report is built.
    /// - Parameter model: the record of the version scored on those rows, whose positive label
    ///   the report counts (`modelpress evaluate A --on B`); `record` itself when nil.
    public init(testDataOf record: TrainingRecord, scoredBy model: TrainingRecord? = nil) {
        let values = (model ?? record).schema.labelValues
        self.init(
            path: record.testData.path, sha256: record.testData.sha256,
            positiveLabel: values.count == 2 ? values[1] : nil)
    }
}

extension GroupColumns {
    /// Declares, for every categorical field of `schema` among `values`, the schema's
    /// categories, so groups without test rows still appear (with support 0).
    public init(values: [String: [String]], schema: Schema) {
        var categories: [String: [String]] = [:]
        for field in schema.fields where field.kind == .categorical && values[field.name] != nil {
            categories[field.name] = field.categories
        }
        self.init(values: values, categories: categories)
    }
}
