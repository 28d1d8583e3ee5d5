import Scoring

/// Where serving makes a model's `TreeExplainer`: predict.cgi's `?explain=true` and explained
/// batch jobs both come here, so a model that cannot be explained is refused in one way.
package enum ModelExplainer {
    /// The explainer of `model`, the served model of `version`.
    ///
    /// The refusal is 409 Conflict rather than 422: the request is valid (the same body without
    /// `explain` is answered), and what stands in the way is the state of the version that
    /// answers it, which the client can change by pinning another version and the operator by
    /// serving one whose file records cover.
    /// - Parameter version: `endpoint/model@version`, which the refusal names.
    /// - Throws: `ServingError` 409 naming the version and what to do when its model file records
    ///   no per-node cover (a format-2 file, an ONNX import) or a damaged one (the damaged
    ///   cover's value in its detail, for the server's error log).
    /// - Complexity: O(nodes).
    package static func make(_ model: TreeModel, version: String) throws(ServingError) -> TreeExplainer {
        do {
            return try TreeExplainer(model, name: version)
        } catch let error as ExplanationError {
            let why: String
            // The operator's log gets the cover's value; the rest is in the answer already.
            var detail: String?
            switch error.reason {
            // A cover counted from the data comes with the prepared copy (`PreparedModel`), so
            // here the file's own cover is all there is.
            case .noCover, .noCoverNorData:
                why =
                    "its model file records no per-node cover (the training rows that reached each node, which "
                    + "TreeSHAP needs; files of modelpress-trees/2 and ONNX imports have none)"
            case .unusableCover(let node, let value):
                why = "its model file's cover is unusable at node \(node)"
                detail = "node \(node) is a split with cover \(value)"
            case .wrongCoverCount(let expected, let actual):
                why = "its cover does not fit its model file"
                detail = "\(actual) cover values for \(expected) nodes"
            }
            throw ServingError(
                .conflict,
                "\(version) cannot explain its predictions: \(why); ask without explain=true, or pin a version "
                    + "that can (?model=…&version=…); its owner can train a new version, or import the model "
                    + "from its LightGBM or XGBoost file",
                detail: detail)
        } catch {
            throw ServingError(.internalError, "\(version) cannot explain its predictions", detail: "\(error)")
        }
    }
}
