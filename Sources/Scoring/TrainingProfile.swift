import JSONReading

/// What the rows one version was trained on looked like, as its answers' notes compare a served
/// row with (`ScoringNotes`): the smallest and largest value of each numeric field, and the
/// fields that were never missing in them (from its training.json schema's `training_minimum`,
/// `training_maximum`, `training_missing` and `nullable`).
///
/// A number outside its field's range is served and noted: the version's trees send it where
/// they send the range's nearest end, since every split value lies within the range. A missing
/// value of a field that was never missing in the training rows is served when the endpoint
/// lets the field be missing (another version's training data had missing values in it, or its
/// pipeline declared it `nullable`) and noted: the version's trees never learned where a missing
/// value goes and send it down each split's default side (trial29 #3).
///
/// The profile is a version's, not its endpoint's: an endpoint's later versions are trained on
/// other rows (trial24 #1), so the serving snapshot records each version's beside it.
///
/// JSON (keys of the version in the serving snapshot): `"training_ranges": {"area":[7.9,179],
/// "rooms":[1,8]}`, `"never_missing": ["area","rooms"]`.
public struct TrainingProfile: Equatable, Sendable {
    /// Each numeric field's range, by field name.
    public private(set) var ranges: [String: ClosedRange<Double>]
    /// The fields that had no missing value in the training rows.
    public private(set) var neverMissing: Set<String>

    public init(ranges: [String: ClosedRange<Double>] = [:], neverMissing: Set<String> = []) {
        self.ranges = ranges
        self.neverMissing = neverMissing
    }

    /// The profile `schema` records: each numeric field with both a training minimum and
    /// maximum, and each field whose `training_missing` is 0 or, where that was not recorded,
    /// that is not `nullable` (a training schema marks a field nullable when its training rows
    /// had missing values in it). A schema that records no training fact at all (a declared
    /// one, or one written before they were recorded, which did not mark nullable fields either)
    /// gives an empty profile.
    public init(schema: Schema) {
        var ranges: [String: ClosedRange<Double>] = [:]
        var neverMissing: Set<String> = []
        let recorded = schema.fields.contains { $0.trainingMinimum != nil || $0.trainingMissing != nil }
        for field in schema.fields {
            if let low = field.trainingMinimum, let high = field.trainingMaximum, low <= high {
                ranges[field.name] = low...high
            }
            if field.trainingMissing.map({ $0 == 0 }) ?? (recorded && !field.nullable) {
                neverMissing.insert(field.name)
            }
        }
        self.init(ranges: ranges, neverMissing: neverMissing)
    }

    public var isEmpty: Bool { ranges.isEmpty && neverMissing.isEmpty }

    /// The range of `field`, if one was recorded.
    public subscript(field: String) -> ClosedRange<Double>? { ranges[field] }

    /// The ranges as the snapshot writes them, fields in name order so that a snapshot's bytes
    /// do not depend on hashing.
    public struct RangesJSON: Encodable {
        public var ranges: [String: ClosedRange<Double>]

        public init(_ ranges: [String: ClosedRange<Double>]) {
            self.ranges = ranges
        }

        public func encode(to encoder: any Encoder) throws {
            struct Name: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            var container = encoder.container(keyedBy: Name.self)
            for name in ranges.keys.sorted() {
                let range = ranges[name]!
                try container.encode([range.lowerBound, range.upperBound], forKey: Name(stringValue: name))
            }
        }
    }

    /// Reads the ranges object `RangesJSON` writes.
    /// - Throws: `JSONReadError` when a value is not an array of two numbers, the first no larger.
    public static func ranges(reading reader: inout JSONReader) throws(JSONReadError) -> [String: ClosedRange<Double>] {
        var ranges: [String: ClosedRange<Double>] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let pair = try reader.array { r throws(JSONReadError) in try r.double() }
            guard pair.count == 2, pair[0] <= pair[1] else {
                throw reader.fail("a training range is [smallest, largest]")
            }
            ranges[key.string] = pair[0]...pair[1]
        }
        return ranges
    }
}
