/// A label whose rarer class is under `share` of the rows (trial26 #2: 1.6% positives, where
/// accuracy 0.984 was exactly always answering `no` and ROC AUC 0.915 looked healthy while the
/// model found 1 fraud in 95). There accuracy is read against the majority class and ROC AUC is
/// dominated by the many negatives, so the summaries headline what the field uses for such
/// data: average precision (the area under the precision-recall curve, whose chance level is
/// the positive share; Saito & Rehmsmeier 2015, "The precision-recall plot is more informative
/// than the ROC plot when evaluating binary classifiers on imbalanced datasets", PLOS ONE
/// 10(3)) and balanced accuracy (the mean of the per-class recalls; scikit-learn's
/// `balanced_accuracy_score`, recommended in its user guide for imbalanced data). 10% is the
/// usual bound of an imbalanced binary problem, and where always answering the majority class
/// already scores 0.9 accuracy.
public enum RareClass {
    /// A class under this share of the rows is rare.
    public static let share = 0.1

    /// Whether the rarer of a binary label's two classes is under `share` of `rows`.
    /// - Parameters:
    ///   - positives: rows of the positive class.
    ///   - rows: all rows; false when there are none.
    public static func isImbalanced(positives: Int, rows: Int) -> Bool {
        rows > 0 && Double(min(positives, rows - positives)) < share * Double(rows)
    }

    /// Whether the positive class is the rare one (`isImbalanced`, and positives are the fewer).
    public static func positivesAreRare(positives: Int, rows: Int) -> Bool {
        isImbalanced(positives: positives, rows: rows) && 2 * positives < rows
    }
}
