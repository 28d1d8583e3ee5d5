import Foundation

/// Following an ONNX graph from its inputs to the tree ensemble's input: which declared field
/// (and, for an encoded categorical field, which of its categories) each of the trees' features is.
extension ONNXModel {
    /// One column of a tensor on the way to the trees.
    enum Column: Equatable {
        /// A numeric field's value; `float32` once it went through a float tensor (the trees then
        /// compare it rounded to float).
        case number(field: Int, float32: Bool)
        /// A categorical field's text, not yet encoded (the trees cannot read it).
        case text(field: Int)
        /// 1 when a categorical field's value is `category`, else 0 (also for a category the
        /// encoder does not list, or a missing value: ONNX-ML `OneHotEncoder` with `zeros=1`).
        case oneHot(field: Int, category: String)
        /// A categorical field's code (ONNX-ML `LabelEncoder`): `codes[category]`, else `unknown`.
        case code(field: Int, codes: [String: Double], unknown: Double)
    }

    /// The columns of the trees' input, and the matching of the graph's inputs to the declared
    /// fields in words, one line per input (what `modelpress import` prints).
    /// - Throws: `ImportError`: `.mismatch` when an input names no declared field, has another
    ///   kind, or an encoder's categories differ from the field's (naming both sides);
    ///   `.unsupported` naming the first node on the way that is not `Concat`, a `Gather` of
    ///   columns, `Reshape`, `Cast`, `Identity`, `OneHotEncoder` or `LabelEncoder`.
    func columns(into ensemble: Onnx_NodeProto, schema: Schema) throws(ImportError) -> ([Column], [String]) {
        var (tensors, mapping) = try inputColumns(schema: schema)
        for node in proto.graph.node {
            if node.opType == ensemble.opType && node.output == ensemble.output { break }
            let known = node.input.filter { !$0.isEmpty && tensors[$0] != nil }
            if known.isEmpty { continue }
            let output = try columns(of: node, inputs: known.compactMap { tensors[$0] }, schema: schema)
            for name in node.output.prefix(1) { tensors[name] = output }
        }
        guard let input = ensemble.input.first, let columns = tensors[input] else {
            throw fail(
                .unsupported("the trees' input '\(ensemble.input.first ?? "")' does not come from the graph's inputs"))
        }
        for column in columns {
            if case .text(let field) = column {
                throw fail(
                    .unsupported(
                        "the trees read the text of '\(schema.fields[field].name)'; encode it with a OneHotEncoder or "
                            + "an OrdinalEncoder in the pipeline"))
            }
        }
        return (columns, mapping)
    }

