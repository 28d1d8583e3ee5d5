/// Why a model scored one row as it did: each field's TreeSHAP contribution to the row's raw
/// score, per output (see `TreeExplainer`).
///
/// For every output `o`, `expectedValues[o] + contributions[o].reduce(0, +)` equals
/// `rawScores[o]` up to rounding.
public struct Explanation: Sendable, Equatable {
    /// Per output, the expected raw score (φ₀): what the model scores before it knows any field,
    /// every path weighted by the training rows (or hessian sum) that took it.
    public var expectedValues: [Double]
    /// Per output, per field in the model's order (`TreeExplainer.fieldNames`): the field's
    /// contribution to the raw score, in the raw score's units.
    public var contributions: [[Double]]
    /// Per output, the row's raw score as prediction computes it (see `TreeExplainer`).
    public var rawScores: [Double]

    package init(expectedValues: [Double], contributions: [[Double]], rawScores: [Double]) {
        self.expectedValues = expectedValues
        self.contributions = contributions
        self.rawScores = rawScores
    }
}

/// A model whose predictions cannot be explained, with the model and the reason.
public struct ExplanationError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The model file records no per-node cover: a format-2 file (`modelpress-trees/2`) or
        /// an import from ONNX, which records none.
        case noCover
        /// A split's cover is zero, negative or not a number, so the share of its rows that
        /// take each side is undefined.
        case unusableCover(node: Int, value: Double)
        /// A cover given for the model has not one value per node.
        case wrongCoverCount(expected: Int, actual: Int)
        /// The model file records no cover, and the training rows its version declares, from
        /// which it could be counted again, cannot be read (why, as the data reader said).
        case noCoverNorData(String)
    }

    /// The model, as the caller named it (a path or a version).
    public var model: String
    public var reason: Reason

    package init(model: String, reason: Reason) {
        self.model = model
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .noCover:
            return "\(model): cannot explain its predictions: the model file records no per-node cover (the training "
                + "rows that reached each node, which TreeSHAP needs); files of modelpress-trees/2 (model file format "
                + "2) and ONNX imports have none. Where the version's declared training data is, `bundle` and `make run` "
                + "write the deployment's prepared copy with a cover counted from it (and `modelpress explain` counts it "
                + "itself); else train a new version with this modelpress, or import the model from its LightGBM text "
                + "or XGBoost JSON file"
        case .unusableCover(let node, let value):
            return "\(model): cannot explain its predictions: node \(node) is a split with cover \(value), so the "
                + "share of its training rows on each side is undefined; the model file is damaged or its source "
                + "recorded no cover there. Train or import the model again"
        case .wrongCoverCount(let expected, let actual):
            return "\(model): cannot explain its predictions: the cover given has \(actual) values for its "
                + "\(expected) nodes; count it again from the model's own training rows"
        case .noCoverNorData(let why):
            return "\(model): cannot explain its predictions: the model file records no per-node cover (a "
                + "modelpress-trees/2 file or an ONNX import), and the training rows its training.json declares, "
                + "from which it is counted again, cannot be read: \(why). Restore those data files (as the "
                + "version's training.json names them, with the same SHA-256) and run this again from the "
                + "repository, or train a new version with this modelpress"
        }
    }
}
