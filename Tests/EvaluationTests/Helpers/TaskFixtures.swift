import Foundation

/// The committed fixture `Fixtures/sklearn-multiclass.json`, written by
/// `scripts/make-eval-fixtures`: synthetic classes and probabilities with scikit-learn's metrics.
struct MulticlassFixture: Decodable {
    struct Results: Decodable {
        struct Calibration: Decodable {
            var prob_true: [Double]
            var prob_pred: [Double]
        }

        var accuracy: Double
        var balanced_accuracy: Double
        var macro_f1: Double
        var weighted_f1: Double
        var log_loss: Double
        var precision: [Double]
        var recall: [Double]
        var f1: [Double]
        var support: [Int]
        var confusion: [[Int]]
        var roc_auc: [Double]
        var macro_roc_auc: Double
        var top_label_calibration: Calibration
    }

    struct DataSet: Decodable {
        var classes: [String]
        var labels: [Int]
        var probabilities: [Double]
        var sklearn: Results
    }

    var sets: [String: DataSet]

    static func load() throws -> MulticlassFixture {
        try FixtureFile.decode("sklearn-multiclass")
    }
}

/// The committed fixture `Fixtures/sklearn-regression.json`: synthetic targets and predictions
/// with scikit-learn's metrics, and two arms of absolute errors with scipy's Welch test.
struct RegressionFixture: Decodable {
    struct Results: Decodable {
        var mae: Double
        var rmse: Double
        var r2: Double
        var median_absolute_error: Double
        var mape: Double
    }

    struct DataSet: Decodable {
        var targets: [Double]
        var predictions: [Double]
        var sklearn: Results
    }

    struct Welch: Decodable {
        struct Scipy: Decodable {
            var statistic: Double
            var pvalue: Double
            var df: Double
            var difference: Double
            var low: Double
            var high: Double
        }

        var a: [Double]
        var b: [Double]
        var scipy: Scipy
    }

    var sets: [String: DataSet]
    var welch: Welch

    static func load() throws -> RegressionFixture {
        try FixtureFile.decode("sklearn-regression")
    }
}

enum FixtureFile {
    /// Decodes `Fixtures/<name>.json` from the test bundle.
    static func decode<T: Decodable>(_ name: String) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