    /// The columns of the graph's inputs: one input of several numbers matched by position, or
    /// one input per field matched by name.
    private func inputColumns(schema: Schema) throws(ImportError) -> ([String: [Column]], [String]) {
        let fields = schema.fields
        let inputs = proto.graph.input.filter { initializers[$0.name] == nil }
        func type(_ input: Onnx_ValueInfoProto) -> Int32 { input.type.tensorType.elemType }
        func isNumber(_ input: Onnx_ValueInfoProto) -> Bool { [1, 11].contains(type(input)) }
        if inputs.count == 1, let input = inputs.first, isNumber(input),
            fields.firstIndex(where: { $0.name == input.name }) == nil
        {
            let width = input.type.tensorType.shape.dim.last.map(\.dimValue) ?? 0
            let numeric = fields.indices.filter { fields[$0].kind == .numeric }
            let matched: [Int]
            if width == fields.count, numeric.count == fields.count {
                matched = Array(fields.indices)
            } else if width == numeric.count {
                matched = numeric
            } else {
                throw fail(
                    .mismatch(
                        "input '\(input.name)' has \(width) columns and the declared data has \(numeric.count) numeric "
                            + "fields (\(numeric.map { fields[$0].name }.joined(separator: ", "))) of \(fields.count); "
                            + "train on the numeric fields in their declared order, or name the inputs after the fields"
                    ))
            }
            let float32 = type(input) == 1
            let words = matched.enumerated().map { "\(input.name)[\($0.offset)] = \(fields[$0.element].name)" }
            return (
                [input.name: matched.map { .number(field: $0, float32: float32) }],
                [
                    "input '\(input.name)' matched by position to the declared numeric fields: "
                        + words.joined(separator: ", ")
                ]
            )
        }
        var tensors: [String: [Column]] = [:]
        var mapping: [String] = []
        for input in inputs {
            guard let f = fields.firstIndex(where: { $0.name == input.name }) else {
                throw fail(
                    .absentFeature(input.name, what: "input", fields: fields.map(\.name)))
            }
            switch (fields[f].kind, type(input)) {
            case (.numeric, 1), (.numeric, 11):
                tensors[input.name] = [.number(field: f, float32: type(input) == 1)]
            case (.categorical, 8):
                tensors[input.name] = [.text(field: f)]
            default:
                throw fail(
                    .mismatch(
                        "input '\(input.name)' holds \(Self.typeName(type(input))) and the declared field is "
                            + "\(fields[f].kind == .numeric ? "numeric" : "categorical")"))
            }
            mapping.append("input '\(input.name)' = field '\(fields[f].name)'")
        }
        return (tensors, mapping)
    }

    static func typeName(_ type: Int32) -> String {
        switch type {
        case 1: "float"
        case 11: "double"
        case 7: "int64"
        case 8: "string"
        default: "elements of type \(type)"
        }
    }

    /// The output columns of one node on the way to the trees.
    private func columns(of node: Onnx_NodeProto, inputs: [[Column]], schema: Schema) throws(ImportError) -> [Column] {
        let attributes = Self.attributes(node)
        func refused(_ why: String) -> ImportError {
            fail(.unsupported("node \(Self.describe(node)) \(why)"))
        }
        switch (node.domain, node.opType) {
        case ("", "Concat"):
            return inputs.flatMap { $0 }
        case ("", "Gather"):
            return try gathered(inputs, node: node)
        case ("", "Reshape"), ("", "Identity"), ("", "Flatten"):
            guard inputs.count == 1 else { throw refused("reshapes computed values") }
            return inputs[0]
        case ("", "Cast"):
            let to = attributes["to"]?.i ?? 0
            switch to {
            case 1:
                return inputs[0].map { column in
                    if case .number(let field, _) = column { return .number(field: field, float32: true) }
                    return column
                }
            case 11: return inputs[0]
            default: throw refused("casts to \(Self.typeName(Int32(truncatingIfNeeded: to))), which changes the values")
            }
        case ("ai.onnx.ml", "OneHotEncoder"):
            let field = try textField(inputs, node: node)
            let categories = try encoderCategories(
                attributes["cats_strings"]?.strings, attributes["cats_int64s"]?.ints, field: field, schema: schema,
                node: node)
            return categories.map { .oneHot(field: field, category: $0) }
        case ("ai.onnx.ml", "LabelEncoder"):
            let field = try textField(inputs, node: node)
            let keys = try encoderCategories(
                attributes["keys_strings"]?.strings, attributes["keys_int64s"]?.ints, field: field, schema: schema,
                node: node)
            let values: [Double]
            let unknown: Double
            if let ints = attributes["values_int64s"]?.ints, !ints.isEmpty {
                values = ints.map(Double.init)
                unknown = Double(attributes["default_int64"]?.i ?? -1)
            } else if let floats = attributes["values_floats"]?.floats, !floats.isEmpty {
                values = floats.map(Double.init)
                unknown = Double(attributes["default_float"]?.f ?? -0.0)
            } else {
                throw refused("maps its categories to something other than numbers")
            }
            guard values.count == keys.count else {
                throw fail(.corrupt("node \(Self.describe(node)) has \(keys.count) keys and \(values.count) values"))
            }
            return [
                .code(
                    field: field, codes: Dictionary(zip(keys, values), uniquingKeysWith: { a, _ in a }),
                    unknown: unknown)
            ]
        default:
            throw refused(
                "is not one the importer follows between the inputs and the trees (Concat, Gather of columns, "
                    + "Reshape, Cast, Identity, OneHotEncoder, LabelEncoder)")
        }
    }

