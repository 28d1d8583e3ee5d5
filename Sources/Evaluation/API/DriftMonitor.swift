import Basics
import Foundation
import Models

/// A served request as a drift check reads it from the request log.
public struct ServedRequest: Sendable {
    public var time: Timestamp
    /// The input by field name; a field left out is missing.
    public var values: [String: FieldValue]
    /// The prediction: the positive class's probability (binary), the value (regression), the
    /// label (multiclass).
    public var output: FieldValue
    /// The predicted label (classification), to compare with feedback.
    public var label: String
    /// The regression value, to compare with feedback.
    public var value: Double?
    /// The true label or value, once feedback came.
    public var feedback: String?

    public init(
        time: Timestamp, values: [String: FieldValue], output: FieldValue, label: String, value: Double? = nil,
        feedback: String? = nil
    ) {
        self.time = time
        self.values = values
        self.output = output
        self.label = label
        self.value = value
        self.feedback = feedback
    }
}

/// What `modelpress monitor` reports: per window of served requests, each field's drift from
/// the version's reference distribution, the prediction's, and the accuracy (classification)
/// or mean absolute error (regression) on the feedback received.
public struct DriftMonitor: Encodable, Equatable, Sendable {
    /// The feedback received in a window and how the version did on it.
    public struct Feedback: Encodable, Equatable, Sendable {
        /// `accuracy` or `mae`.
        public var metric: String
        public var rows: Int
        public var value: Double
        /// Classification: the most common true label among the feedback and how many rows had
        /// it (`MajorityBaseline`); nil for regression.
        public var majorityClass: String?
        public var majorityRows: Int?
        /// Classification, when the accuracy says little beyond the majority class
        /// (`MajorityBaseline.dominates`): `accuracy is dominated by the majority class: 6
        /// positives (yes) of 700 with feedback; always answering no scores 0.991` (trial22 #10);
        /// nil otherwise.
        public var classNote: String?

        enum CodingKeys: String, CodingKey {
            case metric, rows, value
            case majorityClass = "majority_class"
            case majorityRows = "majority_rows"
            case classNote = "class_note"
        }
    }

    /// One window: `[start, end)`, UTC.
    public struct Window: Encodable, Equatable, Sendable {
        public var start: String
        public var end: String
        public var requests: Int
        public var fields: [FieldDrift]
        public var prediction: FieldDrift?
        public var feedback: Feedback?
        /// The fields (and `prediction`) that drifted, in schema order; empty when not judged.
        /// A field no tree splits on is not among them (`driftedUnused`).
        public var drifted: [String]
        /// The fields that drifted although no tree of the version splits on them: shown, not
        /// counted, since they cannot change a prediction.
        public var driftedUnused: [String] = []
        /// Whether the window had the `DriftOptions.minimumRequests` it needs to be judged; a
        /// window with fewer is measured but no field of it drifts.
        public var judged: Bool

        enum CodingKeys: String, CodingKey {
            case start, end, requests, fields, prediction, feedback, drifted, judged
            case driftedUnused = "drifted_unused"
        }
    }

    /// The window length in seconds.
    public var windowSeconds: Int64
    public var windows: [Window]

    enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case windows
    }

    /// Whether any window drifted.
    public var drifted: Bool { windows.contains { !$0.drifted.isEmpty } }

    /// Splits `requests` into windows of `seconds` from `start` (the first window starts there;
    /// the last one ends after the newest request) and compares each with `reference`.
    /// Windows without requests are kept, with nothing measured, so that a series has no gaps;
    /// a window with fewer than `options.minimumRequests` is measured but not judged.
    /// - Parameters:
    ///   - model: the version's model, whose bins stand in for a numeric field's reference
    ///     sample when the reference has none.
    ///   - task: what the model predicts, for the feedback metric.
    /// - Throws: `EvaluationError` when a measure cannot be computed (an empty reference).
    /// - Complexity: O(requests × fields) plus the measures' own.
    public init(
        reference: ReferenceDistribution, model: TreeModel, task: PredictionTask, requests: [ServedRequest],
        start: Timestamp, seconds: Int64, options: DriftOptions
    ) throws {
        windowSeconds = seconds
        let sorted = requests.filter { $0.time >= start }.sorted { $0.time < $1.time }
        let last = sorted.last?.time.secondsSince1970 ?? start.secondsSince1970
        let count = Int((last - start.secondsSince1970) / seconds) + 1
        var groups = [[ServedRequest]](repeating: [], count: count)
        for request in sorted {
            groups[Int((request.time.secondsSince1970 - start.secondsSince1970) / seconds)].append(request)
        }
        let fieldBins = reference.fields.map { ReferenceBins($0, model: model) }
        let used = model.fieldsSplitOn
        let predictionBins = ReferenceBins(reference.prediction, model: model)
        windows = try groups.enumerated().map { index, group in
            let from = Timestamp(secondsSince1970: start.secondsSince1970 + Int64(index) * seconds)
            let to = Timestamp(secondsSince1970: from.secondsSince1970 + seconds)
            guard !group.isEmpty else {
                return Window(
                    start: from.description, end: to.description, requests: 0, fields: [], prediction: nil,
                    feedback: nil, drifted: [], judged: false)
            }
            var fields: [FieldDrift] = []
            for (distribution, bins) in zip(reference.fields, fieldBins) {
                var drift = try Self.drift(
                    distribution, bins: bins, values: group.map { $0.values[distribution.name] ?? .missing },
                    options: options)
                drift.usedByModel = used.contains(distribution.name)
                fields.append(drift)
            }
            var prediction = try Self.drift(
                reference.prediction, bins: predictionBins, values: group.map(\.output), options: options)
            let judged = group.count >= options.minimumRequests
            if !judged {
                for f in fields.indices { fields[f].clearVerdicts() }
                prediction.clearVerdicts()
            }
            let drifted = (fields.filter(\.usedByModel) + [prediction]).filter(\.drifted).map {
                $0.name == reference.prediction.name ? "prediction" : $0.name
            }
            return Window(
                start: from.description, end: to.description, requests: group.count, fields: fields,
                prediction: prediction, feedback: Self.feedback(group, task: task, labels: model.schema.labelValues),
                drifted: drifted,
                driftedUnused: fields.filter { $0.drifted && !$0.usedByModel }.map(\.name), judged: judged)
        }
    }

    static func drift(
        _ distribution: ReferenceDistribution.Distribution, bins: ReferenceBins, values: [FieldValue],
        options: DriftOptions
    ) throws -> FieldDrift {
        switch distribution.kind {
        case .numeric:
            let numbers = values.map { value -> Double in
                switch value {
                case .number(let number): number
                case .category(let text): Double(text) ?? .nan
                case .missing: .nan
                }
            }
            return try FieldDrift.numeric(distribution, bins: bins, values: numbers, options: options)
        case .categorical:
            let categories = values.map { value -> String? in
                switch value {
                case .category(let text): text
                case .number(let number): ReferenceBins.category(spelledBy: number)
                case .missing: nil
                }
            }
            return try FieldDrift.categorical(distribution, bins: bins, categories: categories, options: options)
        }
    }

    /// The feedback of one window's requests: accuracy or mean absolute error, and for
    /// classification the majority class and `classNote`.
    /// - Parameter labels: the version's label values (negative then positive for binary).
    static func feedback(_ group: [ServedRequest], task: PredictionTask, labels: [String]) -> Feedback? {
        let given = group.filter { $0.feedback != nil }
        guard !given.isEmpty else { return nil }
        if task == .regression {
            let errors = given.compactMap { request -> Double? in
                guard let truth = request.feedback.flatMap(Double.init), let value = request.value else { return nil }
                return abs(truth - value)
            }
            guard !errors.isEmpty else { return nil }
            return Feedback(metric: "mae", rows: errors.count, value: errors.reduce(0, +) / Double(errors.count))
        }
        let correct = given.filter { $0.feedback == $0.label }.count
        let accuracy = Double(correct) / Double(given.count)
        var feedback = Feedback(metric: "accuracy", rows: given.count, value: accuracy)
        let truths = Dictionary(given.map { ($0.feedback ?? "", 1) }, uniquingKeysWith: +)
        guard let baseline = MajorityBaseline(trueClassCounts: truths) else { return feedback }
        feedback.majorityClass = baseline.majorityClass
        feedback.majorityRows = baseline.majorityCount
        if baseline.dominates(accuracy: accuracy) {
            let others: String
            if task == .binary, labels.count == 2, let other = labels.first(where: { $0 != baseline.majorityClass }) {
                others = "\(baseline.others) \(other == labels[1] ? "positives" : "negatives") (\(other))"
            } else {
                others = "\(baseline.others) not \(baseline.majorityClass)"
            }
            feedback.classNote =
                "accuracy is dominated by the majority class: \(others) of \(baseline.total) with feedback; always "
                + "answering \(baseline.majorityClass) scores \(significant(baseline.accuracy.value ?? 0, digits: 3))"
        }
        return feedback
    }
}
