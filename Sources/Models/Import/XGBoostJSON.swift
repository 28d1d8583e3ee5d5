import Foundation

/// XGBoost's JSON model (`save_model("m.json")`; the schema is XGBoost's `doc/model.schema`):
/// `learner.gradient_booster.model.trees`, each a set of parallel arrays by node (a node is a
/// leaf when its `left_children` is -1, and its value is then its `split_conditions`), and the
/// prediction of XGBoost's `GetNextNode`/`PredValue` and objectives:
///
/// - a split sends a row left when `float(value) < split_condition` (float32), a missing value
///   (NaN) the `default_left` way;
/// - the margin is `base_score` plus the leaves (tree `i` adds to class `tree_info[i]`), and
///   `binary:logistic` applies σ (its `base_score` is a probability, its margin the logit),
///   `multi:softprob` and `multi:softmax` softmax, and the regression objectives whose
///   `PredTransform` is the identity (src/objective/regression_obj.cu, quantile_obj.cu:
///   `reg:squarederror`, `reg:squaredlogerror`, `reg:pseudohubererror`, `reg:absoluteerror`,
///   `reg:quantileerror` with one quantile) nothing: their prediction is the margin. `base_score`
///   is a number in a string before 3.1 (`"5E-1"`), a list in a string since (`"[5E-1]"`, one
///   per class or target). Objectives whose prediction transforms the margin (`reg:logistic`'s
///   σ, `reg:gamma`, `reg:tweedie` and `count:poisson`'s exp, `binary:logitraw`'s raw score,
///   `binary:hinge`'s 0/1, ranking and survival) are refused.
struct XGBoostJSON {
    var file: String
    var document: [String: Any]

    /// The objectives read and their output function (a regression's prediction is its margin:
    /// XGBoost's `PredTransform` of these leaves it as it is; the loss only shaped the trees).
    static let objectives: [String: (PredictionTask, TreeEnsemble.Output)] = [
        "binary:logistic": (.binary, .logit), "multi:softprob": (.multiclass, .softmax),
        "multi:softmax": (.multiclass, .softmax), "reg:squarederror": (.regression, .sum),
        "reg:squaredlogerror": (.regression, .sum), "reg:pseudohubererror": (.regression, .sum),
        "reg:absoluteerror": (.regression, .sum), "reg:quantileerror": (.regression, .sum),
    ]

    /// What the refused objectives XGBoost knows predict, the margin being base_score plus the
    /// trees, for the message.
    static let transformed: [String: String] = [
        "reg:logistic": "σ(margin)", "reg:gamma": "exp(margin)", "reg:tweedie": "exp(margin)",
        "count:poisson": "exp(margin)", "survival:cox": "exp(margin)", "survival:aft": "exp(margin)",
        "binary:logitraw": "the margin, not a probability", "binary:hinge": "0 or 1 by the margin's sign",
        "rank:ndcg": "a ranking score", "rank:map": "a ranking score", "rank:pairwise": "a ranking score",
    ]

    /// Whether `bytes` are XGBoost's UBJSON rather than JSON: an object whose first key has a
    /// UBJSON length marker instead of a quote.
    static func isUBJSON(_ bytes: [UInt8]) -> Bool {
        bytes.count > 1 && bytes[0] == UInt8(ascii: "{") && Array("iUIlL$#".utf8).contains(bytes[1])
    }

    /// Refuses XGBoost's UBJSON, saying how to save JSON.
    /// - Throws: `ImportError` (`.unsupported`) when `isUBJSON(bytes)`.
    static func refuseUBJSON(_ bytes: [UInt8], file: String) throws(ImportError) {
        guard isUBJSON(bytes) else { return }
        throw ImportError(
            file: file,
            reason: .unsupported(
                "XGBoost's binary UBJSON model (save_model(\"m.ubj\")); save it as JSON with "
                    + "booster.save_model(\"m.json\") (or model.save_model(\"m.json\")) and import that"))
    }

    /// Parses the JSON text.
    /// - Throws: `ImportError`: `.unsupported` for UBJSON, `.truncated` for text that ends early,
    ///   `.corrupt` for text that is not JSON or not an XGBoost model.
    init(bytes: [UInt8], file: String) throws(ImportError) {
        self.file = file
        try Self.refuseUBJSON(bytes, file: file)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            var end = bytes.count
            while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
            if end > 0, bytes[end - 1] != UInt8(ascii: "}") {
                throw ImportError(file: file, reason: .truncated("the JSON text ends before its last '}'"))
            }
            throw ImportError(
                file: file, reason: .corrupt("not valid JSON (\((error as NSError).localizedDescription))"))
        }
        guard let document = parsed as? [String: Any], document["learner"] is [String: Any] else {
            throw ImportError(file: file, reason: .corrupt("an XGBoost JSON model is an object with a 'learner'"))
        }
        self.document = document
    }

    /// The version the file records (`version: [3, 2, 0]`).
    var version: String {
        (document["version"] as? [Any])?.compactMap { ($0 as? NSNumber)?.stringValue }.joined(separator: ".")
            ?? "unknown"
    }

    func fail(_ reason: ImportError.Reason) -> ImportError { ImportError(file: file, reason: reason) }

    /// The value at `path` (keys from the document's root) as `T`.
    func value<T>(_ path: [String], _: T.Type, in root: [String: Any]? = nil) throws(ImportError) -> T {
        var current: Any = root ?? document
        for key in path {
            guard let object = current as? [String: Any], let next = object[key] else {
                throw fail(.corrupt("it has no '\(path.joined(separator: "."))'"))
            }
            current = next
        }
        guard let typed = current as? T else {
            throw fail(.corrupt("'\(path.joined(separator: "."))' has the wrong type"))
        }
        return typed
    }
}
