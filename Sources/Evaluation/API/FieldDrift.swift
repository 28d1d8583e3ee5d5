import Models

/// How one field (or the prediction) of the requests served in one window compares with its
/// reference distribution.
///
/// Two questions are asked of each field, the same way for numeric and categorical ones: did
/// its present values move (the deciding measure, over present values only, as Evidently's
/// tests take them), and did the share of requests missing it move (Evidently's two-proportion
/// z-test of the missing share against the training rows', so that a field that stops arriving
/// is drift).
public struct FieldDrift: Encodable, Equatable, Sendable {
    public var name: String
    public var kind: ReferenceDistribution.Distribution.Kind
    /// Requests in the window.
    public var rows: Int
    /// The share of them missing the field, and the training rows' share.
    public var missingShare: Double
    public var referenceMissingShare: Double
    /// The two-proportion z-test's p-value of the missing share against the reference's; nil
    /// when the window has no requests.
    public var missingPValue: Double?
    /// Whether that p-value is below `DriftOptions.missingThreshold`.
    public var missingDrifted: Bool
    /// Categorical: the share of requests with a category the reference does not list, and the
    /// most frequent of those categories (at most five, by count, then by name).
    public var unseenShare: Double?
    public var unseen: [String]?
    /// The population stability index over the present values, in Evidently's bins (a numeric
    /// field's Sturges bins over both samples, a categorical field's categories, unseen ones as
    /// bins of their own); nil when the window has no present values.
    public var psi: Double?
    /// PSI's chance level when PSI decides too (`DriftOptions.psiThreshold`) and reached it.
    public var psiChanceLevel: Double?
    /// Whether PSI reached `DriftOptions.psiThreshold` and its chance level.
    public var psiDrifted: Bool
    /// The measure that decides, its value (a p-value for `ks` and `chisquare`, else a
    /// distance; nil when the window has no present value to measure) and its threshold.
    public var method: DriftMethod
    public var value: Double?
    public var threshold: Double
    /// For a distance that reached its threshold (`wasserstein`, `jensenshannon`, `psi`): the
    /// value the window's size alone gives, the 99th percentile over windows of as many values
    /// drawn from the reference (`DriftStatistics.chanceLevel`); nil otherwise (a p-value
    /// counts the window's size already).
    public var chanceLevel: Double?
    /// Whether the deciding measure crossed its threshold and, for a distance, its chance level.
    public var valueDrifted: Bool
    /// Whether the field drifted: its values, its missing share, or PSI with
    /// `DriftOptions.psiThreshold`; always false in a window too small to judge.
    public var drifted: Bool
    /// Whether some tree of the version splits on the field (always true for the prediction):
    /// a field none splits on cannot change a prediction, so its drift is shown, not counted.
    public var usedByModel = true
    /// The window's rows per bin and the reference's (bin 0 missing; a categorical field's
    /// unseen categories after its own, by name), for charts; not part of the JSON report.
    public var counts: [Int] = []
    public var referenceCounts: [Int] = []
    /// A categorical field's category per bin from bin 1 (the reference's, then the unseen
    /// ones); nil for a numeric field, whose bins are its model's.
    public var categories: [String]?

    enum CodingKeys: String, CodingKey {
        case name, kind, rows
        case missingShare = "missing_share"
        case referenceMissingShare = "reference_missing_share"
        case missingPValue = "missing_p_value"
        case missingDrifted = "missing_drifted"
        case unseenShare = "unseen_share"
        case unseen, psi
        case psiDrifted = "psi_drifted"
        case psiChanceLevel = "psi_chance_level"
        case method, value, threshold
        case chanceLevel = "chance_level"
        case valueDrifted = "value_drifted"
        case drifted
        case usedByModel = "used_by_model"
    }

