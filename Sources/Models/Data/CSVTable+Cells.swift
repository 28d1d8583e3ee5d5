extension CSVTable {
    /// How many records the table has (after the header, when it has one).
    var recordCount: Int { spans.count }

    /// The line record `record` starts on (1-based).
    func line(of record: Int) -> Int { Int(spans[record].line) }

    /// How many cells record `record` has.
    func cellCount(of record: Int) -> Int { Int(spans[record].cellCount) }

    /// The records in text order (after the header, when the table has one) with their cells
    /// as text; blank lines and comments are not records. Made on every call: a large file is
    /// read by `columns(_:numeric:threads:partRecords:)`.
    public var records: [Record] {
        stride(from: 0, to: recordCount, by: Self.blockRecords).flatMap { start in
            let block = start..<min(recordCount, start + Self.blockRecords)
            return text.withUnsafeBufferPointer { text in
                let cells = blockCells(block, text: text)
                return block.map { record in
                    Record(
                        line: line(of: record),
                        fields: (0..<cellCount(of: record)).map { cells.cell(record - start, $0, of: self, text: text) }
                    )
                }
            }
        }
    }

    /// Record `record` with its cells as text.
    func record(_ record: Int) -> Record {
        text.withUnsafeBufferPointer { text in
            let cells = blockCells(record..<(record + 1), text: text)
            return Record(
                line: line(of: record),
                fields: (0..<cellCount(of: record)).map { cells.cell(0, $0, of: self, text: text) })
        }
    }

    /// Cell `column` of record `record`, as text.
    func cell(_ record: Int, _ column: Int) -> String {
        text.withUnsafeBufferPointer { text in
            blockCells(record..<(record + 1), text: text).cell(0, column, of: self, text: text)
        }
    }

    /// The cells of column `column`, as text, in record order (`ColumnCells`).
    func cells(of column: Int) -> ColumnCells { ColumnCells(table: self, column: column) }

    /// One column's cells as text, in record order, found again a block of records at a time
    /// (`blockCells(_:text:)`): a loop over every record's `cell(_:_:)` found each record's
    /// cells again alone, a third of `data inspect`'s time on a million rows with a column of
    /// codes with leading zeros.
    struct ColumnCells: Sequence, IteratorProtocol {
        let table: CSVTable
        let column: Int
        private var block: [String] = []
        private var position = 0
        private var nextRecord = 0

        init(table: CSVTable, column: Int) {
            (self.table, self.column) = (table, column)
        }

        mutating func next() -> String? {
            if position == block.count {
                guard nextRecord < table.recordCount else { return nil }
                let records = nextRecord..<Swift.min(table.recordCount, nextRecord + CSVTable.blockRecords)
                block = table.text.withUnsafeBufferPointer { text in
                    let cells = table.blockCells(records, text: text)
                    return records.map { cells.cell($0 - records.lowerBound, column, of: table, text: text) }
                }
                (position, nextRecord) = (0, records.upperBound)
            }
            position += 1
            return block[position - 1]
        }
    }

    /// The cells of a block of consecutive records, found again in the text: the table keeps
    /// where each record starts (`spans`), not where each cell ends.
    struct BlockCells {
        /// Per record of the block, in order: its span, with `firstCell` indexing `ends`; no
        /// cells for a record the text no longer holds (`blockCells(_:text:)`).
        var spans: [RecordSpan]
        /// Where each cell's raw bytes end (the separator or line break after it).
        var ends: [UInt32]

        /// The raw bytes of cell `column` of the block's record `index` (quotes and trimmed
        /// spaces included); empty for a cell the record does not have.
        @inline(__always)
        func rawRange(_ index: Int, _ column: Int) -> Range<Int> {
            let span = spans[index]
            guard column < span.cellCount else { return Int(span.start)..<Int(span.start) }
            let cell = Int(span.firstCell) + column
            let start = column == 0 ? Int(span.start) : Int(ends[cell - 1]) + 1
            return start..<Int(ends[cell])
        }

        /// Cell `column` of the block's record `index` as text (unquoted, trimmed as `table`'s
        /// dialect says).
        func cell(_ index: Int, _ column: Int, of table: CSVTable, text: UnsafeBufferPointer<UInt8>) -> String {
            String(
                decoding: CSVTable.decoded(
                    text, rawRange(index, column), dialect: table.dialect, separator: table.separator),
                as: UTF8.self)
        }
    }

    /// The cells of records `records` (consecutive record indices), parsed again from the
    /// record's starts (`piece`). Every record was parsed when the table was made, so this finds
    /// the same cells; should the text no longer be what was parsed (a mapped file written
    /// while it was read, which `DataTable` then reports), a record it does not find has no
    /// cells rather than someone else's.
    /// - Complexity: O(bytes of the records, and of records left out between them).
    func blockCells(_ records: Range<Int>, text: UnsafeBufferPointer<UInt8>) -> BlockCells {
        guard !records.isEmpty else { return BlockCells(spans: [], ends: []) }
        let first = Int(spans[records.lowerBound].start)
        let last = Int(spans[records.upperBound - 1].start)
        let piece = try? Self.piece(text, dialect, separator: separator, from: first, limit: last + 1)
        guard var piece else {
            return BlockCells(spans: records.map { spans[$0].withoutCells }, ends: [])
        }
        // The common case: no record was left out between them (`filterRecords`).
        if piece.records.count == records.count
            && zip(piece.records, records).allSatisfy({
                $0.start == spans[$1].start && $0.cellCount == spans[$1].cellCount
            })
        {
            return BlockCells(spans: piece.records, ends: piece.cellEnds)
        }
        var k = 0
        let found = records.map { record in
            let span = spans[record]
            while k < piece.records.count && piece.records[k].start < span.start { k += 1 }
            guard k < piece.records.count, piece.records[k].start == span.start,
                piece.records[k].cellCount == span.cellCount
            else { return span.withoutCells }
            return piece.records[k]
        }
        piece.records = []
        return BlockCells(spans: found, ends: piece.cellEnds)
    }

    /// Gives back the pages of a mapped text that `records` (a range of record indices) lie on,
    /// after a pass over them (`Text.release(_:)`); nothing for a text in memory.
    func releaseText(of records: Range<Int>) {
        guard !records.isEmpty else { return }
        let end = records.upperBound < spans.count ? Int(spans[records.upperBound].start) : text.count
        text.release(Int(spans[records.lowerBound].start)..<end)
    }

    /// Keeps the records `isIncluded` accepts, in order.
    mutating func filterRecords(_ isIncluded: (Int) -> Bool) {
        spans = spans.indices.filter(isIncluded).map { spans[$0] }
    }

    /// Takes the first record out of the records (a header row) and returns it.
    mutating func removeFirstRecord() -> Record {
        let first = record(0)
        spans.removeFirst()
        return first
    }
}

extension CSVTable.RecordSpan {
    /// The span with no cells: a record `blockCells` did not find again.
    var withoutCells: Self { Self(start: start, firstCell: 0, cellCount: 0, line: line) }
}
