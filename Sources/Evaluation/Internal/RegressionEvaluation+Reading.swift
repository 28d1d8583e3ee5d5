import JSONReading

// Reading the regression section of evaluation.json (see EvaluationReport+Reading.swift).

extension RegressionEvaluation {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var metrics: RegressionMetrics?, residuals: Residuals?, slices: [RegressionSliceBreakdown]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "metrics": metrics = try RegressionMetrics(reading: &reader)
            case "residuals": residuals = try Residuals(reading: &reader)
            case "slices": slices = try reader.array(RegressionSliceBreakdown.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            metrics: try reader.required(metrics, "metrics"), residuals: try reader.required(residuals, "residuals"),
            slices: try reader.required(slices, "slices"))
    }
}

extension RegressionMetrics {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var mae: MetricEstimate?, rmse: MetricEstimate?, r2: MetricEstimate?, median: MetricEstimate?
        var mape: MetricEstimate?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "mae": mae = try MetricEstimate(reading: &reader)
            case "rmse": rmse = try MetricEstimate(reading: &reader)
            case "r2": r2 = try MetricEstimate(reading: &reader)
            case "median_absolute_error": median = try MetricEstimate(reading: &reader)
            case "mape": mape = try MetricEstimate(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            meanAbsoluteError: try reader.required(mae, "mae"), rootMeanSquaredError: try reader.required(rmse, "rmse"),
            r2: try reader.required(r2, "r2"),
            medianAbsoluteError: try reader.required(median, "median_absolute_error"),
            meanAbsolutePercentageError: try reader.required(mape, "mape"))
    }
}

extension Residuals {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var edges: [Double]?, counts: [Int]?, points: [Point]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "edges": edges = try reader.array { r throws(JSONReadError) in try r.double() }
            case "counts": counts = try reader.array { r throws(JSONReadError) in try r.int() }
            case "points": points = try reader.array(Point.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.edges = try reader.required(edges, "edges")
        self.counts = try reader.required(counts, "counts")
        self.points = try reader.required(points, "points")
    }
}

extension Residuals.Point {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var actual: Double?, predicted: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "actual": actual = try reader.double()
            case "predicted": predicted = try reader.double()
            default: try reader.skipValue()
            }
        }
        self.init(actual: try reader.required(actual, "actual"), predicted: try reader.required(predicted, "predicted"))
    }
}

extension RegressionSliceBreakdown {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var fields: [String]?, name: String?, groups: [RegressionSliceGroup]?, gap: SliceGap?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "fields": fields = try reader.strings()
            case "name": name = try reader.string()
            case "groups":
                groups = try reader.array { r throws(JSONReadError) in
                    try RegressionSliceGroup(reading: &r, metrics: RegressionMetrics.init(reading:))
                }
            case "mean_absolute_error_gap": gap = try reader.optional(SliceGap.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            fields: try reader.required(fields, "fields"), name: try reader.required(name, "name"),
            groups: try reader.required(groups, "groups"), meanAbsoluteErrorGap: gap)
    }
}