    /// The columns a `Gather` picks (ONNX operator `Gather`: `output = data.take(indices, axis)`):
    /// skl2onnx writes one, with `axis` 1 and constant indices, wherever a ColumnTransformer's
    /// transformer takes some of the columns of a tensor (one column, as `OneHotEncoder()` over
    /// `["region"]`). The indices, in order and flattened, name the columns of the data tensor
    /// (negative ones counted from its end, as the operator allows).
    /// - Throws: `ImportError` (`.unsupported`) for a Gather along another axis (rows) or with
    ///   indices that are not a constant of the graph, `.corrupt` for an index out of range.
    private func gathered(_ inputs: [[Column]], node: Onnx_NodeProto) throws(ImportError) -> [Column] {
        let axis = Self.attributes(node)["axis"]?.i ?? 0
        guard axis == 1 || axis == -1 else {
            throw fail(
                .unsupported(
                    "node \(Self.describe(node)) gathers along axis \(axis), not 1: it picks rows (or elements) "
                        + "rather than columns of a table, which the importer does not follow"))
        }
        // The data is the one input known to come from the graph's inputs; the indices are a constant.
        guard node.input.count == 2, inputs.count == 1, let indices = constant(node.input[1]) else {
            throw fail(
                .unsupported(
                    "node \(Self.describe(node)) gathers columns at indices computed in the graph, not a constant "
                        + "list of columns, which the importer does not follow"))
        }
        let columns = inputs[0]
        var picked: [Column] = []
        for index in try numbers(indices, "the indices of node \(Self.describe(node))") {
            let i = index < 0 ? index + Double(columns.count) : index
            guard i == i.rounded(), i >= 0, i < Double(columns.count) else {
                throw fail(
                    .corrupt(
                        "node \(Self.describe(node)) gathers column \(String(format: "%g", index)) of a tensor of "
                            + "\(columns.count) columns"))
            }
            picked.append(columns[Int(i)])
        }
        return picked
    }

    /// A tensor the graph holds as a constant: an initializer, or the `value` of a `Constant` node.
    private func constant(_ name: String) -> Onnx_TensorProto? {
        if let tensor = initializers[name] { return tensor }
        let node = proto.graph.node.first { $0.opType == "Constant" && $0.domain.isEmpty && $0.output.contains(name) }
        return node.flatMap { Self.attributes($0)["value"] }.flatMap { $0.hasT ? $0.t : nil }
    }

    /// The field of an encoder's single text column.
    private func textField(_ inputs: [[Column]], node: Onnx_NodeProto) throws(ImportError) -> Int {
        guard inputs.count == 1, inputs[0].count == 1, case .text(let field) = inputs[0][0] else {
            throw fail(.unsupported("node \(Self.describe(node)) encodes something other than one categorical input"))
        }
        return field
    }

    /// An encoder's categories, checked to be the field's.
    private func encoderCategories(
        _ strings: [Data]?, _ ints: [Int64]?, field: Int, schema: Schema, node: Onnx_NodeProto
    ) throws(ImportError) -> [String] {
        let categories =
            if let strings, !strings.isEmpty { strings.map { String(decoding: $0, as: UTF8.self) } } else {
                (ints ?? []).map(String.init)
            }
        if let mismatch = ImportError.Reason.categories(
            of: schema.fields[field], model: categories, place: " (node \(Self.describe(node)))")
        {
            throw fail(mismatch)
        }
        return categories
    }
}
