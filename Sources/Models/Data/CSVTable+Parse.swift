extension CSVTable {
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

    /// The records of `bytes` (no byte order mark), one state machine over the bytes.
    /// - Throws: `SyntaxError` at the first place that is not CSV.
    /// - Complexity: O(bytes).
    static func records(
        _ bytes: ArraySlice<UInt8>, _ dialect: Dialect, separator: UInt8
    ) throws(SyntaxError) -> [Record] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        func isSpace(_ byte: UInt8) -> Bool {
            dialect.trimsSpaces && (byte == 0x20 || byte == 0x09) && byte != separator
        }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var state = FieldState.start
        var quotedInRecord = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var atLineStart = true
        var index = bytes.startIndex
        let end = bytes.endIndex

        func endField() throws(SyntaxError) {
            if state != .closed { while let last = field.last, isSpace(last) { field.removeLast() } }
            // `String(validating:)` is generic and looks up type metadata on every call, a third
            // of the time on a large file; ASCII needs no check, and most fields are ASCII.
            guard
                let text = field.allSatisfy({ $0 < 0x80 })
                    ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self)
            else {
                throw SyntaxError(
                    line: line, column: fields.count + 1,
                    message: "the field is not UTF-8 text; save the file as UTF-8 (Excel: \"CSV UTF-8\")")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            state = .start
        }
        func endRecord() throws(SyntaxError) {
            try endField()
            // A line of one empty unquoted field is blank; `""` alone is a record.
            if fields.count > 1 || !fields[0].isEmpty || quotedInRecord {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            quotedInRecord = false
        }

        while index < end {
            let byte = bytes[index]
            index += 1
            if state == .quoted {
                if byte == quote {
                    if index < end && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        state = .closed
                    }
                } else {
                    if byte == newline || (byte == carriageReturn && (index == end || bytes[index] != newline)) {
                        line += 1
                    }
                    field.append(byte)
                }
                continue
            }
            if atLineStart, let comment = dialect.commentPrefix, byte == comment {
                while index < end && bytes[index] != newline && bytes[index] != carriageReturn { index += 1 }
                continue
            }
            atLineStart = false
            if byte == separator {
                try endField()
                continue
            }
            switch byte {
            case newline, carriageReturn:
                if byte == carriageReturn && index < end && bytes[index] == newline { index += 1 }
                try endRecord()
                line += 1
                recordLine = line
                atLineStart = true
            case quote where state == .start:
                state = .quoted
                quotedInRecord = true
                quoteLine = line
            case _ where isSpace(byte) && (state == .start || state == .closed):
                continue
            default:
                if state == .closed {
                    throw SyntaxError(
                        line: line, column: fields.count + 1,
                        message: "text after a closing quote; quote the whole field and double a quote inside it")
                }
                field.append(byte)
                state = .unquoted
            }
        }
        if state == .quoted {
            throw SyntaxError(
                line: quoteLine, column: fields.count + 1,
                message: "a quoted field is never closed; end it with a quote, and double a quote inside it")
        }
        if state != .start || !field.isEmpty || !fields.isEmpty {
            try endRecord()
        }
        return records
    }
}
