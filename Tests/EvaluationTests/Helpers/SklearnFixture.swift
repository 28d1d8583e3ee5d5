import Foundation

/// The committed fixture `Fixtures/sklearn-metrics.json`, written by
/// `scripts/make-eval-fixtures`: synthetic labels and scores with scikit-learn's metrics.
struct SklearnFixture: Decodable {
    struct Confusion: Decodable {
        var tp: Int, fp: Int, tn: Int, fn: Int
    }

    struct Results: Decodable {
        struct ROC: Decodable {
            var fpr: [Double]
            var tpr: [Double]
            var thresholds: [Double?]
        }

        struct PR: Decodable {
            var precision: [Double]
            var recall: [Double]
            var thresholds: [Double]
        }

        struct Calibration: Decodable {
            var prob_true: [Double]
            var prob_pred: [Double]
            var ece: Double
        }

        var confusion: Confusion
        var accuracy: Double
        var balanced_accuracy: Double
        var precision: Double
        var recall: Double
        var specificity: Double
        var f1: Double
        var mcc: Double
        var roc_auc: Double
        var average_precision: Double
        var log_loss: Double
        var brier: Double
        var roc_curve: ROC
        var pr_curve: PR
        var calibration: Calibration
    }

    struct DataSet: Decodable {
        var labels: [Int]
        var scores: [Double]
        var threshold: Double
        var sklearn: Results
    }

    var sklearn_version: String
    var sets: [String: DataSet]

    static func load() throws -> SklearnFixture {
        try FixtureFile.decode("sklearn-metrics")
    }
}
