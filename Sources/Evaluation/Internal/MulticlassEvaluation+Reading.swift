import JSONReading

// Reading the multiclass section of evaluation.json (see EvaluationReport+Reading.swift).

extension MulticlassEvaluation {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var classes: [String]?, confusion: [[Int]]?, metrics: MulticlassMetrics?, rocCurves: [ROCCurve]?
        var calibration: Calibration?, slices: [MulticlassSliceBreakdown]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "classes": classes = try reader.strings()
            case "confusion":
                confusion = try reader.array { r throws(JSONReadError) in
                    try r.array { r throws(JSONReadError) in try r.int() }
                }
            case "metrics": metrics = try MulticlassMetrics(reading: &reader)
            case "roc_curves":
                rocCurves = try reader.array { r throws(JSONReadError) in
                    ROCCurve(points: try r.points(ROCCurve.Point.init(reading:)))
                }
            case "calibration": calibration = try Calibration(reading: &reader)
            case "slices": slices = try reader.array(MulticlassSliceBreakdown.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            classes: try reader.required(classes, "classes"), confusion: try reader.required(confusion, "confusion"),
            metrics: try reader.required(metrics, "metrics"), rocCurves: try reader.required(rocCurves, "roc_curves"),
            calibration: try reader.required(calibration, "calibration"), slices: try reader.required(slices, "slices"))
    }
}

extension MulticlassMetrics {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var accuracy: MetricEstimate?, balancedAccuracy: MetricEstimate?, macroF1: MetricEstimate?
        var weightedF1: MetricEstimate?, logLoss: MetricEstimate?, macroROCAUC: MetricEstimate?
        var perClass: [PerClass]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "accuracy": accuracy = try MetricEstimate(reading: &reader)
            case "balanced_accuracy": balancedAccuracy = try MetricEstimate(reading: &reader)
            case "macro_f1": macroF1 = try MetricEstimate(reading: &reader)
            case "weighted_f1": weightedF1 = try MetricEstimate(reading: &reader)
            case "log_loss": logLoss = try MetricEstimate(reading: &reader)
            case "macro_roc_auc": macroROCAUC = try MetricEstimate(reading: &reader)
            case "per_class": perClass = try reader.array(PerClass.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            accuracy: try reader.required(accuracy, "accuracy"),
            balancedAccuracy: try reader.required(balancedAccuracy, "balanced_accuracy"),
            macroF1: try reader.required(macroF1, "macro_f1"),
            weightedF1: try reader.required(weightedF1, "weighted_f1"),
            logLoss: try reader.required(logLoss, "log_loss"),
            macroROCAUC: try reader.required(macroROCAUC, "macro_roc_auc"),
            perClass: try reader.required(perClass, "per_class"))
    }
}

extension MulticlassMetrics.PerClass {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var name: String?, support: Int?, precision: MetricEstimate?, recall: MetricEstimate?
        var f1: MetricEstimate?, rocAUC: MetricEstimate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "name": name = try reader.string()
            case "support": support = try reader.int()
            case "precision": precision = try MetricEstimate(reading: &reader)
            case "recall": recall = try MetricEstimate(reading: &reader)
            case "f1": f1 = try MetricEstimate(reading: &reader)
            case "roc_auc": rocAUC = try MetricEstimate(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.required(name, "name"), support: try reader.required(support, "support"),
            precision: try reader.required(precision, "precision"), recall: try reader.required(recall, "recall"),
            f1: try reader.required(f1, "f1"), rocAUC: try reader.required(rocAUC, "roc_auc"))
    }
}

extension MulticlassSliceBreakdown {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var fields: [String]?, name: String?, groups: [MulticlassSliceGroup]?, accuracyGap: SliceGap?
        var recallGaps: [String: SliceGap]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "fields": fields = try reader.strings()
            case "name": name = try reader.string()
            case "groups":
                groups = try reader.array { r throws(JSONReadError) in
                    try MulticlassSliceGroup(reading: &r, metrics: MulticlassMetrics.init(reading:))
                }
            case "accuracy_gap": accuracyGap = try reader.optional(SliceGap.init(reading:))
            case "true_positive_rate_gaps":
                var gaps: [String: SliceGap] = [:]
                try reader.beginObject()
                while let name = try reader.nextKey() { gaps[name.string] = try SliceGap(reading: &reader) }
                recallGaps = gaps
            default: try reader.skipValue()
            }
        }
        self.init(
            fields: try reader.required(fields, "fields"), name: try reader.required(name, "name"),
            groups: try reader.required(groups, "groups"), accuracyGap: accuracyGap,
            truePositiveRateGaps: try reader.required(recallGaps, "true_positive_rate_gaps"))
    }
}

extension TaskSliceGroup {
    init(
        reading reader: inout JSONReader, metrics readMetrics: (inout JSONReader) throws(JSONReadError) -> Metrics
    ) throws(JSONReadError) {
        var values: [String]?, name: String?, support: Int?, tooSmall: Bool?, reason: String?
        var metrics: Metrics?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "values": values = try reader.strings()
            case "name": name = try reader.string()
            case "support": support = try reader.int()
            case "too_small": tooSmall = try reader.bool()
            case "reason": reason = try reader.optional { r throws(JSONReadError) in try r.string() }
            case "metrics": metrics = try readMetrics(&reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            values: try reader.required(values, "values"), name: try reader.required(name, "name"),
            support: try reader.required(support, "support"), tooSmall: try reader.required(tooSmall, "too_small"),
            reason: reason, metrics: try reader.required(metrics, "metrics"))
    }
}

extension JSONReader {
    /// An array of strings.
    mutating func strings() throws(JSONReadError) -> [String] {
        try array { r throws(JSONReadError) in try r.string() }
    }
}
