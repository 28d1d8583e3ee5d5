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

    public init(
        numericMethod: DriftMethod? = nil, categoricalMethod: DriftMethod? = nil,
        thresholds: [DriftMethod: Double] = [:], psiThreshold: Double? = nil
    ) {
        self.numericMethod = numericMethod
        self.categoricalMethod = categoricalMethod
        self.thresholds = thresholds
        self.psiThreshold = psiThreshold
    }

    /// The measure that decides a field of this kind with this many reference rows.
    public func method(numeric: Bool, referenceRows: Int) -> DriftMethod {
        (numeric ? numericMethod : categoricalMethod)
            ?? DriftMethod.chosen(numeric: numeric, referenceRows: referenceRows)
    }

    /// The threshold of `method`: the one given, else its default.
    public func threshold(_ method: DriftMethod) -> Double {
        thresholds[method] ?? method.defaultThreshold
    }
}
