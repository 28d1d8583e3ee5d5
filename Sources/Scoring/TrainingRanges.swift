import JSONReading

/// The smallest and largest value each numeric field had in the rows one version was trained on
/// (its training.json schema's `training_minimum` / `training_maximum`), by field name. A number
/// outside its field's range is served and noted (`ScoringNotes`): the version's trees send it
/// where they send the range's nearest end, since every split value lies within the range.
///
/// The range is a version's, not its endpoint's: an endpoint's later versions are trained on
/// other rows (trial24 #1), so the serving snapshot records each version's ranges beside it.
///
/// JSON: `{"area":[7.9,179],"rooms":[1,8]}`.
public struct TrainingRanges: Equatable, Sendable {
    public private(set) var byField: [String: ClosedRange<Double>]

    public init(_ byField: [String: ClosedRange<Double>] = [:]) {
        self.byField = byField
    }

    /// The ranges `schema` records: each numeric field with both a training minimum and maximum
    /// (a schema written before they were recorded, or a declared one, has none).
    public init(schema: Schema) {
        var byField: [String: ClosedRange<Double>] = [:]
        for field in schema.fields {
            guard let low = field.trainingMinimum, let high = field.trainingMaximum, low <= high else { continue }
            byField[field.name] = low...high
        }
        self.init(byField)
    }

    public var isEmpty: Bool { byField.isEmpty }

    /// The range of `field`, if one was recorded.
    public subscript(field: String) -> ClosedRange<Double>? { byField[field] }
}

extension TrainingRanges: Encodable {
    /// Fields in name order, so that a snapshot's bytes do not depend on hashing.
    public func encode(to encoder: any Encoder) throws {
        struct Name: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        var container = encoder.container(keyedBy: Name.self)
        for name in byField.keys.sorted() {
            let range = byField[name]!
            try container.encode([range.lowerBound, range.upperBound], forKey: Name(stringValue: name))
        }
    }

    /// Reads the object `encode(to:)` writes.
    /// - Throws: `JSONReadError` when a value is not an array of two numbers, the first no larger.
    public init(reading reader: inout JSONReader) throws(JSONReadError) {
        var byField: [String: ClosedRange<Double>] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let pair = try reader.array { r throws(JSONReadError) in try r.double() }
            guard pair.count == 2, pair[0] <= pair[1] else {
                throw reader.fail("a training range is [smallest, largest]")
            }
            byField[key.string] = pair[0]...pair[1]
        }
        self.init(byField)
    }
}
