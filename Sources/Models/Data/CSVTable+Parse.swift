import CByteMasks
import Parallelism

extension CSVTable {
    /// Where a record's cells are in the text: its first byte, its first cell in `cellEnds`,
    /// how many cells it has and the line it starts on (1-based).
    struct RecordSpan: Sendable, Equatable {
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

    /// The records of `text` (no byte order mark) as spans, one state machine over the bytes
    /// (a plain line eight bytes at a time, `piece`): no `String` and no per-record array is
    /// made, and no cell's place is kept. A record's cells are found again, a block of records at
    /// a time, when they are read (`BlockCells`): keeping each cell's end cost 4 bytes a cell,
    /// 84 MB for a million rows of 21 columns, written here and read back from memory there.
    ///
    /// A large text is read in one piece per thread, each from the first line break after its
    /// share's start, as if no quoted field spanned that break; a piece is kept when the piece
    /// before it ended exactly there, and read again from where that one ended otherwise (a
    /// quoted field with a line break across the boundary). So the records are the same as one
    /// pass gives, for any thread count.
    /// - Parameter release: given the byte ranges the parse has read, a few MiB at a time
    ///   (`Text.release(_:)`).
    /// - Throws: `SyntaxError` at the first place that is not CSV.
    /// - Complexity: O(bytes).
    static func spans(
        _ text: UnsafeBufferPointer<UInt8>, _ dialect: Dialect, separator: UInt8,
        threads: Int = Parallel.defaultThreads, pieceBytes: Int = parallelBytes,
        release: (@Sendable (Range<Int>) -> Void)? = nil
    ) throws(SyntaxError) -> [RecordSpan] {
        guard text.count < Int(UInt32.max) else {
            throw SyntaxError(
                line: 1, column: 1, message: "the file is larger than 4 GiB; split it into files of less than that")
        }
        let pieceCount = text.count < pieceBytes ? 1 : max(1, threads)
        let share = text.count / pieceCount
        let starts = (0..<pieceCount).map { i in i == 0 ? 0 : Self.lineStart(after: i * share, text) }
        let limits = Array(starts.dropFirst()) + [text.count]
        func read(from start: Int, limit: Int) throws(SyntaxError) -> Piece {
            try piece(
                text, dialect, separator: separator, from: start, limit: limit, keepsCells: false, release: release)
        }
        var pieces: [Result<Piece, SyntaxError>?] = Parallel.map(count: pieceCount, threads: threads) { i in
            Result { () throws(SyntaxError) in try read(from: starts[i], limit: limits[i]) }
        }
        var records: [RecordSpan] = []
        var position = 0
        var lines = 0
        for i in pieces.indices where position < limits[i] {
            var piece: Piece
            do throws(SyntaxError) {
                // Taken out of `pieces`, so that its array is held once: the first piece's then
                // grows in place (the capacity `piece` reserved) instead of being copied.
                piece = position == starts[i] ? try pieces[i].take()!.get() : try read(from: position, limit: limits[i])
            } catch {
                throw SyntaxError(line: error.line + lines, column: error.column, fault: error.fault.shifted(by: lines))
            }
            let lineOffset = UInt32(truncatingIfNeeded: lines)
            if records.isEmpty && lineOffset == 0 {
                swap(&records, &piece.records)
            } else {
                records.reserveCapacity(records.count + piece.records.count)
                for var record in piece.records {
                    record.line &+= lineOffset
                    records.append(record)
                }
            }
            position = piece.stop
            lines += piece.endLine - 1
        }
        return records
    }

    /// Texts of this many bytes or more are read in pieces on several threads (`pieceBytes`).
    static let parallelBytes = 1 << 20

    /// Bytes a pass over a mapped text reads before it gives their pages back (`Text.release(_:)`).
    static let releaseBytes = 4 << 20

    /// Where the line after the first line break at or after `position` starts (the end of the
    /// text when there is none); a CR LF pair is one break.
    static func lineStart(after position: Int, _ text: UnsafeBufferPointer<UInt8>) -> Int {
        var index = position
        while index < text.count && text[index] != UInt8(ascii: "\n") && text[index] != UInt8(ascii: "\r") {
            index += 1
        }
        guard index < text.count else { return text.count }
        if text[index] == UInt8(ascii: "\r") && index + 1 < text.count && text[index + 1] == UInt8(ascii: "\n") {
            return index + 2
        }
        return index + 1
    }

