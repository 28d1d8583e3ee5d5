import Foundation
import JSONWriting
import Testing

/// The encoder dialect gives what Foundation's `JSONEncoder` gives: the registry, evaluation
/// reports and training records were written by it and must keep their bytes.
@Suite struct FoundationParityTests {
    /// Foundation's output for `value` with sorted keys, indented or not, slashes escaped or not.
    static func foundation(_ value: some Encodable, _ format: JSONFormat) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if format.indented { encoder.outputFormatting.insert(.prettyPrinted) }
        if !format.escapesSlashes { encoder.outputFormatting.insert(.withoutEscapingSlashes) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func ours(_ value: some Encodable, _ format: JSONFormat) throws -> String {
        String(decoding: try JSONWriter.encode(value, format), as: UTF8.self)
    }

    static let formats = [
        JSONFormat.document, .line, JSONFormat(indented: false, dialect: .encoder, escapesSlashes: true),
        JSONFormat(indented: true, dialect: .encoder, escapesSlashes: true),
    ]

    /// Doubles from every corner: random bit patterns (all exponents, subnormals), random
    /// integers and halves, powers of ten around the switch to exponents, signed zeros.
    static func doubles(count: Int) -> [Double] {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.5, 1e15, 1e16, 1e17, 1e-4, 1e-5, 1e-7, 5e-324, 2.2250738585072014e-308,
        ]
        values += [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 9_007_199_254_740_992, 9_007_199_254_740_993]
        values += (-30...30).map { pow(10, Double($0)) }
        while values.count < count {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                let value = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
                if value.isFinite { values.append(value) }
            case 1: values.append(Double(Int64.random(in: -1 << 60...1 << 60, using: &generator)))
            case 2: values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 2)
            default: values.append(Double.random(in: -1...1, using: &generator))
            }
        }
        return values
    }

    @Test func numbersMatchJSONEncoder() throws {
        let values = Self.doubles(count: 20_000)
        // One array per format: a difference names the value.
        let foundation = try Self.foundation(values, .line).dropFirst().dropLast().split(separator: ",")
        let ours = try Self.ours(values, .line).dropFirst().dropLast().split(separator: ",")
        #expect(foundation.count == values.count)
        for (index, value) in values.enumerated() where foundation[index] != ours[index] {
            Issue.record("\(value.bitPattern): Foundation \(foundation[index]), ours \(ours[index])")
        }
    }

    struct Record: Codable {
        var name: String
        var note: String?
        var scores: [Double]
        var counts: [String: Int]
        var nested: [[Record]]
        var flags: [Bool?]
        var big: UInt64
        var small: Int8
        var ratio: Float
        var tags: Set<String>
    }

    static func record(depth: Int, using generator: inout some RandomNumberGenerator) -> Record {
        let pieces = [
            "a", "Z", "/", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{c}", "\u{1f}", "\u{7f}", "é",
            "\u{2028}", "😀", "key",
        ]
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
        }
        var counts: [String: Int] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            counts[text()] = Int.random(in: -999...999, using: &generator)
        }
        return Record(
            name: text(), note: Bool.random(using: &generator) ? text() : nil,
            scores: doubles(count: Int.random(in: 0...3, using: &generator)).shuffled(using: &generator).prefix(3).map {
                $0
            },
            counts: counts,
            nested: depth == 0
                ? []
                : [
                    (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                        record(depth: depth - 1, using: &generator)
                    }
                ],
            flags: [true, nil, false].shuffled(using: &generator), big: .random(in: .min ... .max, using: &generator),
            small: .random(in: .min ... .max, using: &generator), ratio: .random(in: -1e6...1e6, using: &generator),
            tags: Set((0..<Int.random(in: 0...1, using: &generator)).map { _ in text() }))
    }

    @Test(arguments: formats)
    func structuresMatchJSONEncoder(format: JSONFormat) throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let record = Self.record(depth: 2, using: &generator)
            #expect(try Self.ours(record, format) == Self.foundation(record, format))
        }
        let empty: [String: [Int]] = ["a": [], "b": [1], "c/d": []]
        #expect(try Self.ours(empty, format) == Self.foundation(empty, format))
        #expect(try Self.ours([String: Int](), format) == Self.foundation([String: Int](), format))
        #expect(try Self.ours([[Int]](), format) == Self.foundation([[Int]](), format))
    }

    @Test func nonFiniteNumbersAreErrorsAsInJSONEncoder() {
        #expect(throws: EncodingError.self) { try JSONWriter.encode(["x": Double.nan], .document) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode([Double.infinity], .line) }
    }
}
