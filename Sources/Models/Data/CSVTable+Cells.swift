extension CSVTable {
    /// How many records the table has (after the header, when it has one).
    var recordCount: Int { spans.count }

    /// The line record `record` starts on (1-based).
    func line(of record: Int) -> Int { Int(spans[record].line) }

    /// How many cells record `record` has.
    func cellCount(of record: Int) -> Int { Int(spans[record].cellCount) }

    /// Record `record` with its cells as text.
    func record(_ record: Int) -> Record {
        Record(line: line(of: record), fields: (0..<cellCount(of: record)).map { cell(record, $0) })
    }

    /// Cell `column` of record `record`, as text.
    func cell(_ record: Int, _ column: Int) -> String {
        text.withUnsafeBufferPointer { text in
            String(
                decoding: Self.decoded(text, rawRange(record, column), dialect: dialect, separator: separator),
                as: UTF8.self)
        }
    }

    /// The raw bytes of cell `column` of record `record` (quotes and trimmed spaces included).
    @inline(__always)
    func rawRange(_ record: Int, _ column: Int) -> Range<Int> {
        let span = spans[record]
        let cell = Int(span.firstCell) + column
        let start = column == 0 ? Int(span.start) : Int(cellEnds[cell - 1]) + 1
        return start..<Int(cellEnds[cell])
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
