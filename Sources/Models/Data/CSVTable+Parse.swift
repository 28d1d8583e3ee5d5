extension CSVTable {
    /// Where a record's cells are in the text: its first byte, its first cell in `cellEnds`,
    /// how many cells it has and the line it starts on (1-based).
    struct RecordSpan: Sendable {
        var start: UInt32
        var firstCell: UInt32
        var cellCount: UInt32
        var line: UInt32
    }

    /// Where the reader is within a field.
    private enum FieldState {
        /// Nothing of the field read yet (in a trimming dialect, only spaces).
        case start
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// After a quoted field's closing quote.
        case closed
    }

    /// The records of `text` (no byte order mark) as spans, one state machine over the bytes:
    /// no `String` and no per-record array is made, a cell is its raw bytes up to the separator
    /// (quotes and trimmed spaces included; `cell(_:_:)` takes them off when it is read).
    /// - Throws: `SyntaxError` at the first place that is not CSV.
    /// - Complexity: O(bytes).
    static func spans(
        _ text: UnsafeBufferPointer<UInt8>, _ dialect: Dialect, separator: UInt8
    ) throws(SyntaxError) -> (cellEnds: [UInt32], records: [RecordSpan]) {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let trims = dialect.trimsSpaces
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            trims && (byte == 0x20 || byte == 0x09) && byte != separator
        }
        guard text.count < Int(UInt32.max) else {
            throw SyntaxError(
                line: 1, column: 1, message: "the file is larger than 4 GiB; split it into files of less than that")
        }
        var cellEnds: [UInt32] = []
        var records: [RecordSpan] = []
        cellEnds.reserveCapacity(text.count / 6 + 16)
        records.reserveCapacity(text.count / 64 + 16)
        var state = FieldState.start
        var quotedInRecord = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var atLineStart = true
        var recordStart = 0
        var fieldStart = 0
        var fieldCount = 0
        var lastFieldEmpty = true
        var high: UInt8 = 0
        var index = 0
        let end = text.count

        func endField(at position: Int) throws(SyntaxError) {
            if high >= 0x80 {
                let bytes = Self.decoded(text, fieldStart..<position, dialect: dialect, separator: separator)
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    throw SyntaxError(
                        line: line, column: fieldCount + 1,
                        message: "the field is not UTF-8 text; save the file as UTF-8 (Excel: \"CSV UTF-8\")")
                }
            }
            lastFieldEmpty = state == .start
            cellEnds.append(UInt32(truncatingIfNeeded: position))
            fieldCount += 1
            state = .start
            high = 0
        }
        func endRecord(at position: Int) throws(SyntaxError) {
            try endField(at: position)
            // A line of one empty unquoted field is blank; `""` alone is a record.
            if fieldCount > 1 || !lastFieldEmpty || quotedInRecord {
                records.append(
                    RecordSpan(
                        start: UInt32(truncatingIfNeeded: recordStart),
                        firstCell: UInt32(truncatingIfNeeded: cellEnds.count - fieldCount),
                        cellCount: UInt32(truncatingIfNeeded: fieldCount), line: UInt32(truncatingIfNeeded: recordLine))
                )
            } else {
                cellEnds.removeLast(fieldCount)
            }
            fieldCount = 0
            quotedInRecord = false
        }

        while index < end {
            let byte = text[index]
            index += 1
            if state == .quoted {
                if byte == quote {
                    if index < end && text[index] == quote {
                        index += 1
                    } else {
                        state = .closed
                    }
                } else {
                    if byte == newline || (byte == carriageReturn && (index == end || text[index] != newline)) {
                        line += 1
                    }
                    high |= byte
                }
                continue
            }
            if atLineStart, let comment = dialect.commentPrefix, byte == comment {
                while index < end && text[index] != newline && text[index] != carriageReturn { index += 1 }
                continue
            }
            atLineStart = false
            if byte == separator {
                try endField(at: index - 1)
                fieldStart = index
                continue
            }
            switch byte {
            case newline, carriageReturn:
                try endRecord(at: index - 1)
                if byte == carriageReturn && index < end && text[index] == newline { index += 1 }
                line += 1
                recordLine = line
                atLineStart = true
                recordStart = index
                fieldStart = index
            case quote where state == .start:
                state = .quoted
                quotedInRecord = true
                quoteLine = line
            case _ where isSpace(byte) && (state == .start || state == .closed):
                continue
            default:
                if state == .closed {
                    throw SyntaxError(
                        line: line, column: fieldCount + 1,
                        message: "text after a closing quote; quote the whole field and double a quote inside it")
                }
                high |= byte
                state = .unquoted
                // The rest of an unquoted field ends only at a separator or a line break (a
                // quote in it is text): a tight loop, most of a file's bytes.
                while index < end {
                    let next = text[index]
                    if next == separator || next == newline || next == carriageReturn { break }
                    high |= next
                    index += 1
                }
            }
        }
        if state == .quoted {
            throw SyntaxError(
                line: quoteLine, column: fieldCount + 1,
                message: "a quoted field is never closed; end it with a quote, and double a quote inside it")
        }
        if state != .start || fieldCount > 0 {
            try endRecord(at: end)
        }
        return (cellEnds, records)
    }

    /// The content of the raw cell at `range` of `text`: spaces trimmed in a trimming dialect,
    /// a quoted field's quotes taken off and its doubled quotes made single.
    static func decoded(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, dialect: Dialect, separator: UInt8
    ) -> [UInt8] {
        let (content, escaped) = contentRange(text, range, dialect: dialect, separator: separator)
        guard escaped else { return Array(text[content]) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(content.count)
        var index = content.lowerBound
        while index < content.upperBound {
            bytes.append(text[index])
            index += text[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return bytes
    }

    /// Where the content of the raw cell at `range` is, and whether it holds doubled quotes
    /// (which `decoded` makes single).
    @inline(__always)
    static func contentRange(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, dialect: Dialect, separator: UInt8
    ) -> (Range<Int>, escaped: Bool) {
        let quote = UInt8(ascii: "\"")
        var lower = range.lowerBound, upper = range.upperBound
        if dialect.trimsSpaces {
            func isSpace(_ byte: UInt8) -> Bool { (byte == 0x20 || byte == 0x09) && byte != separator }
            while lower < upper && isSpace(text[lower]) { lower += 1 }
            while upper > lower && isSpace(text[upper - 1]) { upper -= 1 }
        }
        guard lower < upper, text[lower] == quote else { return (lower..<upper, false) }
        // A quoted field: the closing quote is its last byte (only trimmed spaces may follow it).
        let content = (lower + 1)..<(upper - 1)
        var escaped = false
        for index in content where text[index] == quote {
            escaped = true
            break
        }
        return (content, escaped)
    }
}
