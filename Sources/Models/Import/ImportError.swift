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
        /// The model reads a field as `model` (`what` it does, as the file names the field:
        /// "tree 0 splits 'zip' by category") and the declared data has it as the other kind.
        /// `fixedBy` is the endpoint whose first version fixed the field as declared, with the
        /// command that makes a new endpoint for this model (`ImportError.naming(fixedKind:)`):
        /// then declaring the model's kind only moves the refusal to registration (trial22 #9).
        case fieldKind(
            String, model: Field.Kind, what: String, fixedBy: (endpoint: String, remedy: String)? = nil)

        public static func == (a: Self, b: Self) -> Bool {
            switch (a, b) {
            case (.corrupt(let x), .corrupt(let y)), (.truncated(let x), .truncated(let y)),
                (.unsupported(let x), .unsupported(let y)), (.mismatch(let x), .mismatch(let y)):
                return x == y
            case (.absentFeature(let n, let w, let f, let i), .absentFeature(let m, let v, let g, let j)):
                return (n, w, f, i) == (m, v, g, j)
            case (.fieldKind(let n, let k, let w, let e), .fieldKind(let m, let l, let v, let f)):
                return (n, k, w) == (m, l, v) && e?.endpoint == f?.endpoint && e?.remedy == f?.remedy
            default:
                return false
            }
        }
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
        case .fieldKind(_, let model, let what, nil):
            return "\(place): the model does not match the declared data: \(what) and the declared data has it as "
                + "\(model.other.rawValue); declare it \(model.rawValue) in [data.columns]"
        case .fieldKind(let name, let model, let what, let fixed?):
            return
                "\(place): the model cannot be a version of endpoint \(fixed.endpoint): \(what), and the endpoint has "
                + "'\(name)' \(model.other.rawValue), as its first version fixed it (declaring it \(model.rawValue) would "
                + "only have the registration refuse the version); import the model into a new endpoint whose data has "
                + "'\(name)' \(model.rawValue): \(fixed.remedy)"
        }
    }

    /// The same error, saying that the model needs another endpoint when it reads a field as the
    /// other kind than the endpoint's schema has it (fixed by its first version): declaring the
    /// model's kind would only move the refusal to registration (trial22 #9). The remedy is the
    /// `modelpress new` command that makes an endpoint from the same data with the model's kind,
    /// and the edit of the pipeline that imports into it.
    /// - Parameters:
    ///   - endpoint: the endpoint's name, and `fixedKinds` its fields' kinds by name (empty when
    ///     it has no version yet, so nothing is fixed).
    ///   - newEndpoint: the name the command suggests.
    ///   - data: the pipeline's [data], whose file, label, task, `ignore` and kinds the command
    ///     repeats; `pipeline` its file.
    public func naming(
        endpoint: String, fixedKinds: [String: Field.Kind], newEndpoint: String, data: DataDeclaration,
        pipeline: String
    ) -> ImportError {
        guard case .fieldKind(let name, let model, let what, nil) = reason,
            let fixed = fixedKinds[name], fixed != model
        else { return self }
        var kinds = data.kinds
        kinds[name] = model
        let word = DataDeclaration.shellWord
        var command = "modelpress new \(word(newEndpoint)) --data \(word(data.training)) --label \(word(data.label))"
        if let task = data.task { command += " --task \(task.rawValue)" }
        if !data.ignore.isEmpty { command += " --ignore " + data.ignore.map(word).joined(separator: " ") }
        for (column, kind) in kinds.sorted(by: { $0.key < $1.key }) {
            command += " --column \(word("\(column)=\(kind.rawValue)"))"
        }
        let remedy =
            "`\(command)` (or another name; add the pipeline's other [data] keys, such as --separator or --missing, "
            + "where it declares them), then in \(pipeline) set endpoint = \"\(newEndpoint)\" and, under [data.columns], "
            + "\(name) = \"\(model.rawValue)\", and import again"
        var error = self
        error.reason = .fieldKind(name, model: model, what: what, fixedBy: (endpoint, remedy))
        return error
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

extension Field.Kind {
    /// The other kind.
    var other: Field.Kind { self == .numeric ? .categorical : .numeric }
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
