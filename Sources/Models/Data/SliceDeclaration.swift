import JSONReading

/// The breakdowns a pipeline asks evaluation for (its `[evaluation]` table), recorded in
/// training.json so that `modelpress evaluate` slices a version the way its pipeline said.
///
/// In JSON: `{"slices": [["sex"], ["sex", "race"]], "bands": {"age": [25, 35], "hours": {"quantiles": 4}}}`,
/// the same shapes as the TOML.
public struct SliceDeclaration: Encodable, Equatable, Sendable {
    /// How a numeric field is cut into bands for slicing.
    public enum Banding: Equatable, Sendable {
        /// Bands between these increasing edges (`[25, 35]`: below 25, 25 to 35, 35 and above).
        case edges([Double])
        /// This many bands of about equal size, cut at the test data's quantiles.
        case quantiles(Int)
    }

    /// Each slice: the fields it groups by (one, or several crossed).
    public var slices: [[String]]
    /// How each numeric field named in a slice is banded.
    public var bands: [String: Banding]

    public init(slices: [[String]] = [], bands: [String: Banding] = [:]) {
        self.slices = slices
        self.bands = bands
    }

    /// Whether nothing is declared.
    public var isEmpty: Bool { slices.isEmpty && bands.isEmpty }
}

extension SliceDeclaration.Banding: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .edges(let edges):
            var container = encoder.singleValueContainer()
            try container.encode(edges)
        case .quantiles(let count):
            var container = encoder.singleValueContainer()
            try container.encode(["quantiles": count])
        }
    }
}

extension SliceDeclaration {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var slices: [[String]] = [], bands: [String: Banding] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "slices":
                slices = try reader.array { r throws(JSONReadError) in
                    try r.array { s throws(JSONReadError) in try s.string() }
                }
            case "bands":
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    let field = name.string
                    if reader.peek() == UInt8(ascii: "[") {
                        bands[field] = .edges(try reader.array { r throws(JSONReadError) in try r.double() })
                    } else {
                        var count: Int?
                        try reader.beginObject()
                        while let inner = try reader.nextKey() {
                            switch inner {
                            case "quantiles": count = try reader.int()
                            default: try reader.skipValue()
                            }
                        }
                        bands[field] = .quantiles(try reader.required(count, "quantiles"))
                    }
                }
            default: try reader.skipValue()
            }
        }
        self.init(slices: slices, bands: bands)
    }
}
