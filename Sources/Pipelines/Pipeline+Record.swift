import Models

extension Pipeline {
    /// How this pipeline file differs from the facts a registered version was trained with: one
    /// line per difference, `recorded → declared` (`hyper-parameter trees: 100 → 300`), empty
    /// when the file still describes the version.
    ///
    /// Compared: the algorithm, the seed, every hyper-parameter, and — for records written since
    /// data was declared in the pipeline — every `[data]` key the pipeline sets and the
    /// `[evaluation]` table. A key the pipeline leaves to inference (`task`, `positive`,
    /// `separator`) is compared only when the pipeline names it, since the record holds the
    /// inferred value. Records of imported versions have no training facts to compare; their
    /// pipelines are compared on the data only.
    /// - Parameter record: the version's training.json.
    public func differences(from record: TrainingRecord) -> [String] {
        var lines: [String] = []
        func compare<Value: Equatable>(_ name: String, _ recorded: Value, _ declared: Value, _ text: (Value) -> String)
        {
            if recorded != declared { lines.append("\(name): \(text(recorded)) → \(text(declared))") }
        }
        func listed(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
        func optional(_ value: String?) -> String { value ?? "not set" }

        if record.source == nil {
            compare("algorithm", record.algorithm, algorithm?.rawValue ?? "none (an import)", { $0 })
            compare("seed", record.seed, seed, { String($0) })
            for name in Set(record.hyperparameters.keys).union(hyperparameters.keys).sorted() {
                compare("hyper-parameter \(name)", record.hyperparameters[name], hyperparameters[name], optional)
            }
        }
        guard let recordedData = record.data else { return lines }
        compare("data.training", recordedData.training, data.training, { $0 })
        compare("data.test", recordedData.test, data.test, optional)
        if data.test == nil {
            compare("data.test_fraction", recordedData.testFraction, data.testFraction, { String($0) })
            if record.source != nil { compare("seed", record.seed, seed, { String($0) }) }
        }
        compare("data.label", recordedData.label, data.label, { $0 })
        if let task = data.task { compare("data.task", recordedData.task, task, { $0?.rawValue ?? "not set" }) }
        if let positive = data.positive { compare("data.positive", recordedData.positive, positive, optional) }
        if let separator = data.separator {
            compare("data.separator", recordedData.separator, separator, { $0.map { "\"\($0)\"" } ?? "not set" })
        }
        compare("data.missing", recordedData.missing, data.missing, listed)
        compare("data.ignore", recordedData.ignore, data.ignore, listed)
        compare("data.nullable", recordedData.nullable, data.nullable, listed)
        compare("data.header", recordedData.header, data.header, { $0.map(listed) ?? "not set" })
        compare("data.trim_spaces", recordedData.trimSpaces, data.trimSpaces, { String($0) })
        compare("data.comment", recordedData.comment, data.comment, optional)
        compare("data.decimal", recordedData.decimal ?? ".", data.decimal ?? ".", { "\"\($0)\"" })
        for name in Set(recordedData.kinds.keys).union(data.kinds.keys).sorted() {
            compare("data.columns.\(name)", recordedData.kinds[name], data.kinds[name], { $0?.rawValue ?? "not set" })
        }
        for name in Set(recordedData.bounds.keys).union(data.bounds.keys).sorted() {
            compare(
                "data.bounds.\(name)", recordedData.bounds[name], data.bounds[name],
                { $0.map { "[" + $0.map { String($0) }.joined(separator: ", ") + "]" } ?? "not set" })
        }
        let recordedSlices = record.evaluation ?? SliceDeclaration()
        compare(
            "evaluation.slices", recordedSlices.slices, evaluation.slices,
            { slices in
                listed(slices.map { $0.count == 1 ? $0[0] : listed($0) })
            })
        for name in Set(recordedSlices.bands.keys).union(evaluation.bands.keys).sorted() {
            compare(
                "evaluation.bands.\(name)", recordedSlices.bands[name], evaluation.bands[name],
                { banding in
                    switch banding {
                    case .edges(let edges): "[" + edges.map { String($0) }.joined(separator: ", ") + "]"
                    case .quantiles(let count): "{ quantiles = \(count) }"
                    case nil: "not set"
                    }
                })
        }
        return lines
    }
}
