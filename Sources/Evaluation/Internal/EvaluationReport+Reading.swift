import Basics
import JSONReading
import Models

// Reading evaluation.json with `JSONReader`: the site build reads one report per version, and
// `JSONDecoder` spent most of the build there. Each type reads exactly the keys its `Encodable`
// conformance writes (the tests check every committed report reads and writes back to the
// same bytes); unknown keys are skipped and optional keys may be missing or null.

extension EvaluationReport {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var schemaVersion: Int?, task: PredictionTask?, model: VersionID?, dataset: Dataset?, threshold: Double?
        var bootstrap: BootstrapSettings?, minimumSliceSupport: Int?, confusion: ConfusionMatrix?
        var metrics: HeadlineMetrics?, curves: Curves?, calibration: Calibration?, histogram: ScoreHistogram?
        var slices: [SliceBreakdown]?, importances: Importances?
        var multiclass: MulticlassEvaluation?, regression: RegressionEvaluation?, baseline: ConstantBaseline?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "schema_version": schemaVersion = try reader.int()
            case "task":
                let name = try reader.string()
                guard let known = PredictionTask(rawValue: name) else { throw reader.fail("unknown task \"\(name)\"") }
                task = known
            case "model": model = try VersionID(reading: &reader)
            case "dataset": dataset = try Dataset(reading: &reader)
            case "threshold": threshold = try reader.double()
            case "bootstrap": bootstrap = try BootstrapSettings(reading: &reader)
            case "minimum_slice_support": minimumSliceSupport = try reader.int()
            case "confusion": confusion = try ConfusionMatrix(reading: &reader)
            case "metrics": metrics = try HeadlineMetrics(reading: &reader)
            case "curves": curves = try Curves(reading: &reader)
            case "calibration": calibration = try Calibration(reading: &reader)
            case "histogram": histogram = try ScoreHistogram(reading: &reader)
            case "slices": slices = try reader.array { r throws(JSONReadError) in try SliceBreakdown(reading: &r) }
            case "importances": importances = try Importances(reading: &reader)
            case "multiclass": multiclass = try MulticlassEvaluation(reading: &reader)
            case "regression": regression = try RegressionEvaluation(reading: &reader)
            case "baseline": baseline = try ConstantBaseline(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.schemaVersion = try reader.required(schemaVersion, "schema_version")
        self.model = try reader.required(model, "model")
        self.dataset = try reader.required(dataset, "dataset")
        self.bootstrap = try reader.required(bootstrap, "bootstrap")
        self.minimumSliceSupport = try reader.required(minimumSliceSupport, "minimum_slice_support")
        self.importances = try reader.required(importances, "importances")
        self.baseline = baseline
        // Schema 1 has no task: every such report is binary.
        switch task ?? .binary {
        case .binary:
            results = .binary(
                BinaryEvaluation(
                    threshold: try reader.required(threshold, "threshold"),
                    confusion: try reader.required(confusion, "confusion"),
                    metrics: try reader.required(metrics, "metrics"), curves: try reader.required(curves, "curves"),
                    calibration: try reader.required(calibration, "calibration"),
                    histogram: try reader.required(histogram, "histogram"),
                    slices: try reader.required(slices, "slices")))
        case .multiclass: results = .multiclass(try reader.required(multiclass, "multiclass"))
        case .regression: results = .regression(try reader.required(regression, "regression"))
        }
    }

    /// Only the top-level `schema_version` (everything else skipped), to say why a report that
    /// failed to read did: a newer schema or a damaged file.
    static func schemaVersion(reading reader: inout JSONReader) throws(JSONReadError) -> Int? {
        try reader.field("schema_version") { r throws(JSONReadError) in try r.int() }
    }
}

extension ConstantBaseline {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var answer: String?, metrics: [String: Double] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "answer": answer = try reader.string()
            case "metrics":
                try reader.beginObject()
                while let name = try reader.nextKey() { metrics[name.string] = try reader.double() }
            default: try reader.skipValue()
            }
        }
        self.init(answer: try reader.required(answer, "answer"), metrics: metrics)
    }
}

extension VersionID {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var endpoint: String?, model: String?, version: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "endpoint": endpoint = try reader.string()
            case "model": model = try reader.string()
            case "version": version = try reader.string()
            default: try reader.skipValue()
            }
        }
        self.init(
            endpoint: try reader.required(endpoint, "endpoint"), model: try reader.required(model, "model"),
            version: try reader.required(version, "version"))
    }
}

extension EvaluationReport.Dataset {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var path: String?, sha256: String?, rows: Int?, positives: Int?, positiveLabel: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "path": path = try reader.string()
            case "sha256": sha256 = try reader.string()
            case "rows": rows = try reader.int()
            case "positives": positives = try reader.optional { r throws(JSONReadError) in try r.int() }
            case "positive_label": positiveLabel = try reader.optional { r throws(JSONReadError) in try r.string() }
            default: try reader.skipValue()
            }
        }
        self.init(
            path: try reader.required(path, "path"), sha256: try reader.required(sha256, "sha256"),
            rows: try reader.required(rows, "rows"), positives: positives,
            positiveLabel: positiveLabel)
    }
}

