#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The logistic function `1 / (1 + e^-x)`: a gradient-boosted model's raw score (log-odds) to
/// the positive-class probability. Prediction (`.logit` output) and the boosting trainer's
/// gradients both use it, so a model predicts with the function it was fitted with. Inlinable:
/// the trainer called it once a row and gradient (a million Adult-like rows, 200 rounds: 0.33 of
/// the fit's 11.6 CPU s went to the calls).
@inlinable @inline(__always)
package func logistic(_ x: Double) -> Double {
    1 / (1 + exp(-x))
}

/// Softmax in place over `count` raw scores (multiclass boosting): e^(x_c − max) / Σ, so the
/// probabilities a model predicts are computed as its trainer's gradients were.
@inline(__always)
package func softmax(_ scores: UnsafeMutablePointer<Double>, count: Int) {
    var largest = -Double.infinity
    for c in 0..<count { largest = max(largest, scores[c]) }
    var sum = 0.0
    for c in 0..<count {
        scores[c] = exp(scores[c] - largest)
        sum += scores[c]
    }
    for c in 0..<count { scores[c] /= sum }
}