    /// The records of one piece of a text.
    struct Piece {
        var cellEnds: [UInt32]
        /// Lines counted from 1 at the piece's start; cells indexed in `cellEnds`.
        var records: [RecordSpan]
        /// Where reading stopped: the first record start at or after the limit, or the end.
        var stop: Int
        /// The line (counted from 1 at the piece's start) `stop` is on.
        var endLine: Int
    }

    /// The records of `text` from `start` (a record's start) up to the first record start at or
    /// after `limit`: the state machine of `spans`. A line of ASCII without quotes or CR (but a
    /// CR LF ending), in a dialect that keeps spaces and separates by neither LF nor CR, is read
    /// eight bytes at a time (`PlainLine`), where the state machine takes a byte and a branch
    /// at a time per field; `plainLines: false` reads every line with the state machine (the
    /// same pieces: tested).
    /// `release` is given what has been read, `releaseBytes` or more at a time, at line ends.
    /// With `keepsCells` false the piece's `cellEnds` stay empty and each record's `firstCell`
    /// is 0: a table's parse keeps only where records start (`spans`), and its cells are found
    /// again a block of records at a time when they are read (`BlockCells`).
    /// - Throws: `SyntaxError` at the first place that is not CSV (lines counted from `start`).
    static func piece(
        _ text: UnsafeBufferPointer<UInt8>, _ dialect: Dialect, separator: UInt8, from start: Int, limit: Int,
        plainLines: Bool = true, keepsCells: Bool = true, release: (@Sendable (Range<Int>) -> Void)? = nil
    ) throws(SyntaxError) -> Piece {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let trims = dialect.trimsSpaces
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            trims && (byte == 0x20 || byte == 0x09) && byte != separator
        }
        var cellEnds: [UInt32] = []
        var records: [RecordSpan] = []
        // Room for the rest of the text, not only this piece: the first piece's arrays become
        // the table's and the later pieces are appended to them (`spans`), so they need not be
        // copied into larger ones. Capacity never written costs no memory (a page is given to the
        // process when first written). Reading the 1,000,000-row Adult-like file of `make
        // bench-scale` (108 MB) took 8,000 fewer fresh pages (137,000 → 129,000; issue 26).
        // A piece that keeps its cells is a block of records read again: room for its own bytes.
        cellEnds.reserveCapacity(keepsCells ? (min(limit + 4_096, text.count) - start) / 6 + 16 : 256)
        records.reserveCapacity((keepsCells ? min(limit + 4_096, text.count) - start : text.count - start) / 64 + 16)
        var state = FieldState.start
        var quotedInRecord = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var atLineStart = true
        var recordStart = start
        var fieldStart = start
        var fieldCount = 0
        var lastFieldEmpty = true
        var high: UInt8 = 0
        var index = start
        let end = text.count
        let fieldEnd = FieldEnd(separator: separator)
        var released = start
        @inline(__always) func releaseRead() {
            guard let release, index &- released >= Self.releaseBytes else { return }
            release(released..<index)
            released = index
        }

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
            let isRecord = fieldCount > 1 || !lastFieldEmpty || quotedInRecord
            if isRecord {
                records.append(
                    RecordSpan(
                        start: UInt32(truncatingIfNeeded: recordStart),
                        firstCell: UInt32(truncatingIfNeeded: cellEnds.count - fieldCount),
                        cellCount: UInt32(truncatingIfNeeded: fieldCount), line: UInt32(truncatingIfNeeded: recordLine))
                )
            }
            if !keepsCells {
                cellEnds.removeAll(keepingCapacity: true)
            } else if !isRecord {
                cellEnds.removeLast(fieldCount)
            }
            fieldCount = 0
            quotedInRecord = false
        }

