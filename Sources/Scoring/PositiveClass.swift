/// The one rule for a binary model's label: the positive class when its probability is
/// strictly above the threshold, the negative class otherwise (so at exactly 0.5 the answer
/// is the negative class). Serving (predict.cgi, batch jobs, `modelpress predict`), training's
/// quick metrics and evaluation (confusion matrix, headline metrics, the constant baseline) all
/// call it, so a served label and the label an evaluation counts never differ (trial28 #1: a
/// probability of exactly 0.5 was served negative and counted positive).
///
/// Strictly above is scikit-learn's and LightGBM's `predict` (the arg-max of `[1 − p, p]`,
/// whose tie goes to the first class, the negative one). Curves (ROC, precision–recall) sweep
/// every score with `≥` as scikit-learn's `roc_curve` does; they describe all thresholds, not
/// a served label.
package enum PositiveClass {
    /// The threshold served labels use: no registry record or pipeline key sets another.
    package static let servedThreshold = 0.5

    /// Whether `probability` (of the positive class, in 0…1) is labelled positive at
    /// `threshold` (in 0…1): `probability > threshold`.
    @inline(__always)
    package static func isPredicted(_ probability: Double, threshold: Double = servedThreshold) -> Bool {
        probability > threshold
    }
}
