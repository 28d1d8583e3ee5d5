import Evaluation
import Foundation

extension DriftCheck {
    /// A measure as `modelpress monitor` and the site write it: four significant digits,
    /// scientific notation for a tiny p-value (`3.21e-07`), one decimal from 10,000 on (a mean
    /// absolute error of house prices reads `39119.3`, not `3.912e+04`).
    public static func figure(_ value: Double) -> String {
        if value != 0 && abs(value) < 0.001 { return String(format: "%.2e", value) }
        return abs(value) >= 10_000 ? String(format: "%.1f", value) : String(format: "%.4g", value)
    }

    /// A share as a percentage with one decimal (`12.5%`).
    public static func share(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }

    /// When `drift`'s measure drifts: `< 0.05` for a p-value, `≥ 0.1` for a distance.
    public static func condition(_ drift: FieldDrift) -> String {
        (drift.method.isPValue ? "< " : "≥ ") + figure(drift.threshold)
    }
}