        let plainLine =
            plainLines && !trims && separator < 0x80 && separator != newline && separator != carriageReturn
            ? PlainLine(separator: separator) : nil
        while index < end {
            if atLineStart, let plainLine, text[index] != dialect.commentPrefix {
                let before = cellEnds.count
                // Without cells kept, the line's are only counted (a third of the parse's time).
                var counted = CellEndCount()
                let found =
                    keepsCells
                    ? plainLine.cellEnds(text, from: index, into: &cellEnds)
                    : plainLine.cellEnds(text, from: index, into: &counted)
                if let (lineEnd, next) = found {
                    // The line's cells end at its separators and its line break; a line of no byte is blank.
                    let count = keepsCells ? cellEnds.count - before : counted.count
                    if count > 1 || lineEnd > index {
                        records.append(
                            RecordSpan(
                                start: UInt32(truncatingIfNeeded: index), firstCell: UInt32(truncatingIfNeeded: before),
                                cellCount: UInt32(truncatingIfNeeded: count), line: UInt32(truncatingIfNeeded: line)))
                    } else if keepsCells {
                        cellEnds.removeLast()
                    }
                    index = next
                    line += 1
                    recordLine = line
                    recordStart = index
                    fieldStart = index
                    if index >= limit {
                        release?(released..<index)
                        return Piece(cellEnds: cellEnds, records: records, stop: index, endLine: line)
                    }
                    releaseRead()
                    continue
                }
            }
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
                if index >= limit {
                    release?(released..<index)
                    return Piece(cellEnds: cellEnds, records: records, stop: index, endLine: line)
                }
                releaseRead()
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
                        fault: .textAfterQuote(
                            openingLine: recordLine + Self.lineBreaks(text, recordStart..<fieldStart),
                            following: Self.restOfField(text, from: index - 1, separator: separator)))
                }
                high |= byte
                state = .unquoted
                // The rest of an unquoted field ends only at a separator or a line break (a
                // quote in it is text): most of a file's bytes, eight at a time while eight are
                // left (`FieldEnd`), then one at a time.
                while index &+ 8 <= end {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self))
                    let stops = fieldEnd.stops(word)
                    let before = stops == 0 ? 8 : stops.trailingZeroBitCount / 8
                    let read = before == 8 ? word : word & ((1 << UInt64(before * 8)) &- 1)
                    if read & 0x8080_8080_8080_8080 != 0 { high |= 0x80 }
                    index &+= before
                    if before < 8 { break }
                }
                while index < end {
                    let next = text[index]
                    if next == separator || next == newline || next == carriageReturn { break }
                    high |= next
                    index += 1
                }
            }
        }
        if state == .quoted {
            // A last line break ends the last line; it starts none.
            let endsLine = text[end - 1] == newline || text[end - 1] == carriageReturn
            throw SyntaxError(
                line: quoteLine, column: fieldCount + 1, fault: .neverClosed(lastLine: endsLine ? line - 1 : line))
        }
        if state != .start || fieldCount > 0 {
            try endRecord(at: end)
        }
        release?(released..<end)
        return Piece(cellEnds: cellEnds, records: records, stop: end, endLine: line)
    }

    /// How many line breaks `range` of `text` holds (a CR LF pair is one): counted only for an
    /// error, so the reader's loop keeps no more than the line it is on.
    static func lineBreaks(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range {
            let byte = text[index]
            if byte == UInt8(ascii: "\n") {
                count += 1
            } else if byte == UInt8(ascii: "\r") && (index + 1 == text.count || text[index + 1] != UInt8(ascii: "\n")) {
                count += 1
            }
        }
        return count
    }

    /// The text of `text` from `start` up to the next separator or line break, for an error.
    static func restOfField(_ text: UnsafeBufferPointer<UInt8>, from start: Int, separator: UInt8) -> String {
        var end = start
        while end < text.count, ![separator, UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(text[end]) {
            end += 1
        }
        return String(decoding: text[start..<end], as: UTF8.self)
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

/// Eight bytes of text as the lanes of a little-endian word (lane k is the k-th byte in memory):
/// what `FieldEnd` finds bytes with, a word at a time.
enum ByteLanes {
    static let lows = 0x7F7F_7F7F_7F7F_7F7F as UInt64
    static let highs = 0x8080_8080_8080_8080 as UInt64
    static let newlines = repeated(UInt8(ascii: "\n"))
    static let returns = repeated(UInt8(ascii: "\r"))

    /// `byte` in every lane.
    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The high bit of each lane of `x` that is zero, exactly: a lane is zero when adding 0x7F to
    /// its low seven bits leaves its high bit clear and it had none (no carry crosses lanes).
    /// `x` is a word XORed with a byte in every lane, so its zero lanes are where that byte is.
    @inline(__always)
    static func zeros(_ x: UInt64) -> UInt64 {
        ~(((x & lows) &+ lows) | x) & highs
    }
}

/// Finds the bytes that end an unquoted field (the separator, LF, CR) among eight at once: the
/// parser's inner loop went a byte, three comparisons and a branch at a time (parsing the 165
/// MB, million-row regression file of `make bench-scale` on two threads: 230 → 207 ms; issue 26).
struct FieldEnd {
    private let separators: UInt64

    init(separator: UInt8) {
        separators = ByteLanes.repeated(separator)
    }

    /// A word whose lowest set bit is in the lane of `word`'s first stopping byte; 0 when none.
    @inline(__always)
    func stops(_ word: UInt64) -> UInt64 {
        ByteLanes.zeros(word ^ separators) | ByteLanes.zeros(word ^ ByteLanes.newlines)
            | ByteLanes.zeros(word ^ ByteLanes.returns)
    }
}

/// Reads a line that is plain, ASCII with no quote and no CR but the one of a CR LF ending, 64
/// bytes at a time (`mp_plain_line_masks`, SSE2): each separator's place goes to the cell ends as
/// it is found, and the line ends at its LF or CR LF. Parsing the million-row regression set of
/// `make bench-scale` (165 + 33 MB, every line plain) this way, eight bytes at a time, took its
/// load from 0.74 to 0.67 s on two threads; 64 bytes at a time, for the two parses of a load (the
/// table's, which counts cells, and each block's again, `BlockCells`), 0.87 → 0.72 s (1.50 →
/// 1.20 s of processor time; medians of five runs alternating with the SWAR words; issue 26).
struct PlainLine {
    private let separator: UInt8

    /// - Precondition: `separator` is ASCII, not a quote, LF or CR.
    init(separator: UInt8) {
        self.separator = separator
    }

    /// Appends the end of each cell of the line at `start` (its separators' places and its line
    /// break's) to `cellEnds` and returns where its line break is and where the next line starts;
    /// nil, with nothing appended, when the line holds a quote, a CR not followed by LF or a byte
    /// that is not ASCII, or has no line break.
    @inline(__always)
    func cellEnds<Sink: CellEndSink>(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, into cellEnds: inout Sink
    ) -> (end: Int, next: Int)? {
        let before = cellEnds.count
        let end = text.count
        var index = start
        while index &+ 64 <= end {
            let masks = mp_plain_line_masks(text.baseAddress! + index, separator)
            var cuts = masks.separators
            // Only the separators before the first stop belong to the line.
            if masks.stops != 0 { cuts &= (masks.stops & (0 &- masks.stops)) &- 1 }
            cellEnds.append(bits: cuts, at: index)
            if masks.stops != 0 {
                return finish(text, index &+ masks.stops.trailingZeroBitCount, before, &cellEnds)
            }
            index &+= 64
        }
        while index < end {
            let byte = text[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte >= 0x80 {
                return finish(text, index, before, &cellEnds)
            }
            if byte == separator { cellEnds.append(index) }
            index &+= 1
        }
        cellEnds.removeLast(cellEnds.count - before)
        return nil
    }

    /// The line's end and the next line's start when the bytes at `stop` are its LF or CR LF
    /// (`stop` appended as its last cell's end); else nil, with the line's cell ends taken back.
    @inline(__always)
    private func finish<Sink: CellEndSink>(
        _ text: UnsafeBufferPointer<UInt8>, _ stop: Int, _ before: Int, _ cellEnds: inout Sink
    ) -> (end: Int, next: Int)? {
        let next: Int
        if text[stop] == UInt8(ascii: "\n") {
            next = stop &+ 1
        } else if text[stop] == UInt8(ascii: "\r") && stop &+ 1 < text.count && text[stop &+ 1] == UInt8(ascii: "\n") {
            next = stop &+ 2
        } else {
            cellEnds.removeLast(cellEnds.count - before)
            return nil
        }
        cellEnds.append(stop)
        return (stop, next)
    }
}

/// Where `PlainLine` puts the cell ends it finds: an array of them (a block of records read
/// again, `BlockCells`), or only their count (a table's parse, which keeps none).
protocol CellEndSink {
    var count: Int { get }
    /// Adds the cell end at `position`.
    mutating func append(_ position: Int)
    /// Adds a cell end at `index` plus the place of each set bit of `bits`.
    mutating func append(bits: UInt64, at index: Int)
    mutating func removeLast(_ k: Int)
}

extension [UInt32]: CellEndSink {
    @inline(__always)
    mutating func append(_ position: Int) { append(UInt32(truncatingIfNeeded: position)) }

    @inline(__always)
    mutating func append(bits: UInt64, at index: Int) {
        var bits = bits
        while bits != 0 {
            append(UInt32(truncatingIfNeeded: index &+ bits.trailingZeroBitCount))
            bits &= bits &- 1
        }
    }
}

/// Cell ends counted, not kept.
struct CellEndCount: CellEndSink {
    private(set) var count = 0

    @inline(__always)
    mutating func append(_ position: Int) { count &+= 1 }

    @inline(__always)
    mutating func append(bits: UInt64, at index: Int) { count &+= bits.nonzeroBitCount }

    @inline(__always)
    mutating func removeLast(_ k: Int) { count &-= k }
}
