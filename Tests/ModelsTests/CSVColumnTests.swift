import Basics
import Foundation
import Testing

@testable import Models

/// Reading a table by columns (what loading a data set does) against reading it by records,
/// and the bin fitting's radix sort and inlined search against the comparison sort and
/// prediction's search. (The exact fast number path is `DecimalNumberTests`'.)
@Suite struct CSVColumnTests {
    /// A seeded table of numbers, categories, quoted and spaced cells, decimal commas and
    /// missing markers.
    static func text(rows: Int, seed: UInt64, separator: String = ",") -> String {
        var generator = SplitMix64(seed: seed)
        let cells = [
            "", "?", "NA", "0", "-0", "007", "12", "-3.25", "1e3", "+4", ".5", "5.", "x", "\"q, \"\"r\"\"\"", " 7 ",
            separator == "," ? "\"41,4\"" : "41,4", "abc", "Ünïcode", "123456789012345", "1234567890123456", "0.1",
            "0.30000000000000004",
        ]
        var lines = ["a,b,c,d".replacingOccurrences(of: ",", with: separator)]
        for _ in 0..<rows {
            let row = (0..<4).map { column -> String in
                // Column 0 stays numeric, column 1 mostly so, the others anything.
                let pick = Int(generator.next() % UInt64(cells.count))
                switch column {
                case 0: return ["1", "2.5", "-0", "", "3000000", "0.125"][pick % 6]
                case 1: return pick == 12 ? "x" : String(Double(pick) / 8 - 1)
                default: return cells[pick]
                }
            }
            lines.append(row.joined(separator: separator))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [
        (CSVTable.Dialect.rfc4180, ","), (.uci, ","),
        (
            CSVTable.Dialect(
                trimsSpaces: false, commentPrefix: nil, missingMarkers: ["", "NA", "?"], decimalComma: true), ";"
        ),
        // Markers that are plain numbers: compared before a cell is read as one.
        (CSVTable.Dialect(trimsSpaces: false, commentPrefix: nil, missingMarkers: ["", "-0", "2.5"]), ","),
    ])
    func columnsHoldWhatTheRecordsHold(dialect: CSVTable.Dialect, separator: String) throws {
        for seed in UInt64(1)...20 {
            var dialect = dialect
            dialect.separator = separator.utf8.first
            let text = Self.text(rows: 200, seed: seed, separator: separator)
            let table = try CSVTable(bytes: Array(text.utf8), file: "t.csv", header: .firstRecord, dialect: dialect)
            let records = table.records
            for column in 0..<4 {
                let cells = records.map { $0.fields[column] }
                let codes = table.column(column)
                #expect(codes.isNumeric == false)
                for (row, cell) in cells.enumerated() {
                    let code = codes.codes[row]
                    if code < 0 {
                        #expect(dialect.missingMarkers[Int(-1 - code)] == cell)
                    } else {
                        #expect(codes.values[Int(code)] == cell)
                        #expect(codes.numbers[Int(code)] == table.number(cell))
                    }
                }
                #expect(Set(codes.values) == Set(cells.filter { !table.isMissing($0) }))
                let numbers = table.column(column, numeric: true)
                let allNumbers = cells.allSatisfy { table.isMissing($0) || table.number($0) != nil }
                #expect(numbers.isNumeric == allNumbers)
                guard numbers.isNumeric else { continue }
                for (row, cell) in cells.enumerated() {
                    if table.isMissing(cell) {
                        #expect(numbers.cells[row].isNaN)
                        #expect(dialect.missingMarkers[numbers.missing[row] ?? -1] == cell)
                    } else {
                        #expect(numbers.cells[row].bitPattern == table.number(cell)?.bitPattern)
                    }
                }
            }
        }
    }

    /// Whether two reads of a column hold the same: kind, numbers bit for bit, missing markers,
    /// codes and values in the same order.
    static func same(_ a: CSVTable.Column, _ b: CSVTable.Column) -> Bool {
        a.index == b.index && a.isNumeric == b.isNumeric && a.cells.map(\.bitPattern) == b.cells.map(\.bitPattern)
            && a.missing == b.missing && a.canonicalIntegers == b.canonicalIntegers && a.codes == b.codes
            && a.values == b.values && a.numbers.map { $0?.bitPattern } == b.numbers.map { $0?.bitPattern }
    }

    /// Columns read in parts of a few records, on several threads, are what one part on one
    /// thread reads: codes renumbered in order of first appearance, a column whose text shows
    /// only after the first records (read again as codes), missing markers, quoted cells.
    @Test func columnsReadInPartsAreTheSameAsInOne() throws {
        for seed in UInt64(1)...10 {
            var generator = SplitMix64(seed: seed)
            var text = Self.text(rows: 400, seed: seed)
            // Column e: numbers, then text from row 300 on (after the probe of the first rows).
            var lines = text.split(separator: "\n").map(String.init)
            for row in lines.indices {
                let late = row > 300 && generator.next() % 5 == 0
                lines[row] += row == 0 ? ",e" : late ? ",late \(row % 7)" : ",\(generator.next() % 50)"
            }
            text = lines.joined(separator: "\n") + "\n"
            let table = try CSVTable(bytes: Array(text.utf8), file: "t.csv", header: .firstRecord, dialect: .uci)
            let columns = Array(0..<5)
            for numeric in [columns.map { _ in true }, columns.map { $0 % 2 == 0 }] {
                let whole = table.columns(columns, numeric: numeric, threads: 1, partRecords: table.recordCount)
                #expect(whole[4].isNumeric == false && whole[0].isNumeric == numeric[0])
                for (threads, size) in [(1, 1), (2, 7), (2, 64), (3, 100)] {
                    let parts = table.columns(columns, numeric: numeric, threads: threads, partRecords: size)
                    for column in columns {
                        #expect(Self.same(parts[column], whole[column]), "column \(column), \(size) records a part")
                    }
                }
            }
        }
    }

    /// A file wider than a group of columns (`CSVTable.groupColumns`) reads, all columns at
    /// once, what each column read alone gives: numbers, text, missing markers, and a column
    /// whose text shows only late in the second group (read again as codes).
    @Test func aWideFileIsReadAsItsColumnsAlone() throws {
        var generator = SplitMix64(seed: 5)
        let width = 2 * CSVTable.groupColumns + 20
        var lines = [(0..<width).map { "c\($0)" }.joined(separator: ",")]
        for row in 0..<300 {
            lines.append(
                (0..<width).map { column -> String in
                    switch column % 5 {
                    case 0: return "\(generator.next() % 1000)"
                    case 1: return generator.next() % 9 == 0 ? "?" : "\(Double(generator.next() % 10_000) / 100)"
                    case 2: return "k\(generator.next() % 6)"
                    case 3: return row > 250 && column == CSVTable.groupColumns + 3 ? "late" : "-\(row).5"
                    default: return generator.next() % 4 == 0 ? "" : "\(generator.next() % 3)"
                    }
                }.joined(separator: ","))
        }
        let text = lines.joined(separator: "\n") + "\n"
        let table = try CSVTable(bytes: Array(text.utf8), file: "t.csv", header: .firstRecord, dialect: .uci)
        let columns = Array(0..<width)
        let numeric = columns.map { $0 % 5 != 4 }
        for (threads, size) in [(1, nil), (2, 7)] as [(Int, Int?)] {
            let all = table.columns(columns, numeric: numeric, threads: threads, partRecords: size)
            #expect(all.count == width)
            #expect(all[CSVTable.groupColumns + 3].isNumeric == false && all[3].isNumeric)
            for column in columns {
                let alone = table.columns([column], numeric: [numeric[column]], threads: 1)[0]
                #expect(Self.same(all[column], alone), "column \(column) on \(threads) threads")
            }
        }
    }

    /// A plain line read 64 bytes at a time (`PlainLine`) gives the cells, records, lines and
    /// errors the state machine gives, beside lines it does not take (quotes, CR, non-ASCII,
    /// comments, trimmed spaces, a last line without LF) and from any line start and limit; with
    /// its cells counted rather than kept, the same records. A fifth of the rounds have lines of
    /// up to 12 fields of up to 90 bytes, so that a line spans several 64-byte reads.
    @Test func plainLinesAreReadAsTheStateMachineReadsThem() {
        var generator = SplitMix64(seed: 21)
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        let plainBytes = Array("abcxyz0189.-+_ e".utf8)
        for round in 0..<600 {
            // `|` is also the comment prefix in a third of the rounds; LF and CR never take the
            // fast path (a line break is no separator there).
            let separator = pick([",", ";", "\t", "|", "\n", "\r"])
            let dialect = CSVTable.Dialect(
                separator: UInt8(ascii: separator.unicodeScalars.first!), trimsSpaces: round % 7 == 0,
                commentPrefix: round % 3 == 0 ? UInt8(ascii: "|") : nil, missingMarkers: [""])
            var text = ""
            for _ in 0..<Int(generator.next() % 12) {
                let long = round % 5 == 0
                let fields = (0..<Int(generator.next() % (long ? 12 : 6) + 1)).map { _ -> String in
                    switch generator.next() % 12 {
                    case 0: return "\"q\(separator)\"\"x\""
                    case 1: return "é"
                    case 2: return "\"a\nb\""
                    default:
                        let length = Int(generator.next() % (long ? 90 : 20))
                        return String(decoding: (0..<length).map { _ in pick(plainBytes) }, as: UTF8.self)
                    }
                }
                let line =
                    generator.next() % 10 == 0
                    ? pick(["", "|comment, here", "   "]) : fields.joined(separator: separator)
                text += line + pick(["\n", "\n", "\n", "\n", "\r\n", "\r"])
            }
            if generator.next() % 3 == 0 { text += "last\(separator)line" }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let start =
                    bytes.isEmpty ? 0 : CSVTable.lineStart(after: Int(generator.next() % UInt64(bytes.count)), bytes)
                let from = round % 2 == 0 ? 0 : start
                let limit = round % 4 < 2 ? bytes.count : from + Int(generator.next() % UInt64(bytes.count - from + 1))
                func read(_ plainLines: Bool, keepsCells: Bool = true) -> Result<CSVTable.Piece, CSVTable.SyntaxError> {
                    Result { () throws(CSVTable.SyntaxError) in
                        try CSVTable.piece(
                            bytes, dialect, separator: dialect.separator!, from: from, limit: limit,
                            plainLines: plainLines, keepsCells: keepsCells)
                    }
                }
                switch (read(true), read(false)) {
                case (.success(let fast), .success(let slow)):
                    #expect(fast.cellEnds == slow.cellEnds, "\(text.debugDescription)")
                    #expect(fast.records == slow.records, "\(text.debugDescription)")
                    let counted = (try? read(true, keepsCells: false).get())?.records ?? []
                    #expect(
                        counted.map { [$0.start, $0.cellCount, $0.line] }
                            == slow.records.map { [$0.start, $0.cellCount, $0.line] },
                        "\(text.debugDescription)")
                    #expect(fast.stop == slow.stop && fast.endLine == slow.endLine, "\(text.debugDescription)")
                case (.failure(let fast), .failure(let slow)):
                    #expect(fast.description == slow.description, "\(text.debugDescription)")
                default:
                    Issue.record("one read failed, the other did not: \(text.debugDescription)")
                }
            }
        }
    }

    /// Unquoted fields of every length up to 40 (read eight bytes at a time, `FieldEnd`) end
    /// exactly at their separator, LF, CR or CR LF, multi-byte UTF-8 among them; a byte that is
    /// not UTF-8 is reported at every position in a field.
    @Test func longFieldsEndWhereTheirBytesSay() throws {
        var generator = SplitMix64(seed: 12)
        let alphabet = Array("abc019.-_ é€xyz\"'".utf8)
        for round in 0..<200 {
            var expected: [[String]] = []
            var text = ""
            for _ in 0..<Int(generator.next() % 6 + 1) {
                let record = (0..<Int(generator.next() % 5 + 1)).map { _ -> String in
                    let length = Int(generator.next() % 41)
                    var field = String(
                        decoding: (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] },
                        as: UTF8.self)
                    // Cut multi-byte characters are replaced: keep only whole valid text.
                    field = field.replacingOccurrences(of: "\u{FFFD}", with: "r")
                    if field.hasPrefix("\"") || field.hasPrefix(" ") { field = "x" + field }
                    return field
                }
                if record == [""] { continue }
                expected.append(record)
                text += record.joined(separator: ",") + ["\n", "\r\n", "\r"][round % 3]
            }
            let table = try CSVTable(parsing: Array(text.utf8), dialect: .rfc4180)
            #expect((0..<table.recordCount).map { table.record($0).fields } == expected, "\(text.debugDescription)")
        }
        for position in 0..<20 {
            var bytes = Array("id,name\n1,".utf8) + Array(repeating: UInt8(ascii: "a"), count: 20) + Array("\n".utf8)
            bytes[10 + position] = 0xFF
            #expect(throws: CSVTable.SyntaxError.self, "0xFF at \(position)") {
                _ = try CSVTable(parsing: bytes, dialect: .rfc4180)
            }
        }
    }

    /// A text read in pieces on several threads gives the records one pass gives, or the same
    /// error at the same line and column: pieces that start inside a quoted field with line
    /// breaks are read again, comment and blank lines, CR, LF and CR LF at the boundaries.
    @Test func textReadInPiecesIsTheSameAsInOne() throws {
        var generator = SplitMix64(seed: 5)
        let fields = ["a", "\"b\nc\"", "\"\r\n\"", "\"x,\"\"y\"\"\"", "", "7", "\"q\"z", "\"m\r\nn\"z", "\"open"]
        let ends = ["\n", "\r\n", "\r", "\n\n", "\n|comment\n"]
        var texts: [String] = []
        for round in 0..<300 {
            var text = ""
            for _ in 0..<Int(generator.next() % 12) {
                let count = Int(generator.next() % 3) + 1
                text += (0..<count).map { _ in
                    fields[Int(generator.next() % UInt64(fields.count - (round % 4 == 0 ? 0 : 3)))]
                }.joined(separator: ",")
                text += ends[Int(generator.next() % UInt64(ends.count))]
            }
            texts.append(text)
        }
        for text in texts {
            let bytes = Array(text.utf8)
            for dialect in [CSVTable.Dialect.rfc4180, .uci] {
                func read(threads: Int, pieceBytes: Int) -> Result<[String], CSVTable.SyntaxError> {
                    bytes.withUnsafeBufferPointer { bytes in
                        Result { () throws(CSVTable.SyntaxError) in
                            let records = try CSVTable.spans(
                                bytes, dialect, separator: UInt8(ascii: ","), threads: threads, pieceBytes: pieceBytes)
                            return records.map { "\($0)" }
                        }
                    }
                }
                let one = read(threads: 1, pieceBytes: .max)
                for threads in [2, 3, 5] {
                    let pieces = read(threads: threads, pieceBytes: 1)
                    switch (one, pieces) {
                    case (.success(let a), .success(let b)):
                        #expect(a == b, "\(text.debugDescription) on \(threads) threads")
                    case (.failure(let a), .failure(let b)):
                        #expect(a.description == b.description, "\(text.debugDescription) on \(threads) threads")
                    default:
                        Issue.record("\(text.debugDescription) on \(threads) threads: \(one) against \(pieces)")
                    }
                }
            }
        }
    }

    /// The edges by the rules as written, on a comparison sort and a dictionary of counts:
    /// midpoints of at most 254 distinct values; else each value in more rows than a 254th of
    /// them alone in a bin, quantiles of the other rows for the bins left.
    static func referenceEdges(_ column: [Double]) -> [Double] {
        let values = column.filter { $0.isFinite }.map { $0 == 0 ? 0.0 : $0 }.sorted()
        guard let top = values.last else { return [] }
        let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        let distinct = counts.keys.sorted()
        let valueBins = FeatureBinning.maximumBins - 1
        if distinct.count <= valueBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
        }
        let share = values.count / valueBins
        let heavy = distinct.filter { counts[$0]! > share }
        let rest = values.filter { counts[$0]! <= share }
        var edges = Set<Double>()
        for value in heavy {
            edges.insert(value)
            if let below = distinct.last(where: { $0 < value }) { edges.insert(below) }
        }
        let bins = valueBins - 2 * heavy.count
        if !rest.isEmpty && bins > 1 {
            for k in 1..<bins { edges.insert(rest[k * rest.count / bins]) }
        }
        return edges.filter { $0 < top }.sorted()
    }

    @Test(arguments: [10, 300, 5_000])
    func edgesFollowTheirRulesBitForBit(distinctValues: Int) {
        var generator = SplitMix64(seed: UInt64(distinctValues))
        for round in 0..<6 {
            let column = (0..<20_000).map { _ -> Double in
                let pick = Int(generator.next() % UInt64(distinctValues))
                switch pick % 11 {
                case 0: return 0
                case 1: return -0.0
                case 2: return round % 2 == 0 ? .nan : -.infinity
                default: return (Double(pick) - Double(distinctValues) / 3) * (round < 3 ? 1 : 0.001)
                }
            }
            let edges = FeatureBinning.numericEdges(column)
            #expect(edges.map(\.bitPattern) == Self.referenceEdges(column).map(\.bitPattern))
            #expect(edges.count <= FeatureBinning.maximumBins - 2)
            let sorted = FeatureBinning.sortedFinite(column)
            #expect(sorted == column.filter(\.isFinite).sorted())
        }
    }

    /// Each bin's midpoint, read off the sorted values, is halfway between the lowest and
    /// highest finite value the lookup puts in it (an edge for a bin no value falls in): zeros
    /// of both signs, missing and infinite values, a value in most rows, many distinct values.
    @Test(arguments: [10, 300, 5_000])
    func binMidpointsAreTheBinsLowestAndHighestValues(distinctValues: Int) {
        var generator = SplitMix64(seed: UInt64(distinctValues) + 7)
        for round in 0..<4 {
            let column = (0..<20_000).map { _ -> Double in
                let pick = Int(generator.next() % UInt64(distinctValues))
                switch pick % 13 {
                case 0: return 0
                case 1: return -0.0
                case 2: return [.nan, .infinity, -.infinity][round % 3]
                case 3 where round == 3: return 42
                default: return (Double(pick) - Double(distinctValues) / 3) * (round < 2 ? 1 : 0.001)
                }
            }
            let (edges, midpoints) = FeatureBinning.numericBins(column)
            #expect(edges.map(\.bitPattern) == FeatureBinning.numericEdges(column).map(\.bitPattern))
            #expect(midpoints.count == edges.count + 2)
            let lookup = EdgeLookup(edges: edges)
            var lowest = [Double](repeating: .infinity, count: edges.count + 2)
            var highest = [Double](repeating: -.infinity, count: edges.count + 2)
            for value in column where value.isFinite {
                let bin = Int(lookup.bin(of: value))
                lowest[bin] = min(lowest[bin], value)
                highest[bin] = max(highest[bin], value)
            }
            #expect(midpoints[0] == 0)
            for bin in 1..<midpoints.count {
                let expected =
                    lowest[bin] <= highest[bin]
                    ? (lowest[bin] + highest[bin]) / 2 : edges.isEmpty ? 0 : edges[min(bin - 1, edges.count - 1)]
                #expect(midpoints[bin] == expected, "bin \(bin) of \(edges.count + 2), round \(round)")
            }
        }
    }

    /// The sort orders values a few ulps apart (alike in the top bits its first passes sort
    /// on): one long run of them, many short ones, repeats among them, and both zeros.
    @Test func sortedFiniteOrdersValuesAFewUlpsApart() {
        var generator = SplitMix64(seed: 9)
        func ulpsFrom(_ base: Double, _ ulps: UInt64) -> Double {
            Double(bitPattern: base.bitPattern &+ ulps)
        }
        // Alike in the top 31 bits and apart in all 33 below: the run sort's three passes.
        let long = (0..<5_000).map { _ in ulpsFrom(1, generator.next() % (1 << 33)) }
        let short = (0..<5_000).map { _ in
            ulpsFrom(Double(generator.next() % 300) - 150.5, generator.next() % 9)
                * (generator.next() % 2 == 0 ? 1 : -1)
        }
        let mixed = long + short + [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]
        for column in [long, short, mixed, mixed.shuffled(using: &generator)] {
            let sorted = FeatureBinning.sortedFinite(column)
            #expect(sorted == column.filter(\.isFinite).sorted())
            #expect(
                FeatureBinning.numericEdges(column).map(\.bitPattern) == Self.referenceEdges(column).map(\.bitPattern))
        }
    }

    /// A value in nine rows of ten (capital-gain's 0) has a bin of its own, and the other
    /// values share the bins left evenly, where quantiles of the whole column gave them 25.
    @Test func aValueInMostRowsHasABinOfItsOwn() {
        let column = [Double](repeating: 0, count: 9_000) + (1...1_000).map(Double.init)
        let edges = FeatureBinning.numericEdges(column.shuffled())
        #expect(edges.first == 0)
        // The zero's edge and 251 quantiles of the thousand others (254 value bins, 2 for the zero).
        #expect(edges.count == 252)
        let lookup = EdgeLookup(edges: edges)
        var perBin = [Int](repeating: 0, count: FeatureBinning.maximumBins)
        for value in column { perBin[Int(lookup.bin(of: value))] += 1 }
        #expect(perBin[1] == 9_000)
        #expect(perBin[2...].allSatisfy { $0 <= 5 })
    }

    /// Training's bins (`EdgeLookup`: a table of buckets, a search of selects over the edges'
    /// monotone keys) are prediction's binary search's, for edges spread out, edges a few ulps
    /// apart, up to the most a field has (253), a Gaussian column's, and awkward values.
    @Test func trainingBinsArePredictionsBins() {
        var generator = SplitMix64(seed: 3)
        func check(_ edges: [Double], _ values: [Double]) {
            let lookup = EdgeLookup(edges: edges)
            edges.withUnsafeBufferPointer { buffer in
                for value in values + [.nan, .infinity, -.infinity, 0, -0.0] {
                    #expect(
                        UInt16(lookup.bin(of: value)) == FeatureBinning.bin(of: value, edges: buffer),
                        "\(value) in \(edges.count) edges")
                }
            }
        }
        for count in [0, 1, 2, 7, 253] {
            let edges = Set((0..<count).map { _ in Double(generator.next() % 1000) / 10 }).sorted()
            check(edges, (0..<2_000).map { _ in Double(generator.next() % 1200) / 10 - 10 })
            // Edges a few ulps apart share a bucket; values between and on them.
            var packed: [Double] = [1]
            for _ in 1..<max(count, 1) { packed.append(packed[packed.count - 1].nextUp.nextUp) }
            check(packed, packed + packed.map(\.nextUp) + packed.map(\.nextDown) + [0.5, 2, -1])
            // Values anywhere in the doubles' range.
            let wide = (0..<2_000).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
            check(Set(wide.prefix(count)).sorted(), wide)
        }
        // A Gaussian column's quantiles (most of the lookup's buckets hold no edge, the values
        // there binned by its table), the column, and the edges and the doubles either side.
        let gaussian = (0..<20_000).map { _ in BucketedBinsTests.normal(&generator) }
        let quantiles = FeatureBinning.numericEdges(gaussian)
        check(quantiles, gaussian + quantiles + quantiles.map(\.nextUp) + quantiles.map(\.nextDown))
        // Extremes, subnormals, zeros of both signs, values equal to an edge.
        let awkward: [Double] = [
            -.greatestFiniteMagnitude, -1e300, -1, -.leastNonzeroMagnitude, 0, .leastNonzeroMagnitude,
            2 * .leastNonzeroMagnitude, 1, 1e300, .greatestFiniteMagnitude,
        ]
        for count in 1...awkward.count {
            check(Array(awkward.prefix(count)), awkward + [0.5, -1e-310])
        }
    }

    /// An edge -0 (the zero a column's stable order puts at a quantile) bins +0 and -0 as
    /// prediction does.
    @Test func anEdgeOfMinusZeroBinsBothZerosAsPredictionDoes() {
        let schema = Schema(fields: [Field(name: "x", kind: .numeric)], label: "l", labelValues: ["no", "yes"])
        let values: [Double] = [-2, -0.0, 0, 0.0, 3, -1]
        let data = Dataset(schema: schema, numbers: [values], codes: [[]], labels: [0, 1, 0, 1, 0, 1])
        let binning = FeatureBinning(kinds: [.numeric], edges: [[-1.5, -0.0, 1]], binCounts: [5])
        let bins = binning.bin(data, threads: 1).bins
        let expected = [-1.5, -0.0, 1].withUnsafeBufferPointer { edges in
            values.map { FeatureBinning.bin(of: $0, edges: edges) }
        }
        #expect(bins.map { UInt16($0) } == expected)
    }

    /// On enough rows that a field of many values is binned from buckets (`bucketedBins`) and
    /// one of few values from the sort.
    @Test func binningIsTheSameOnOneThreadOrTwo() {
        var generator = SplitMix64(seed: 11)
        let n = FeatureBinning.bucketedMinimumCount
        let schema = Schema(
            fields: [
                Field(name: "x", kind: .numeric), Field(name: "c", kind: .categorical, categories: ["a", "b", "c"]),
                Field(name: "y", kind: .numeric),
            ], label: "l", labelValues: ["no", "yes"])
        let data = Dataset(
            schema: schema,
            numbers: [
                (0..<n).map { _ in Double(generator.next() % 10_000) / 7 }, [],
                (0..<n).map { _ in Double(generator.next() % 40) },
            ],
            codes: [[], (0..<n).map { _ in Int32(generator.next() % 4) - 1 }, []],
            labels: (0..<n).map { _ in UInt8(generator.next() % 2) })
        let one = FeatureBinning(fittedOn: data, threads: 1)
        let two = FeatureBinning(fittedOn: data, threads: 2)
        #expect(one.edges == two.edges)
        let midpoints = (1...2).map { FeatureBinning.fitted(on: data, threads: $0).midpoints }
        #expect(midpoints[0] == midpoints[1])
        #expect(FeatureBinning.bucketedBins(data.numbers[0], bucketCount: FeatureBinning.bucketCount) != nil)
        #expect(one.bin(data, threads: 1).bins == two.bin(data, threads: 2).bins)
    }
}
