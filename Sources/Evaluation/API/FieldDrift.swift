import Models

/// How one field (or the prediction) of the requests served in one window compares with its
/// reference distribution.
public struct FieldDrift: Encodable, Equatable, Sendable {
    public var name: String
    public var kind: ReferenceDistribution.Distribution.Kind
    /// Requests in the window.
    public var rows: Int
    /// The share of them missing the field, and the training rows' share.
    public var missingShare: Double
    public var referenceMissingShare: Double
    /// Categorical: the share of requests with a category the reference does not list, and the
    /// most frequent of those categories (at most five, by count, then by name).
    public var unseenShare: Double?
    public var unseen: [String]?
    /// The population stability index over the reference's bins (unseen categories as bins of
    /// their own); nil when the window has no values.
    public var psi: Double?
    /// The measure that decides, its value (a p-value for `ks` and `chisquare`, else a
    /// distance; nil when the window has no present value to measure) and its threshold.
    public var method: DriftMethod
    public var value: Double?
    public var threshold: Double
    /// Whether the deciding measure, or PSI with `DriftOptions.psiThreshold`, crossed its threshold.
    public var drifted: Bool
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
        case unseenShare = "unseen_share"
        case unseen, psi, method, value, threshold, drifted
    }

    /// Compares a numeric field's served values (NaN for missing) with its reference.
    /// - Throws: `EvaluationError` when the reference is empty or its sample holds a value that
    ///   is not finite.
    public static func numeric(
        _ reference: ReferenceDistribution.Distribution, bins: ReferenceBins, values: [Double], options: DriftOptions
    ) throws -> FieldDrift {
        var counts = [Int](repeating: 0, count: max(bins.count, reference.counts.count))
        for value in values { counts[bins.bin(value) ?? 0] += 1 }
        let present = values.filter(\.isFinite)
        let method = options.method(numeric: true, referenceRows: reference.rows)
        var value: Double?
        let sample = reference.sample ?? []
        switch method {
        case .ks where !present.isEmpty && !sample.isEmpty:
            value = try DriftStatistics.kolmogorovSmirnov(reference: sample, current: present).pValue
        case .wasserstein where !present.isEmpty && !sample.isEmpty:
            value = try DriftStatistics.normalisedWassersteinDistance(reference: sample, current: present)
        case .ks, .wasserstein:
            value = nil
        case .psi, .chisquare, .jensenshannon:
            value = try binned(method, reference: reference.counts, current: counts)
        }
        return try make(reference, method: method, value: value, counts: counts, unseen: nil, options: options)
    }

    /// Compares a categorical field's served categories (nil for missing) with its reference.
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
        // Each unseen category is a bin the reference has none of, as Evidently keys them.
        let names = unseen.keys.sorted()
        let referenceCounts = reference.counts + names.map { _ in 0 }
        let currentCounts = counts + names.map { unseen[$0] ?? 0 }
        let method = options.method(numeric: false, referenceRows: reference.rows)
        let value = try binned(method, reference: referenceCounts, current: currentCounts)
        let top = unseen.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map(\.key)
        var drift = try make(
            reference, method: method, value: value, counts: currentCounts,
            unseen: categories.isEmpty ? 0 : Double(unseen.values.reduce(0, +)) / Double(categories.count),
            options: options, referenceCounts: referenceCounts)
        drift.unseen = top
        drift.categories = (reference.categories ?? []) + names
        return drift
    }

    static func binned(_ method: DriftMethod, reference: [Int], current: [Int]) throws -> Double? {
        guard current.contains(where: { $0 > 0 }) else { return nil }
        switch method {
        case .psi: return try DriftStatistics.populationStabilityIndex(reference: reference, current: current)
        case .chisquare: return try DriftStatistics.chiSquared(reference: reference, current: current).pValue
        case .jensenshannon: return try DriftStatistics.jensenShannonDistance(reference: reference, current: current)
        case .ks, .wasserstein: return nil
        }
    }

    private static func make(
        _ reference: ReferenceDistribution.Distribution, method: DriftMethod, value: Double?, counts: [Int],
        unseen: Double?, options: DriftOptions, referenceCounts: [Int]? = nil
    ) throws -> FieldDrift {
        let rows = counts.reduce(0, +)
        let referenceCounts = referenceCounts ?? reference.counts
        let psi = try binned(.psi, reference: referenceCounts, current: counts)
        let threshold = options.threshold(method)
        let drifted =
            (value.map { method.drifted($0, threshold: threshold) } ?? false)
            || (options.psiThreshold.flatMap { limit in psi.map { $0 >= limit } } ?? false)
        return FieldDrift(
            name: reference.name, kind: reference.kind, rows: rows,
            missingShare: rows == 0 ? 0 : Double(counts[0]) / Double(rows),
            referenceMissingShare: reference.rows == 0 ? 0 : Double(reference.counts[0]) / Double(reference.rows),
            unseenShare: unseen, unseen: nil, psi: psi, method: method, value: value, threshold: threshold,
            drifted: drifted, counts: counts, referenceCounts: referenceCounts)
    }
}
