/// A model file `modelpress import` cannot convert, with the place and the reason.
public struct ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file is not of the format it claims, or a value in it is malformed.
        case corrupt(String)
        /// The file ends before something it announced.
        case truncated(String)
        /// A well-formed file that uses something the importer does not convert exactly.
        case unsupported(String)
        /// The model and the pipeline's declared data disagree (a field, a category, the classes).
        case mismatch(String)
        /// The model reads a feature (`what`: "feature", "input") the declared data has no field
        /// for: `ignored` when the pipeline's `ignore` drops the column, so that the advice is not
        /// to ignore it.
        case absentFeature(String, what: String, fields: [String], ignored: Bool = false)
    }

    /// The source file as given.
    public var file: String
    /// The 1-based line of a text format, where one is to blame.
    public var line: Int?
    public var reason: Reason

    public init(file: String, line: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        switch reason {
        case .corrupt(let what): return "\(place): corrupt model file: \(what)"
        case .truncated(let what): return "\(place): truncated model file: \(what); save the model again"
        case .unsupported(let what): return "\(place): not supported: \(what)"
        case .mismatch(let what): return "\(place): the model does not match the declared data: \(what)"
        case .absentFeature(let name, let what, let fields, ignored: false):
            return "\(place): the model does not match the declared data: the model has the \(what) '\(name)' and the "
                + "declared data has no such field (fields: \(fields.joined(separator: ", "))); declare the data the "
                + "model was trained on, or retrain the model without '\(name)'"
        case .absentFeature(let name, let what, _, ignored: true):
            return "\(place): the model does not match the declared data: the model has the \(what) '\(name)', and "
                + "the pipeline's [data] lists it in `ignore`, so the declared data has no such field; the model "
                + "cannot predict without it: remove '\(name)' from `ignore` (and, if the endpoint's schema lacks it, "
                + "import into a new endpoint), or retrain the model without '\(name)'"
        }
    }

    /// The same error, saying that the pipeline ignores the feature the model reads when it does
    /// (`ignore` as declared; LightGBM writes a name's spaces as underscores).
    public func naming(ignored: [String]) -> ImportError {
        guard case .absentFeature(let name, let what, let fields, false) = reason,
            ignored.contains(where: { $0 == name || $0.replacingOccurrences(of: " ", with: "_") == name })
        else { return self }
        var error = self
        error.reason = .absentFeature(name, what: what, fields: fields, ignored: true)
        return error
    }
}

extension ImportError.Reason {
    /// The mismatch of a categorical field whose categories differ between the model and the
    /// declared data (naming both sides), or nil when they are the same set.
    /// - Parameter place: where in the model the categories are, after the field's name (` (node …)`).
    static func categories(of field: Field, model: [String], place: String = "") -> Self? {
        let known = Set(model)
        let unseen = field.categories.filter { !known.contains($0) }
        let declared = Set(field.categories)
        let unknown = model.filter { !declared.contains($0) }
        guard !unseen.isEmpty || !unknown.isEmpty else { return nil }
        var parts: [String] = []
        if !unseen.isEmpty { parts.append("the model never saw \(unseen.joined(separator: ", "))") }
        if !unknown.isEmpty { parts.append("the declared data lacks \(unknown.joined(separator: ", "))") }
        return .mismatch(
            "field '\(field.name)'\(place): " + parts.joined(separator: "; ") + " (model: "
                + model.joined(separator: ", ") + "; declared: " + field.categories.joined(separator: ", ") + ")")
    }
}