    /// Every key but those the window may lack a figure for (`missing_p_value`, `unseen_share`,
    /// `unseen`, `psi`, `value`: absent then); `chance_level` always, null when none was computed
    /// (a p-value, or a distance below its threshold), and `psi_chance_level` wherever `psi` is,
    /// null likewise, so that a reader finds the key on every field (trial23 #6).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(rows, forKey: .rows)
        try container.encode(missingShare, forKey: .missingShare)
        try container.encode(referenceMissingShare, forKey: .referenceMissingShare)
        try container.encodeIfPresent(missingPValue, forKey: .missingPValue)
        try container.encode(missingDrifted, forKey: .missingDrifted)
        try container.encodeIfPresent(unseenShare, forKey: .unseenShare)
        try container.encodeIfPresent(unseen, forKey: .unseen)
        try container.encodeIfPresent(psi, forKey: .psi)
        if psi != nil { try container.encode(psiChanceLevel, forKey: .psiChanceLevel) }
        try container.encode(psiDrifted, forKey: .psiDrifted)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(chanceLevel, forKey: .chanceLevel)
        try container.encode(valueDrifted, forKey: .valueDrifted)
        try container.encode(drifted, forKey: .drifted)
        try container.encode(usedByModel, forKey: .usedByModel)
    }

    /// What made the field drift, in the order value, missing, psi: the deciding measure's
    /// name, `missing`, `psi`.
    public var reasons: [String] {
        (valueDrifted ? [method.rawValue] : []) + (missingDrifted ? ["missing"] : []) + (psiDrifted ? ["psi"] : [])
    }

    /// Compares a numeric field's served values (NaN for missing) with its reference.
    /// - Throws: `EvaluationError` when the reference is empty or its sample holds a value that
    ///   is not finite.
    public static func numeric(
        _ reference: ReferenceDistribution.Distribution, bins: ReferenceBins, values: [Double], options: DriftOptions
    ) throws -> FieldDrift {
        let present = values.filter(\.isFinite)
        let sample = reference.sample ?? []
        // Evidently counts distinct values only to tell few-valued fields (at most five) apart.
        var distinct = Set(sample)
        for value in present where distinct.count <= 5 { distinct.insert(value) }
        let method = options.method(
            numeric: true, referenceRows: reference.rows, distinctValues: sample.isEmpty ? Int.max : distinct.count)
        var value: Double?, psi: Double?
        if !present.isEmpty {
            let (referenceCounts, currentCounts) = try binnedPresent(reference, bins: bins, present: present)
            psi = try binned(.psi, reference: referenceCounts, current: currentCounts)
            switch method {
            case .ks where !sample.isEmpty:
                value = try DriftStatistics.kolmogorovSmirnov(reference: sample, current: present).pValue
            case .wasserstein where !sample.isEmpty:
                value = try DriftStatistics.normalisedWassersteinDistance(reference: sample, current: present)
            case .ks, .wasserstein:
                value = nil
            case .psi, .chisquare, .jensenshannon, .ztest:
                value = try binned(method, reference: referenceCounts, current: currentCounts)
            }
        }
        // Drawn from the sample the value was measured against, else from the bins it was.
        let chance = { (method: DriftMethod) throws -> Double in
            if !sample.isEmpty {
                return try DriftStatistics.chanceLevel(method, sample: sample, window: present, salt: reference.name)
            }
            return try DriftStatistics.chanceLevel(
                method, counts: try binnedPresent(reference, bins: bins, present: present).reference,
                windowSize: present.count, salt: reference.name)
        }
        var drift = try make(
            reference, method: method, value: value, psi: psi, rows: values.count,
            missing: values.count - present.count, unseen: nil, chance: chance, options: options)
        // For charts: the rows per model bin (bin 0 missing), the reference's the same way.
        drift.counts = [Int](repeating: 0, count: max(bins.count, reference.counts.count))
        for value in values { drift.counts[bins.bin(value) ?? 0] += 1 }
        drift.referenceCounts = reference.counts
        return drift
    }

    /// Compares a categorical field's served categories (nil for missing) with its reference,
    /// over the present categories.
    /// - Throws: `EvaluationError` when the reference is empty.
    public static func categorical(
        _ reference: ReferenceDistribution.Distribution, bins: ReferenceBins, categories: [String?],
        options: DriftOptions
    ) throws -> FieldDrift {
        var counts = [Int](repeating: 0, count: max(bins.count, reference.counts.count))
        var unseen: [String: Int] = [:]
        for category in categories {
            if let bin = bins.bin(category: category) {
                counts[bin] += 1
            } else {
                unseen[category ?? "", default: 0] += 1
            }
        }
        // Bin 0 (missing) is left out; each unseen category is a bin the reference has none of,
        // as Evidently keys them.
        let names = unseen.keys.sorted()
        let referenceCounts = Array(reference.counts.dropFirst()) + names.map { _ in 0 }
        let currentCounts = Array(counts.dropFirst()) + names.map { unseen[$0] ?? 0 }
        let distinct = zip(referenceCounts, currentCounts).filter { $0 > 0 || $1 > 0 }.count
        let method = options.method(numeric: false, referenceRows: reference.rows, distinctValues: distinct)
        let top = unseen.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map(\.key)
        var drift = try make(
            reference, method: method, value: try binned(method, reference: referenceCounts, current: currentCounts),
            psi: try binned(.psi, reference: referenceCounts, current: currentCounts), rows: categories.count,
            missing: counts[0],
            unseen: categories.isEmpty ? 0 : Double(unseen.values.reduce(0, +)) / Double(categories.count),
            chance: { method in
                try DriftStatistics.chanceLevel(
                    method, counts: referenceCounts, windowSize: currentCounts.reduce(0, +), salt: reference.name)
            }, options: options)
        drift.unseen = top
        // For charts: bin 0 missing, the reference's categories, then the unseen ones.
        drift.counts = counts + names.map { unseen[$0] ?? 0 }
        drift.referenceCounts = reference.counts + names.map { _ in 0 }
        drift.categories = (reference.categories ?? []) + names
        return drift
    }

    /// A numeric field's present values and its reference counted into the same bins:
    /// Evidently's (`DriftStatistics.histogram`) over the reference's sample, or, for a
    /// reference without a sample, the model's bins merged into about ten groups of equal
    /// reference mass.
    static func binnedPresent(
        _ reference: ReferenceDistribution.Distribution, bins: ReferenceBins, present: [Double]
    ) throws -> (reference: [Int], current: [Int]) {
        if let sample = reference.sample, !sample.isEmpty {
            return try DriftStatistics.histogram(reference: sample, current: present)
        }
        var current = [Int](repeating: 0, count: max(bins.count, reference.counts.count))
        for value in present { current[bins.bin(value) ?? 0] += 1 }
        let presentReference = Array(reference.counts.dropFirst())
        let total = presentReference.reduce(0, +)
        var groupedReference: [Int] = [], groupedCurrent: [Int] = [], mass = 0
        for (i, count) in presentReference.enumerated() {
            if groupedReference.isEmpty || mass * 10 >= total * groupedReference.count {
                groupedReference.append(0)
                groupedCurrent.append(0)
            }
            groupedReference[groupedReference.count - 1] += count
            groupedCurrent[groupedCurrent.count - 1] += current[i + 1]
            mass += count
        }
        return (groupedReference, groupedCurrent)
    }

    /// Keeps the figures and drops the verdicts, for a window too small to judge.
    mutating func clearVerdicts() {
        valueDrifted = false
        missingDrifted = false
        psiDrifted = false
        drifted = false
    }

    static func binned(_ method: DriftMethod, reference: [Int], current: [Int]) throws -> Double? {
        guard current.contains(where: { $0 > 0 }), reference.contains(where: { $0 > 0 }) else { return nil }
        switch method {
        case .psi: return try DriftStatistics.populationStabilityIndex(reference: reference, current: current)
        case .chisquare: return try DriftStatistics.chiSquared(reference: reference, current: current).pValue
        case .jensenshannon: return try DriftStatistics.jensenShannonDistance(reference: reference, current: current)
        case .ztest:
            // Evidently's z test: the share of the first value (of either side) against the rest.
            let first = reference.indices.first { reference[$0] > 0 || current[$0] > 0 } ?? 0
            return try DriftStatistics.proportionZTest(
                referenceHits: reference[first], referenceRows: reference.reduce(0, +), currentHits: current[first],
                currentRows: current.reduce(0, +))
        case .ks, .wasserstein: return nil
        }
    }

    private static func make(
        _ reference: ReferenceDistribution.Distribution, method: DriftMethod, value: Double?, psi: Double?,
        rows: Int, missing: Int, unseen: Double?, chance: (DriftMethod) throws -> Double, options: DriftOptions
    ) throws -> FieldDrift {
        let referenceMissing = reference.counts.first ?? 0
        let missingPValue =
            rows == 0 || reference.rows == 0
            ? nil
            : try DriftStatistics.proportionZTest(
                referenceHits: referenceMissing, referenceRows: reference.rows, currentHits: missing, currentRows: rows)
        let threshold = options.threshold(method)
        // A distance past its threshold drifts only past what the window's size alone gives too.
        var valueDrifted = value.map { method.drifted($0, threshold: threshold) } ?? false
        var chanceLevel: Double?
        if valueDrifted, !method.isPValue, let value {
            chanceLevel = try chance(method)
            valueDrifted = value > chanceLevel ?? 0
        }
        let missingDrifted = missingPValue.map { $0 < options.missingThreshold } ?? false
        var psiDrifted = options.psiThreshold.flatMap { limit in psi.map { $0 >= limit } } ?? false
        var psiChanceLevel: Double?
        if psiDrifted, let psi {
            if method == .psi, let chanceLevel {
                psiChanceLevel = chanceLevel
            } else {
                psiChanceLevel = try chance(.psi)
            }
            psiDrifted = psi > psiChanceLevel ?? 0
        }
        return FieldDrift(
            name: reference.name, kind: reference.kind, rows: rows,
            missingShare: rows == 0 ? 0 : Double(missing) / Double(rows),
            referenceMissingShare: reference.rows == 0 ? 0 : Double(referenceMissing) / Double(reference.rows),
            missingPValue: missingPValue, missingDrifted: missingDrifted, unseenShare: unseen, unseen: nil, psi: psi,
            psiChanceLevel: psiChanceLevel, psiDrifted: psiDrifted, method: method, value: value, threshold: threshold,
            chanceLevel: chanceLevel, valueDrifted: valueDrifted, drifted: valueDrifted || missingDrifted || psiDrifted)
    }
}
