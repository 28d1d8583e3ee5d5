import Models

extension SchemaExtension {
    /// How a registered version's training schema differs from what its endpoint's schema
    /// accepts now: every field the version was trained on must be the endpoint's, in the same
    /// order and kind, with the version's categories among the endpoint's and a field the
    /// version may see missing nullable there; label and classes equal. Registration makes this
    /// hold; a hand-edited endpoint file or a merge resolved by taking one side can break it,
    /// and then predict.cgi would serve the version with an input it needs always missing or
    /// refused.
    /// - Returns: one phrase per difference, in field order; empty when the version fits.
    static func mismatches(endpoint: Schema, registered version: Schema) -> [String] {
        var found: [String] = []
        let have = version.fields.map(\.name), want = endpoint.fields.map(\.name)
        for name in have where !want.contains(name) {
            found.append("the version has field '\(name)', the endpoint has not")
        }
        for name in want where !have.contains(name) {
            found.append("the endpoint has field '\(name)', the version has not")
        }
        if found.isEmpty, have != want { found.append("the fields are in another order") }
        for field in version.fields {
            guard let theirs = endpoint.field(named: field.name) else { continue }
            if theirs.kind != field.kind {
                found.append(
                    "field '\(field.name)' is \(field.kind.rawValue) in the version, \(theirs.kind.rawValue) in the endpoint"
                )
                continue
            }
            let lacking = field.categories.filter { !theirs.categories.contains($0) }
            if !lacking.isEmpty {
                found.append(
                    "field \(CategoryName.cited(field.name)) lacks the version's categories \(lacking.map(CategoryName.cited).joined(separator: ", "))"
                )
            }
            if field.nullable, !theirs.nullable {
                found.append("field '\(field.name)' may be missing only in the version")
            }
        }
        if version.label != endpoint.label {
            found.append("the label is '\(version.label)' in the version, '\(endpoint.label)' in the endpoint")
        }
        if version.task != endpoint.task || version.labelValues != endpoint.labelValues {
            found.append(
                "the classes are \(version.labelValues.joined(separator: ", ")) in the version, "
                    + "\(endpoint.labelValues.joined(separator: ", ")) in the endpoint")
        }
        return found
    }
}
