import Models

/// One declared breakdown of the evaluation: a field, or the intersection of several fields.
/// A pipeline's `[evaluation] slices = ["sex", "island", ["sex", "island"]]` is one spec per
/// entry: a string is one field, a list an intersection; how a numeric field is banded is
/// declared per field (`[25, 35, 45]` edges, or a number of quantile bands).
///
/// ```swift
/// let specs = try [SliceSpec("sex"), SliceSpec(["sex", "island"]),
///                  SliceSpec("age", bands: ["age": .edges([25, 35, 45, 55, 65])])]
/// let (groups, slices) = try GroupColumns.declared(specs, columns: [
///     "sex": .categorical(sexOfEachRow, categories: ["female", "male"]),
///     "island": .categorical(islandOfEachRow, categories: islands),
///     "age": .numeric(ageOfEachRow),
/// ])
/// let report = try EvaluationReport(model: id, dataset: test, data: scored, groups: groups, slices: slices)
/// ```
public struct SliceSpec: Equatable, Sendable {
    /// How a numeric field is cut into bands, as a pipeline declares it: declared cut points
    /// (finite, strictly ascending), or about equally filled bands cut at the evaluated rows'
    /// quantiles (the observed values at ranks `⌊i · (n − 1) / count⌋`, NumPy's
    /// `method="lower"`; equal cut points merge). A band is named as `NumericBands` names it
    /// (`<25`, `25-34`, `65+`), and the banded field as `<field>_band`.
    public typealias Bands = SliceDeclaration.Banding

    /// One field of the breakdown.
    public struct Field: Equatable, Sendable {
        public var name: String
        /// How to band the field when it is numeric; nil means quartiles. Ignored for a
        /// categorical field's values, which are used as they are.
        public var bands: Bands?

        public init(name: String, bands: Bands? = nil) {
            self.name = name
            self.bands = bands
        }
    }

    /// The default banding of a numeric field without declared bands.
    public static let defaultBands = Bands.quantiles(4)

    public var fields: [Field]

    /// A breakdown from plain values, as a pipeline writes it.
    /// - Parameters:
    ///   - names: one field name, or several for their intersection.
    ///   - bands: field name → how to band it, for numeric fields.
    /// - Throws: `EvaluationError` when there is no field, a field repeats, or a banding is
    ///   invalid (edges not finite and strictly ascending, fewer than two quantile bands).
    public init(_ names: [String], bands: [String: Bands] = [:]) throws {
        guard !names.isEmpty else {
            throw EvaluationError(
                .badParameter(name: "slice", message: "names no field; give a field or a list of fields"))
        }
        guard Set(names).count == names.count else {
            throw EvaluationError(.badParameter(name: "slice \(names)", message: "names a field twice"))
        }
        for name in names {
            switch bands[name] {
            case .edges(let edges): _ = try NumericBands(edges: edges)
            case .quantiles(let count) where count < 2:
                throw EvaluationError(
                    .badParameter(name: "bands of \(name)", message: "need at least 2 quantile bands, got \(count)"))
            default: break
            }
        }
        fields = names.map { Field(name: $0, bands: bands[$0]) }
    }

    /// The breakdowns a pipeline declared, in its order.
    /// - Throws: `EvaluationError` as `init(_:bands:)` for a slice that is not valid.
    public static func specs(_ declaration: SliceDeclaration) throws -> [SliceSpec] {
        try declaration.slices.map { try SliceSpec($0, bands: declaration.bands) }
    }

    /// Fields already known to be valid (edges finite and ascending, distinct names).
    init(fields: [Field]) {
        self.fields = fields
    }

    /// A breakdown by one field.
    /// - Throws: as `init(_:bands:)`.
    public init(_ name: String, bands: [String: Bands] = [:]) throws {
        try self.init([name], bands: bands)
    }
}

/// One column of the evaluated rows, as the slices need it.
public enum SliceColumn: Sendable {
    /// Text values, one per row (a missing value written as the caller wants it shown, e.g.
    /// `missing`), with the declared categories, so a category without rows still appears.
    case categorical([String], categories: [String])
    /// Numbers, one per row, NaN when missing (shown as `missing`).
    case numeric([Double])
}

extension GroupColumns {
    /// The group columns and breakdowns that `specs` declare, from the columns of the evaluated
    /// rows: categorical fields as they are, numeric fields banded (as `<field>_band`).
    /// - Returns: what `EvaluationReport`'s `groups` and `slices` take.
    /// - Throws: `EvaluationError` when a spec names a field not in `columns`.
    /// - Complexity: O(n log n) per numeric field banded by quantiles, O(n) otherwise.
    public static func declared(
        _ specs: [SliceSpec], columns: [String: SliceColumn]
    ) throws -> (
        groups: GroupColumns, slices: [[String]]
    ) {
        var values: [String: [String]] = [:]
        var categories: [String: [String]] = [:]
        let slices = try specs.map { spec in
            try spec.fields.map { field -> String in
                switch columns[field.name] {
                case nil:
                    throw EvaluationError(.unknownField(field.name))
                case .categorical(let column, let declared):
                    values[field.name] = column
                    categories[field.name] = declared
                    return field.name
                case .numeric(let column):
                    let name = field.name + "_band"
                    values[name] = try Self.bands(column, field.bands ?? SliceSpec.defaultBands)
                    return name
                }
            }
        }
        return (GroupColumns(values: values, categories: categories), slices)
    }

    /// The band label of each value.
    private static func bands(_ column: [Double], _ bands: SliceSpec.Bands) throws -> [String] {
        switch bands {
        case .edges(let edges):
            return try NumericBands(edges: edges).label(column)
        case .quantiles(let count):
            let sorted = column.filter { !$0.isNaN }.sorted()
            guard !sorted.isEmpty else { return column.map { _ in "missing" } }
            var edges: [Double] = []
            for i in 1..<count {
                let edge = sorted[(i * (sorted.count - 1)) / count]
                if edges.last.map({ edge > $0 }) ?? true { edges.append(edge) }
            }
            return try NumericBands(edges: edges).label(column)
        }
    }
}