extension EvaluationReport.Curves {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var roc: ROCCurve?, precisionRecall: PrecisionRecallCurve?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "roc": roc = ROCCurve(points: try reader.points(ROCCurve.Point.init(reading:)))
            case "precision_recall":
                precisionRecall = PrecisionRecallCurve(
                    points: try reader.points(PrecisionRecallCurve.Point.init(reading:)))
            default: try reader.skipValue()
            }
        }
        self.init(
            roc: try reader.required(roc, "roc"),
            precisionRecall: try reader.required(precisionRecall, "precision_recall"))
    }
}

extension JSONReader {
    /// A curve: `{"points": [...]}`.
    mutating func points<Point>(
        _ point: (inout JSONReader) throws(JSONReadError) -> Point
    ) throws(JSONReadError) -> [Point] {
        var points: [Point]?
        try beginObject()
        while let key = try nextKey() {
            switch key {
            case "points": points = try array(point)
            default: try skipValue()
            }
        }
        return try required(points, "points")
    }

    /// An optional number (missing or null is nil).
    mutating func optionalDouble() throws(JSONReadError) -> Double? {
        try optional { r throws(JSONReadError) in try r.double() }
    }
}

extension ROCCurve.Point {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var fpr: Double?, tpr: Double?, threshold: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "fpr": fpr = try reader.double()
            case "tpr": tpr = try reader.double()
            case "threshold": threshold = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            falsePositiveRate: try reader.required(fpr, "fpr"), truePositiveRate: try reader.required(tpr, "tpr"),
            threshold: threshold)
    }
}

extension PrecisionRecallCurve.Point {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var recall: Double?, precision: Double?, threshold: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "recall": recall = try reader.double()
            case "precision": precision = try reader.double()
            case "threshold": threshold = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            recall: try reader.required(recall, "recall"), precision: try reader.required(precision, "precision"),
            threshold: threshold)
    }
}

extension BootstrapSettings {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var resamples: Int?, seed: UInt64?, stratified: Bool?, confidence: Double?, confusionRowPrior: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "resamples": resamples = try reader.int()
            case "seed": seed = try reader.uint64()
            case "stratified": stratified = try reader.bool()
            case "confidence": confidence = try reader.double()
            case "confusion_row_prior": confusionRowPrior = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.init(resamples: try reader.required(resamples, "resamples"), seed: try reader.required(seed, "seed"))
        self.stratified = try reader.required(stratified, "stratified")
        self.confidence = try reader.required(confidence, "confidence")
        // Absent in reports written before the confusion-matrix rows were drawn from a posterior.
        self.confusionRowPrior = confusionRowPrior
    }
}

extension ConfusionMatrix {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var tp: Int?, fp: Int?, tn: Int?, fn: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "tp": tp = try reader.int()
            case "fp": fp = try reader.int()
            case "tn": tn = try reader.int()
            case "fn": fn = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            truePositives: try reader.required(tp, "tp"), falsePositives: try reader.required(fp, "fp"),
            trueNegatives: try reader.required(tn, "tn"), falseNegatives: try reader.required(fn, "fn"))
    }
}

extension Calibration {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var bins: [Bin]?
        var error: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "bins": bins = try reader.array(Bin.init(reading:))
            case "expected_calibration_error": error = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.bins = try reader.required(bins, "bins")
        expectedCalibrationError = error
    }
}

extension Calibration.Bin {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var lower: Double?, upper: Double?, count: Int?, positives: Int?
        var meanScore: Double?, fractionPositive: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "lower": lower = try reader.double()
            case "upper": upper = try reader.double()
            case "count": count = try reader.int()
            case "positives": positives = try reader.optional { r throws(JSONReadError) in try r.int() }
            case "mean_score": meanScore = try reader.optionalDouble()
            case "fraction_positive": fractionPositive = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            lower: try reader.required(lower, "lower"), upper: try reader.required(upper, "upper"),
            count: try reader.required(count, "count"), positives: try reader.required(positives, "positives"),
            meanScore: meanScore, fractionPositive: fractionPositive)
    }
}

extension ScoreHistogram {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var edges: [Double]?, positive: [Int]?, negative: [Int]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "edges": edges = try reader.array { r throws(JSONReadError) in try r.double() }
            case "positive": positive = try reader.array { r throws(JSONReadError) in try r.int() }
            case "negative": negative = try reader.array { r throws(JSONReadError) in try r.int() }
            default: try reader.skipValue()
            }
        }
        self.edges = try reader.required(edges, "edges")
        self.positive = try reader.required(positive, "positive")
        self.negative = try reader.required(negative, "negative")
    }
}
