import Basics
import Parallelism

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CSVTable {
    /// One column of a table, each cell read once, without a `String` per cell: what a data set
    /// is typed and profiled from. A column whose every present cell is a number is read as
    /// numbers (`isNumeric`); any other as codes into its distinct values, each value read once.
    struct Column: Sendable {
        /// The column's index in the records.
        var index: Int
        /// Whether the column was read as numbers (`cells`, `missing`) rather than codes.
        var isNumeric: Bool
        /// Read as numbers: per record, its number, NaN when missing.
        var cells: [Double] = []
        /// Read as numbers: the index of the missing marker of each record that has one.
        var missing: [Int: Int] = [:]
        /// Read as numbers: whether every present cell is a whole number written plainly (`-12`,
        /// `0`; no sign `+`, leading zero, point or exponent), so equal numbers are equal text.
        var canonicalIntegers = false
        /// Read as codes: per record, the index of its cell in `values`, or `-1 - m` for missing
        /// marker `m`.
        var codes: [Int32] = []
        /// Read as codes: the distinct present values, in order of first appearance.
        var values: [String] = []
        /// Read as codes: per value, the finite number it spells in the table's dialect, or nil.
        var numbers: [Double?] = []

        /// Whether `code` stands for a missing cell.
        @inline(__always)
        static func isMissing(_ code: Int32) -> Bool { code < 0 }
    }

    /// Column `column` of every record (each must have it): as numbers when `numeric` allows it
    /// and every present cell is one, else as codes (`columns(_:numeric:threads:)`).
    /// - Complexity: O(bytes of the column); as codes, about one hash per cell.
    func column(_ column: Int, numeric: Bool = false) -> Column {
        columns([column], numeric: [numeric])[0]
    }

    /// The records whose cell `column` is a missing marker, in order; parts of the records on
    /// up to `threads` threads (a label column of a million cells took 37 ms on one).
    func missingRecords(_ column: Int, threads: Int = Parallel.defaultThreads) -> [Int] {
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        let n = spans.count
        let size = Self.partRecords(n, threads: threads)
        let parts = Parallel.map(count: (n + size - 1) / size, threads: threads) { p in
            var records: [Int] = []
            let part = (p * size)..<min(n, (p + 1) * size)
            forEachBlock(of: part) { block, text, spans, ends in
                for record in block {
                    let missing = withCell(record - block.lowerBound, column, text: text, spans: spans, ends: ends) {
                        Self.missingMarker($0, markers) != nil
                    }
                    if missing { records.append(record) }
                }
            }
            releaseText(of: part)
            return records
        }
        return Array(parts.joined())
    }

    /// `body` of each block of at most `blockRecords` records of `records`, in order, with the
    /// text and the block's cells (`blockCells(_:text:)`): a block's record `r` is at index
    /// `r - block.lowerBound` of the spans.
    @inline(__always)
    private func forEachBlock(
        of records: Range<Int>,
        _ body: (
            Range<Int>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<RecordSpan>, UnsafeBufferPointer<UInt32>
        ) -> Void
    ) {
        text.withUnsafeBufferPointer { text in
            var start = records.lowerBound
            while start < records.upperBound {
                let block = start..<min(records.upperBound, start + Self.blockRecords)
                let cells = blockCells(block, text: text)
                cells.spans.withUnsafeBufferPointer { spans in
                    cells.ends.withUnsafeBufferPointer { ends in body(block, text, spans, ends) }
                }
                start = block.upperBound
            }
        }
    }

    /// `body` of cell `column` of the block's record `index` (`BlockCells`): its content
    /// (trimmed, unquoted); empty for a cell the record does not have.
    @inline(__always)
    private func withCell<R>(
        _ index: Int, _ column: Int, text: UnsafeBufferPointer<UInt8>, spans: UnsafeBufferPointer<RecordSpan>,
        ends: UnsafeBufferPointer<UInt32>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let span = spans[index]
        guard column < span.cellCount else { return body(UnsafeBufferPointer(rebasing: text[0..<0])) }
        let cell = Int(span.firstCell) + column
        let raw = (column == 0 ? Int(span.start) : Int(ends[cell - 1]) + 1)..<Int(ends[cell])
        let (range, escaped) = Self.contentRange(text, raw, dialect: dialect, separator: separator)
        guard escaped else { return body(UnsafeBufferPointer(rebasing: text[range])) }
        return Self.decoded(text, raw, dialect: dialect, separator: separator).withUnsafeBufferPointer(body)
    }

    /// Records a thread takes at a time when columns are read: a quarter of a thread's share,
    /// between 4,096 and 65,536 records.
    static func partRecords(_ records: Int, threads: Int) -> Int {
        min(1 << 16, max(4_096, records / max(1, 4 * threads)))
    }
    /// Records whose cells of every column are read before the next records': the text and
    /// cell ends of 512 records (about 100 KB) stay in the cache while each column is read.
    /// Reading the whole of one column before the next pulled the text through the cache once
    /// per column: at 1,000,000 rows × 21 columns that was 43 ns a cell, most of it waiting
    /// for memory. It is also how many records' cells are found again at a time
    /// (`blockCells(_:text:)`).
    static let blockRecords = 512

    /// Columns read in one pass over the records at most: a wider file is read in groups of
    /// this many, so `Parallel.arrays` nests a call per column of a group only.
    static let groupColumns = 64

    /// Columns `columns` of every record, in order; as numbers where `numeric` allows it and
    /// every present cell of the column is one, else as codes into the column's distinct values
    /// in order of first appearance. The records are read in parts on up to `threads` threads,
    /// each part in blocks of records (`blockRecords`), straight into the columns' arrays
    /// (`Parallel.arrays`); the results are the same for any count.
    /// - Complexity: O(bytes of the columns); as codes, about one hash per cell.
    /// - Parameter partRecords: records per part (`partRecords(_:threads:)` when nil).
    func columns(
        _ columns: [Int], numeric: [Bool]? = nil, threads: Int = Parallel.defaultThreads, partRecords: Int? = nil
    ) -> [Column] {
        stride(from: 0, to: columns.count, by: Self.groupColumns).flatMap { start in
            let group = start..<min(columns.count, start + Self.groupColumns)
            return columnGroup(
                Array(columns[group]), numeric: numeric.map { Array($0[group]) }, threads: threads,
                partRecords: partRecords)
        }
    }

    /// `columns(_:numeric:threads:partRecords:)` of at most `groupColumns` columns.
    private func columnGroup(_ columns: [Int], numeric: [Bool]?, threads: Int, partRecords: Int?) -> [Column] {
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        let n = spans.count
        // A column whose first records hold text is read as codes from the start; one whose
        // text comes later is read again as codes after the first pass.
        let probe = 0..<min(n, 64)
        let asNumbers = columns.indices.map { j in
            (numeric?[j] ?? false) && probe.allSatisfy { record in isNumberOrMissing(record, columns[j], markers) }
        }
        let size = max(1, partRecords ?? Self.partRecords(n, threads: threads))
        let numberSlots = columns.indices.filter { asNumbers[$0] }
        let codeSlots = columns.indices.filter { !asNumbers[$0] }
        var parts: [Part] = []
        var codes: [[Int32]] = []
        var cells = Parallel.arrays(count: numberSlots.count, length: n) {
            (cells: [UnsafeMutableBufferPointer<Double>]) in
            codes = Parallel.arrays(count: codeSlots.count, length: n) { (codes: [UnsafeMutableBufferPointer<Int32>]) in
                var outputs = Outputs(width: columns.count)
                for (k, j) in numberSlots.enumerated() { outputs.cells[j] = cells[k] }
                for (k, j) in codeSlots.enumerated() { outputs.codes[j] = codes[k] }
                parts = readParts(columns, asNumbers: asNumbers, into: outputs, size: size, threads: threads)
            }
            // A part stops reading a column at its first cell that is no number: the rest of
            // the column's buffer is filled, and the column read again as codes below.
            for (k, j) in numberSlots.enumerated() where parts.contains(where: { $0.columns[j].failed }) {
                cells[k].initialize(repeating: .nan)
            }
        }
        let failed = numberSlots.filter { j in parts.contains { $0.columns[j].failed } }
        // A column read again as codes lets its numbers go first.
        for (k, j) in numberSlots.enumerated() where failed.contains(j) { cells[k] = [] }
        var failedCodes: [[Int32]] = []
        if !failed.isEmpty {
            failedCodes = Parallel.arrays(count: failed.count, length: n) {
                (codes: [UnsafeMutableBufferPointer<Int32>]) in
                var outputs = Outputs(width: columns.count)
                for (k, j) in failed.enumerated() { outputs.codes[j] = codes[k] }
                let again = readParts(
                    failed.map { columns[$0] }, asNumbers: failed.map { _ in false }, into: outputs, only: failed,
                    size: size, threads: threads)
                for (p, part) in again.enumerated() {
                    for j in failed { parts[p].columns[j] = part.columns[j] }
                }
            }
        }

        // Every slot is one of these: read as numbers, or as codes (from the start or again).
        var cellsOf: [Int: [Double]] = [:]
        for (k, j) in numberSlots.enumerated() where !failed.contains(j) { cellsOf[j] = cells[k] }
        var codesOf: [Int: [Int32]] = [:]
        for (k, j) in codeSlots.enumerated() { codesOf[j] = codes[k] }
        for (k, j) in failed.enumerated() { codesOf[j] = failedCodes[k] }
        // One reference to each column of codes, so that renumbering it in place copies nothing.
        (codes, failedCodes) = ([], [])
        return columns.indices.map { j in
            if let cells = cellsOf[j] {
                var missing: [Int: Int] = [:]
                for part in parts { for (record, m) in part.columns[j].missing { missing[record] = m } }
                return Column(
                    index: columns[j], isNumeric: true, cells: cells, missing: missing,
                    canonicalIntegers: parts.allSatisfy { $0.columns[j].canonical })
            }
            var codes = codesOf.removeValue(forKey: j) ?? []
            // The parts' codes, renumbered into one table: a part's values after the earlier
            // parts', so the order is still the order of first appearance.
            var interner = Interner()
            codes.withUnsafeMutableBufferPointer { codes in
                for part in parts {
                    let renumber = part.columns[j].interner.withValues { interner.intern($0) }
                    for record in part.records where codes[record] >= 0 { codes[record] = renumber[Int(codes[record])] }
                }
            }
            let numbers = interner.withValues { value in
                DecimalNumber.plainValue(value) ?? number(bytes: value)
            }
            return Column(
                index: columns[j], isNumeric: false, codes: codes, values: interner.strings(), numbers: numbers)
        }
    }

    /// What one part of the records gave for each column read.
    private struct Part {
        struct Read {
            /// As numbers: the records with a missing marker, and which marker.
            var missing: [(record: Int, marker: Int)] = []
            /// As numbers: whether every present cell so far was a plainly written whole number.
            var canonical = true
            /// As numbers: a present cell was not a number (the column must be read as codes).
            var failed = false
            /// As codes: the part's distinct values, which its codes index.
            var interner = Interner()
        }
        var records: Range<Int>
        var columns: [Read]
    }

    /// Reads `columns` (as numbers where `asNumbers` says so) part by part on up to `threads`
    /// threads into `outputs` (at the slots `only` names, or as `columns` when nil), `size`
    /// records a part: numbers at their records, codes as indices into their part's interner.
    private func readParts(
        _ columns: [Int], asNumbers: [Bool], into outputs: Outputs, only: [Int]? = nil, size: Int, threads: Int
    ) -> [Part] {
        let n = spans.count
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        let slots = only ?? Array(columns.indices)
        let markersAreNumbers = markers.contains { marker in
            marker.withUnsafeBufferPointer { DecimalNumber.plainValue($0) != nil }
        }
        let width = (only?.max() ?? columns.count - 1) + 1
        let partCount = max(1, (n + size - 1) / size)
        return Parallel.map(count: partCount, threads: threads) { p in
            let records = (p * size)..<min(n, (p + 1) * size)
            var part = Part(records: records, columns: Array(repeating: Part.Read(), count: width))
            forEachBlock(of: records) { block, text, spans, ends in
                for (k, column) in columns.enumerated() {
                    let j = slots[k]
                    if asNumbers[k] {
                        guard !part.columns[j].failed else { continue }
                        guard let out = outputs.cells[j] else { continue }
                        if !readNumbers(
                            block, column, into: out, read: &part.columns[j], markers: markers,
                            markersAreNumbers: markersAreNumbers, text: text, spans: spans, ends: ends)
                        {
                            part.columns[j].failed = true
                        }
                    } else {
                        guard let out = outputs.codes[j] else { continue }
                        for record in block {
                            out[record] = withCell(
                                record - block.lowerBound, column, text: text, spans: spans, ends: ends
                            ) {
                                Self.code($0, markers: markers, interner: &part.columns[j].interner)
                            }
                        }
                    }
                }
            }
            releaseText(of: records)
            return part
        }
    }

    /// Reads cell `column` of `records` (a block, whose cells `spans` and `ends` are) into `out`
    /// as numbers (NaN for a missing marker, noted in `read`); false at the first present cell
    /// that is no number. A cell is tried as a plainly written number first when no marker is
    /// one (the default markers are not), so that a number is one pass over its bytes: the
    /// markers were compared first, which for the short numbers of a column such as Adult's age
    /// meant a `memcmp` a cell.
    @inline(__always)
    private func readNumbers(
        _ records: Range<Int>, _ column: Int, into out: UnsafeMutableBufferPointer<Double>, read: inout Part.Read,
        markers: [[UInt8]], markersAreNumbers: Bool, text: UnsafeBufferPointer<UInt8>,
        spans: UnsafeBufferPointer<RecordSpan>, ends: UnsafeBufferPointer<UInt32>
    ) -> Bool {
        var canonical = read.canonical
        defer { read.canonical = canonical }
        for record in records {
            let ok = withCell(record - records.lowerBound, column, text: text, spans: spans, ends: ends) { cell in
                if !markersAreNumbers, let value = DecimalNumber.plainValue(cell, in: text) {
                    out[record] = value
                    if canonical { canonical = Self.isPlainInteger(cell) }
                    return true
                }
                if let m = Self.missingMarker(cell, markers) {
                    out[record] = .nan
                    read.missing.append((record, m))
                    return true
                }
                if markersAreNumbers, let value = DecimalNumber.plainValue(cell, in: text) {
                    out[record] = value
                    if canonical { canonical = Self.isPlainInteger(cell) }
                    return true
                }
                guard let value = number(bytes: cell) else { return false }
                out[record] = value
                canonical = false
                return true
            }
            if !ok { return false }
        }
        return true
    }

    /// Whether cell `column` of record `record` is a missing marker or a number.
    private func isNumberOrMissing(_ record: Int, _ column: Int, _ markers: [[UInt8]]) -> Bool {
        var answer = false
        forEachBlock(of: record..<(record + 1)) { _, text, spans, ends in
            answer = withCell(0, column, text: text, spans: spans, ends: ends) { cell in
                Self.missingMarker(cell, markers) != nil || DecimalNumber.plainValue(cell) != nil
                    || number(bytes: cell) != nil
            }
        }
        return answer
    }

    @inline(__always)
    private static func code(
        _ cell: UnsafeBufferPointer<UInt8>, markers: [[UInt8]], interner: inout Interner
    ) -> Int32 {
        if let m = missingMarker(cell, markers) { return -1 - Int32(m) }
        return interner.intern(cell)
    }

    /// The index of the missing marker `cell` is, or nil.
    @inline(__always)
    private static func missingMarker(_ cell: UnsafeBufferPointer<UInt8>, _ markers: [[UInt8]]) -> Int? {
        // Byte by byte: markers are a few bytes, and a call to `memcmp` for each cell as long as
        // one (every `k3` of a code column beside `NA`) cost more than the comparison.
        for m in markers.indices where markers[m].count == cell.count {
            if markers[m].withUnsafeBufferPointer({ $0.elementsEqual(cell) }) { return m }
        }
        return nil
    }

    /// Whether `cell` (digits `DecimalNumber.plainValue` read) is a whole number written
    /// plainly: no point, no leading zero, not `-0`.
    @inline(__always)
    static func isPlainInteger(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let negative = cell[0] == UInt8(ascii: "-")
        let first = negative ? 1 : 0
        if cell[first] == UInt8(ascii: "0") { return cell.count == 1 }
        return !cell.contains(UInt8(ascii: "."))
    }
}

