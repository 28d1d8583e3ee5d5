import JSONReading

// Reading the metric blocks of evaluation.json (see EvaluationReport+Reading.swift): headline
// metrics, slices and importances.

extension HeadlineMetrics {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var estimates: [(name: MetricName, estimate: MetricEstimate)] = []
        estimates.reserveCapacity(MetricName.allCases.count)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            guard let name = MetricName(key) else {
                try reader.skipValue()
                continue
            }
            estimates.append((name, try MetricEstimate(reading: &reader)))
        }
        func estimate(_ name: MetricName) throws(JSONReadError) -> MetricEstimate {
            // The last one wins, as with JSONDecoder.
            guard let found = estimates.last(where: { $0.name == name }) else {
                throw reader.fail("the metrics have no \(name.rawValue)")
            }
            return found.estimate
        }
        self.init(
            accuracy: try estimate(.accuracy), balancedAccuracy: try estimate(.balancedAccuracy),
            precision: try estimate(.precision), recall: try estimate(.recall),
            specificity: try estimate(.specificity), f1: try estimate(.f1), mcc: try estimate(.mcc),
            selectionRate: try estimate(.selectionRate), rocAUC: try estimate(.rocAUC),
            averagePrecision: try estimate(.averagePrecision), logLoss: try estimate(.logLoss),
            brierScore: try estimate(.brierScore))
    }
}

extension MetricName {
    /// The metric a key names (its raw value), without making a string.
    init?(_ key: JSONKey) {
        switch key {
        case "accuracy": self = .accuracy
        case "balanced_accuracy": self = .balancedAccuracy
        case "precision": self = .precision
        case "recall": self = .recall
        case "specificity": self = .specificity
        case "f1": self = .f1
        case "mcc": self = .mcc
        case "selection_rate": self = .selectionRate
        case "roc_auc": self = .rocAUC
        case "average_precision": self = .averagePrecision
        case "log_loss": self = .logLoss
        case "brier_score": self = .brierScore
        default: return nil
        }
    }

}

extension MetricEstimate {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var value: Double?, lower: Double?, upper: Double?, method: Method?, note: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "value": value = try reader.optionalDouble()
            case "lower": lower = try reader.optionalDouble()
            case "upper": upper = try reader.optionalDouble()
            case "method":
                let name = try reader.string()
                guard let known = Method(rawValue: name) else { throw reader.fail("unknown method \"\(name)\"") }
                method = known
            case "note": note = try reader.optional { r throws(JSONReadError) in try r.string() }
            default: try reader.skipValue()
            }
        }
        let known = try reader.required(method, "method")
        // Reports written before `BootstrapSettings.confusionRowPrior` can hold a bootstrap
        // interval of zero width (every resample the same); it is read as what it is: no interval.
        if known == .bootstrap, let lower, let upper, Self.isZeroWidth(lower: lower, upper: upper) {
            self.init(value: value, note: Self.sameInEveryResample)
            return
        }
        self.init(value: value, lower: lower, upper: upper, method: known, note: note)
    }
}

extension SliceBreakdown {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var fields: [String]?, name: String?, groups: [SliceGroup]?
        var truePositiveRateGap: SliceGap?, demographicParityGap: SliceGap?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "fields": fields = try reader.array { r throws(JSONReadError) in try r.string() }
            case "name": name = try reader.string()
            case "groups": groups = try reader.array(SliceGroup.init(reading:))
            case "true_positive_rate_gap": truePositiveRateGap = try reader.optional(SliceGap.init(reading:))
            case "demographic_parity_gap": demographicParityGap = try reader.optional(SliceGap.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            fields: try reader.required(fields, "fields"), name: try reader.required(name, "name"),
            groups: try reader.required(groups, "groups"), truePositiveRateGap: truePositiveRateGap,
            demographicParityGap: demographicParityGap)
    }
}

