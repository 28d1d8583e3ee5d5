/// Which drift measure decides each field's verdict, and where its threshold lies.
public struct DriftOptions: Equatable, Sendable {
    /// The measure for numeric fields (and a numeric prediction); nil for Evidently's default
    /// (`DriftMethod.chosen`: Kolmogorov–Smirnov up to 1,000 reference rows, else Wasserstein).
    public var numericMethod: DriftMethod?
    /// The measure for categorical fields (and a multiclass prediction); nil for Evidently's
    /// default (chi-squared up to 1,000 reference rows, else Jensen–Shannon). Kolmogorov–Smirnov
    /// and Wasserstein need numbers, so they are refused here.
    public var categoricalMethod: DriftMethod?
    /// Thresholds that replace a measure's default (`DriftMethod.defaultThreshold`).
    public var thresholds: [DriftMethod: Double]
    /// When set, a field whose population stability index reaches it drifts too, whatever the
    /// deciding measure says; PSI is always reported.
    public var psiThreshold: Double?
    /// A field's missing share drifts when the two-proportion z-test of it against the
    /// reference's has a p-value below this (Evidently's z-test threshold, 0.05).
    public var missingThreshold: Double
    /// The fewest requests a window needs to be judged: a smaller one is measured but decides
    /// nothing, since distances over a few hundred values cross Evidently's thresholds by chance.
    public var minimumRequests: Int

    /// The default `minimumRequests`: from 600 requests drawn from the training distribution,
    /// the Wasserstein rule flags one of four numeric fields in fewer windows (0.14) than four
    /// p < 0.05 tests do by design (0.19); at 300, in half of them (docs/architecture.md has the
    /// measurement).
    public static let defaultMinimumRequests = 600

    public init(
        numericMethod: DriftMethod? = nil, categoricalMethod: DriftMethod? = nil,
        thresholds: [DriftMethod: Double] = [:], psiThreshold: Double? = nil, missingThreshold: Double = 0.05,
        minimumRequests: Int = defaultMinimumRequests
    ) {
        self.numericMethod = numericMethod
        self.categoricalMethod = categoricalMethod
        self.thresholds = thresholds
        self.psiThreshold = psiThreshold
        self.missingThreshold = missingThreshold
        self.minimumRequests = minimumRequests
    }

    /// The measure that decides a field of this kind with this many reference rows and
    /// distinct present values (of the reference and the window together; `Int.max` when not
    /// counted).
    public func method(numeric: Bool, referenceRows: Int, distinctValues: Int = Int.max) -> DriftMethod {
        (numeric ? numericMethod : categoricalMethod)
            ?? DriftMethod.chosen(numeric: numeric, referenceRows: referenceRows, distinctValues: distinctValues)
    }

    /// The threshold of `method`: the one given, else its default.
    public func threshold(_ method: DriftMethod) -> Double {
        thresholds[method] ?? method.defaultThreshold
    }
}
