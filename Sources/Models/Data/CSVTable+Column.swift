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
    /// and every present cell is one, else as codes.
    /// - Complexity: O(bytes of the column); as codes, about one hash per cell.
    func column(_ column: Int, numeric: Bool = false) -> Column {
        if numeric, let read = numbers(column) { return read }
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        var codes = [Int32](repeating: 0, count: spans.count)
        var interner = Interner()
        forEachCell(column) { record, cell in
            codes[record] = Self.code(cell, markers: markers, interner: &interner)
        }
        let values = interner.strings()
        let numbers = interner.withValues { value in
            Self.fastNumber(value) ?? number(String(decoding: value, as: UTF8.self))
        }
        return Column(index: column, isNumeric: false, codes: codes, values: values, numbers: numbers)
    }

    /// The records whose cell `column` is a missing marker, in order.
    func missingRecords(_ column: Int) -> [Int] {
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        var records: [Int] = []
        forEachCell(column) { record, cell in
            if Self.missingMarker(cell, markers) != nil { records.append(record) }
        }
        return records
    }

    /// Column `column` as numbers, or nil at its first present cell that is not a number.
    private func numbers(_ column: Int) -> Column? {
        let markers = dialect.missingMarkers.map { Array($0.utf8) }
        var cells = [Double](repeating: .nan, count: spans.count)
        var missing: [Int: Int] = [:]
        var isNumeric = true
        var canonical = true
        scanCells(column) { record, cell in
            if let m = Self.missingMarker(cell, markers) {
                missing[record] = m
                return true
            }
            if let value = Self.fastNumber(cell) {
                cells[record] = value
                if canonical { canonical = Self.isPlainInteger(cell) }
                return true
            }
            guard let value = number(String(decoding: cell, as: UTF8.self)) else {
                isNumeric = false
                return false
            }
            cells[record] = value
            canonical = false
            return true
        }
        guard isNumeric else { return nil }
        return Column(
            index: column, isNumeric: true, cells: cells, missing: missing, canonicalIntegers: canonical)
    }

    /// `body` of each record's cell `column` (its content: trimmed, unquoted), in record order,
    /// until `body` returns false.
    private func scanCells(_ column: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool) {
        text.withUnsafeBufferPointer { text in
            spans.withUnsafeBufferPointer { spans in
                cellEnds.withUnsafeBufferPointer { ends in
                    for record in spans.indices {
                        let span = spans[record]
                        let cell = Int(span.firstCell) + column
                        let raw = (column == 0 ? Int(span.start) : Int(ends[cell - 1]) + 1)..<Int(ends[cell])
                        let (range, escaped) = Self.contentRange(text, raw, dialect: dialect, separator: separator)
                        let more =
                            escaped
                            ? Self.decoded(text, raw, dialect: dialect, separator: separator).withUnsafeBufferPointer {
                                body(record, $0)
                            }
                            : body(record, UnsafeBufferPointer(rebasing: text[range]))
                        if !more { return }
                    }
                }
            }
        }
    }

    /// `body` of each record's cell `column`, in record order.
    private func forEachCell(_ column: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        scanCells(column) { record, cell in
            body(record, cell)
            return true
        }
    }

    /// Columns `columns` of every record, read on up to `threads` threads (results in order);
    /// as numbers where `numeric` allows it.
    func columns(_ columns: [Int], numeric: [Bool]? = nil, threads: Int = Parallel.defaultThreads) -> [Column] {
        Parallel.map(count: columns.count, threads: threads) {
            self.column(columns[$0], numeric: numeric?[$0] ?? false)
        }
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
        for m in markers.indices where markers[m].count == cell.count {
            if cell.isEmpty
                || markers[m].withUnsafeBufferPointer({ memcmp($0.baseAddress!, cell.baseAddress!, cell.count) == 0 })
            {
                return m
            }
        }
        return nil
    }

    /// The number a cell of plain decimal digits spells (`-12`, `3.25`, `.5`), when it has at
    /// most 15 digits; nil for anything else (an exponent, a sign `+`, a decimal comma, spaces),
    /// which `number(_:)` reads. Exact: the digits as an integer below 2^53 divided by a power of
    /// ten below 10^23, both exact in a Double, is one correctly rounded operation, so it equals
    /// strtod's result (Clinger's fast path, "How to read floating point numbers accurately",
    /// PLDI 1990).
    @inline(__always)
    static func fastNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = cell.count > 0 && cell[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = -1
        while index < cell.count {
            let byte = cell[index]
            if byte &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(byte &- 48)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        var value = Double(mantissa)
        if fraction > 0 { value /= powersOfTen[fraction] }
        return negative ? -value : value
    }

    /// Whether `cell` (digits `fastNumber` read) is a whole number written plainly: no point,
    /// no leading zero, not `-0`.
    @inline(__always)
    static func isPlainInteger(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let negative = cell[0] == UInt8(ascii: "-")
        let first = negative ? 1 : 0
        if cell[first] == UInt8(ascii: "0") { return cell.count == 1 }
        return !cell.contains(UInt8(ascii: "."))
    }

    private static let powersOfTen: [Double] = (0...15).map { power in
        (0..<power).reduce(1.0) { product, _ in product * 10 }
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
