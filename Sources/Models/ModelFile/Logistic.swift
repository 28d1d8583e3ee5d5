#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The logistic function `1 / (1 + e^-x)`: a gradient-boosted model's raw score (log-odds) to
/// the positive-class probability. Prediction (`.logit` output) and the boosting trainer's
/// gradients both use it, so a model predicts with the function it was fitted with.
@inline(__always)
func logistic(_ x: Double) -> Double {
    1 / (1 + exp(-x))
}
