extension Calibration {
    /// Top-label calibration of a multiclass model: the bins of the highest class probability
    /// of each row, against the share of rows whose most probable class is right (a bin's
    /// `positives` are its right rows); the ECE over these bins is the usual multiclass ECE
    /// (Guo et al., 2017, "On Calibration of Modern Neural Networks").
    /// - Complexity: O(n · (k + log bins)).
    public init(topLabelOf data: ScoredClasses, bins: Int = 10) {
        let k = data.classes.count
        let right = (0..<data.count).map { data.predicted($0) == data.labels[$0] }
        let confidence = (0..<data.count).map { data.probabilities[$0 * k + data.predicted($0)] }
        self.init(ScoredLabels(checkedLabels: right, scores: confidence), bins: bins)
    }
}