/// Distinct byte strings and their indices in order of first appearance: an open-addressing
/// table of hashes over one pool of bytes.
struct Interner {
    private var pool: [UInt8] = []
    private var ends: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 64)

    /// The index of `bytes`, added when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let index = slots.withUnsafeBufferPointer { $0[slot] }
            if index < 0 { break }
            let i = Int(index)
            let found = pool.withUnsafeBufferPointer { pool in
                ends.withUnsafeBufferPointer { ends in
                    hashes.withUnsafeBufferPointer { $0[i] } == hash && ends[i + 1] - ends[i] == bytes.count
                        && (bytes.isEmpty || memcmp(pool.baseAddress! + ends[i], bytes.baseAddress!, bytes.count) == 0)
                }
            }
            if found { return index }
            slot = (slot + 1) & mask
        }
        let index = Int32(hashes.count)
        pool.append(contentsOf: bytes)
        ends.append(pool.count)
        hashes.append(hash)
        slots[slot] = index
        if hashes.count * 2 > slots.count { grow() }
        return index
    }

    /// A 64-bit hash of `bytes`, eight at a time (multiply-xorshift, as in wyhash and
    /// MurmurHash's finaliser): cells are short, so a byte-at-a-time hash costs a multiply per byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for k in offset..<bytes.count { tail |= UInt64(base[k]) << UInt64(8 * (k - offset)) }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
        }
        return hash &* 0xBF58_476D_1CE4_E5B9
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// The values as text, in index order.
    func strings() -> [String] {
        withValues { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` of each value's bytes, in index order.
    func withValues<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> [T] {
        pool.withUnsafeBufferPointer { pool in
            hashes.indices.map { body(UnsafeBufferPointer(rebasing: pool[ends[$0]..<ends[$0 + 1]])) }
        }
    }
}

/// The columns' buffers, shared by the threads that read parts of the records: each thread
/// writes only its own part's records. Per column slot, numbers or codes (nil where the column
/// is read as the other, or not read).
private struct Outputs: @unchecked Sendable {
    var cells: [UnsafeMutableBufferPointer<Double>?]
    var codes: [UnsafeMutableBufferPointer<Int32>?]

    init(width: Int) {
        cells = Array(repeating: nil, count: width)
        codes = Array(repeating: nil, count: width)
    }
}