extension SliceGroup {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var values: [String]?, name: String?, support: Int?, positives: Int?, tooSmall: Bool?
        var reason: String?, confusion: ConfusionMatrix?, metrics: HeadlineMetrics?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "values": values = try reader.array { r throws(JSONReadError) in try r.string() }
            case "name": name = try reader.string()
            case "support": support = try reader.int()
            case "positives": positives = try reader.int()
            case "too_small": tooSmall = try reader.bool()
            case "reason": reason = try reader.optional { r throws(JSONReadError) in try r.string() }
            case "confusion": confusion = try ConfusionMatrix(reading: &reader)
            case "metrics": metrics = try HeadlineMetrics(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            values: try reader.required(values, "values"), name: try reader.required(name, "name"),
            support: try reader.required(support, "support"), positives: try reader.required(positives, "positives"),
            tooSmall: try reader.required(tooSmall, "too_small"), reason: reason,
            confusion: try reader.required(confusion, "confusion"), metrics: try reader.required(metrics, "metrics"))
    }
}

extension SliceGap {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var difference: Double?, highest: String?, lowest: String?, groupsCompared: Int?
        var highestCounts: RateCounts?, lowestCounts: RateCounts?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "highest_counts": highestCounts = try RateCounts(reading: &reader)
            case "lowest_counts": lowestCounts = try RateCounts(reading: &reader)
            case "difference": difference = try reader.double()
            case "highest": highest = try reader.string()
            case "lowest": lowest = try reader.string()
            case "groups_compared": groupsCompared = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            difference: try reader.required(difference, "difference"), highest: try reader.required(highest, "highest"),
            lowest: try reader.required(lowest, "lowest"),
            groupsCompared: try reader.required(groupsCompared, "groups_compared"), highestCounts: highestCounts,
            lowestCounts: lowestCounts)
    }
}

extension RateCounts {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var successes: Int?, trials: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "successes": successes = try reader.int()
            case "trials": trials = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            successes: try reader.required(successes, "successes"), trials: try reader.required(trials, "trials"))
    }
}

extension Importances {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var model: [FeatureImportance]?, permutation: PermutationImportance?, shap: MeanAbsoluteSHAP?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "model":
                model = try reader.optional { r throws(JSONReadError) in try r.array(FeatureImportance.init(reading:)) }
            case "permutation": permutation = try reader.optional(PermutationImportance.init(reading:))
            case "shap": shap = try reader.optional(MeanAbsoluteSHAP.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(model: model, permutation: permutation, shap: shap)
    }
}

extension FeatureImportance {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var feature: String?, importance: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "feature": feature = try reader.string()
            case "importance": importance = try reader.double()
            default: try reader.skipValue()
            }
        }
        self.init(
            feature: try reader.required(feature, "feature"), importance: try reader.required(importance, "importance"))
    }
}

extension PermutationImportance {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var metric: String?, repeats: Int?, seed: UInt64?, baseline: Double?, features: [Feature]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "metric":
                let name = try reader.string()
                guard MetricName(rawValue: name) != nil || EvaluationReport.higherIsBetter(name) != nil else {
                    throw reader.fail("unknown metric \"\(name)\"")
                }
                metric = name
            case "repeats": repeats = try reader.int()
            case "seed": seed = try reader.uint64()
            case "baseline": baseline = try reader.double()
            case "features": features = try reader.array(Feature.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(
            metric: try reader.required(metric, "metric"), repeats: try reader.required(repeats, "repeats"),
            seed: try reader.required(seed, "seed"), baseline: try reader.required(baseline, "baseline"),
            features: try reader.required(features, "features"))
    }
}

extension PermutationImportance.Feature {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var feature: String?, mean: Double?, std: Double?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "feature": feature = try reader.string()
            case "mean": mean = try reader.double()
            case "std": std = try reader.double()
            default: try reader.skipValue()
            }
        }
        self.init(
            feature: try reader.required(feature, "feature"), mean: try reader.required(mean, "mean"),
            std: try reader.required(std, "std"))
    }
}
