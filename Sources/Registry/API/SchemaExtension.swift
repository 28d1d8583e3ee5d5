import Basics
import Models

/// What a new version's schema adds to its endpoint's, when the endpoint can take the version.
///
/// An endpoint's fields (names, order and kinds), its label and its classes are fixed by its
/// first version: a model cannot answer for a field it does not know, and clients and the
/// request log rely on the classes. A later version may extend the endpoint: a categorical
/// field gains the categories its training data had that the endpoint's did not, and a field
/// becomes nullable when the version saw it missing (or declared it so). Registration writes the
/// extended schema to `endpoints/<name>.json`, where the endpoint's schema lives, so predict.cgi,
/// batch jobs and the form accept the new values; an older version bins a category it never saw
/// as missing, as it does any unknown value. Numeric ranges and bounds stay the endpoint's.
public struct SchemaExtension: Equatable, Sendable {
    /// The endpoint's schema with the version's additions (unchanged when there are none).
    public var schema: Schema
    /// One phrase per addition, in field order: `island gains 'Anvers'`, `sex may be missing`
    /// (and why it says little, when only declared so).
    public var additions: [String]
    /// One phrase per categorical field whose endpoint categories include some the version does
    /// not know (trial15 #12: a version trained with `trim_spaces` no longer knows `'basic '`),
    /// in field order: `plan: 'basic ' (… differs from 'basic' only in …)`. The endpoint keeps
    /// them: its schema is the union of its registered versions', and a registered version is
    /// never removed. Empty for a first version.
    public var kept: [String] = []

    /// Checks `version` (a new version's training schema) against `endpoint` (its endpoint's).
    /// - Parameter id: the version, named in the error.
    /// - Throws: `RegistryError` (`.incompatibleSchema`) naming every field that was added or
    ///   removed or changed kind, a moved field, or a changed label or class set.
    public init(endpoint: Schema, version: Schema, id: VersionID) throws(RegistryError) {
        var problems: [String] = []
        let have = version.fields.map(\.name), want = endpoint.fields.map(\.name)
        for name in have where !want.contains(name) {
            problems.append(
                "field '\(name)' is new (the endpoint has no such field; list it in the pipeline's `ignore`)")
        }
        for name in want where !have.contains(name) {
            problems.append("field '\(name)' is missing (the endpoint has it; keep its column in the data)")
        }
        if problems.isEmpty, have != want {
            // trial29 #11: the same columns in another order; the rest of the advice (other
            // columns, another endpoint) does not fit this case.
            problems.append(
                "the fields are the endpoint's in another order: an endpoint's versions share one order, and this "
                    + "version was trained with its file's; `modelpress train` reads a file's columns in the order of "
                    + "the endpoint it registers to, so train it again with the endpoint's registry at hand, or write "
                    + "the file's columns in the endpoint's order (\(want.joined(separator: ", ")), the label anywhere), as pandas' "
                    + "df[[\((want + [endpoint.label]).map { "'\($0)'" }.joined(separator: ", "))]].to_csv(...) does")
        }
        for field in version.fields {
            guard let theirs = endpoint.field(named: field.name), theirs.kind != field.kind else { continue }
            problems.append(
                "field '\(field.name)' is \(field.kind.rawValue), the endpoint's is \(theirs.kind.rawValue) "
                    + "(declare `\(field.name) = \"\(theirs.kind.rawValue)\"` under [data.columns])")
        }
        if version.label != endpoint.label {
            problems.append("the label is '\(version.label)', the endpoint's is '\(endpoint.label)'")
        }
        if version.task != endpoint.task {
            problems.append("the task is \(version.task.rawValue), the endpoint's is \(endpoint.task.rawValue)")
        } else if version.labelValues != endpoint.labelValues {
            problems.append(Self.classDifference(version.labelValues, endpoint.labelValues))
        }
        guard problems.isEmpty else {
            throw RegistryError(reason: .incompatibleSchema(id, differences: problems))
        }
        var schema = endpoint
        var additions: [String] = []
        for (index, field) in version.fields.enumerated() {
            var extended = schema.fields[index]
            let new = field.categories.filter { !extended.categories.contains($0) }
            if !new.isEmpty {
                extended.categories += new
                additions.append("\(field.name) gains \(new.map(CategoryName.cited).joined(separator: ", "))")
            }
            if field.nullable, !extended.nullable {
                extended.nullable = true
                // trial29 #4: declared nullable with no missing value in the training rows, no
                // registered version has learned where a missing value goes.
                additions.append(
                    "\(field.name) may be missing"
                        + (field.trainingMissing == 0
                            ? " (declared nullable, though the version's training rows never miss it: no version's "
                                + "trees learned where a missing value goes, and answers to rows missing it say so)"
                            : ""))
            }
            let unknown = extended.categories.filter { !field.categories.contains($0) }
            if !unknown.isEmpty {
                kept.append(
                    "\(field.name): "
                        + unknown.map { Self.keptPhrase($0, known: field.categories) }.joined(separator: ", "))
            }
            schema.fields[index] = extended
        }
        self.schema = schema
        self.additions = additions
    }

    /// A category the endpoint keeps, as `kept` names it: quoted as messages quote categories,
    /// and for a variant of one the version knows (surrounding spaces, line endings, letter
    /// case), which, and that a value between the two is then ambiguous.
    private static func keptPhrase(_ category: String, known: [String]) -> String {
        let shown = CategoryName.quoted(category)
        if let same = known.first(where: { CategoryName.key($0) == CategoryName.key(category) }) {
            return "\(shown) (differs from \(CategoryName.quoted(same)) only in surrounding spaces or line endings, "
                + "so a value such as \(CategoryName.quoted(" " + CategoryName.key(category))) matches both and is refused "
                + "as ambiguous)"
        }
        if let same = known.first(where: {
            CategoryName.key($0).lowercased() == CategoryName.key(category).lowercased()
        }) {
            return "\(shown) (differs from \(CategoryName.quoted(same)) only in letter case)"
        }
        return shown
    }

    /// The schema of an endpoint's first version, which replaces the one the endpoint was
    /// created with: `modelpress new` creates the endpoint from the data as inferred, and before
    /// anything is registered the pipeline may still ignore a column, change a kind or name
    /// another positive class.
    /// - Parameters:
    ///   - version: the first version's training schema.
    ///   - endpoint: the schema the endpoint was created with.
    public init(firstVersion version: Schema, endpoint: Schema) {
        schema = version
        additions = version == endpoint ? [] : ["its first version's schema replaces the one it was created with"]
    }

    /// The classes' difference: what the version adds or lacks, or for two binary classes in
    /// another order, which is positive.
    private static func classDifference(_ have: [String], _ want: [String]) -> String {
        let added = have.filter { !want.contains($0) }, lacking = want.filter { !have.contains($0) }
        if added.isEmpty, lacking.isEmpty {
            return "the positive class is '\(have.last ?? "")', the endpoint's is '\(want.last ?? "")' "
                + "(declare `positive = \"\(want.last ?? "")\"` in the pipeline's [data])"
        }
        var parts: [String] = []
        if !added.isEmpty { parts.append("adds \(added.map(CategoryName.cited).joined(separator: ", "))") }
        if !lacking.isEmpty { parts.append("lacks \(lacking.map(CategoryName.cited).joined(separator: ", "))") }
        return "the classes differ: the version \(parts.joined(separator: " and ")) "
            + "(the endpoint's: \(want.joined(separator: ", ")))"
    }
}
