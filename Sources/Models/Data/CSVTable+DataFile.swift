import Basics
import Foundation

extension CSVTable {
    /// Where a file's column names come from.
    public enum Header: Sendable, Equatable {
        /// The first record names the columns (RFC 4180's optional header line).
        case firstRecord
        /// The file has no header; these are its columns, in order (the UCI files).
        case declared([String])
    }

    /// Reads the CSV file at `url`, checking its SHA-256 first when `checksums` is given; its
    /// columns are named by `header`, and every record must have one value per column.
    /// - Throws: `DataFileError` naming the file, line and column, and what to do: the file is
    ///   missing, altered or empty, a header name is empty or repeated, a row has too few or too
    ///   many values, a quote is never closed or text follows a closing quote.
    /// - Complexity: O(bytes in the file).
    public init(contentsOf url: URL, header: Header, dialect: Dialect = .rfc4180, checksums: Checksums? = nil) throws {
        if let checksums { try checksums.verify(url) }
        guard let bytes = FileBytes.read(url.path) else {
            throw DataFileError.unreadable(url.path)
        }
        try self.init(bytes: bytes, file: url.path, header: header, dialect: dialect)
    }

    /// Reads `bytes` as a CSV file whose columns are named by `header`; `file` names it in errors.
    /// - Throws: `DataFileError` as `init(contentsOf:header:dialect:checksums:)`.
    /// - Complexity: O(bytes).
    public init(bytes: [UInt8], file: String, header: Header, dialect: Dialect = .rfc4180) throws(DataFileError) {
        try self.init(text: Text(bytes), file: file, header: header, dialect: dialect)
    }

    /// Reads `text` (an array or a mapped file) as `init(bytes:file:header:dialect:)` does.
    /// - Throws: `DataFileError` as `init(contentsOf:header:dialect:checksums:)`.
    init(text: Text, file: String, header: Header, dialect: Dialect) throws(DataFileError) {
        try self.init(text: text, file: file, dialect: dialect)
        switch header {
        case .firstRecord:
            guard recordCount > 0 else {
                throw DataFileError(
                    file: file,
                    reason: .malformed("the file is empty; a CSV file starts with a header row naming its columns"))
            }
            let names = removeFirstRecord()
            columns = names.fields
            for (index, name) in columns.enumerated() {
                if name.isEmpty {
                    throw DataFileError(
                        file: file, line: names.line, column: index + 1,
                        reason: .malformed("column \(index + 1) of the header has no name; name every column"))
                }
                if let first = columns[..<index].firstIndex(of: name) {
                    throw DataFileError(
                        file: file, line: names.line, column: index + 1,
                        reason: .malformed(
                            "column \(index + 1) of the header repeats \(CategoryName.cited(name)) (column \(first + 1)); "
                                + "give each column its own name"))
                }
            }
        case .declared(let names):
            guard !names.isEmpty else {
                throw DataFileError(file: file, reason: .malformed("no columns are declared; name the file's columns"))
            }
            columns = names
        }
        try checkWidths(header: header)
    }

    /// Reads the data file at `url` (UCI dialect unless told), checking its SHA-256 first when
    /// `checksums` is given, and requires `columns` cells in every record.
    /// - Throws: `DataFileError` naming the file (and line) that is missing, altered or malformed.
    /// - Complexity: O(bytes in the file).
    public init(contentsOf url: URL, columns: Int, dialect: Dialect = .uci, checksums: Checksums? = nil) throws {
        if let checksums { try checksums.verify(url) }
        guard let bytes = FileBytes.read(url.path) else {
            throw DataFileError.unreadable(url.path)
        }
        try self.init(text: Text(bytes), file: url.path, dialect: dialect)
        try checkWidths(count: columns)
    }

    /// Splits `text` into records of `columns` cells; `file` names it in errors.
    /// - Throws: `DataFileError` for a record with the wrong number of cells or broken quotes.
    public init(text: String, file: String, columns: Int, dialect: Dialect = .uci) throws {
        try self.init(text: Text(Array(text.utf8)), file: file, dialect: dialect)
        try checkWidths(count: columns)
    }

    /// The records of `bytes`, with syntax errors in `file`'s terms.
    private init(text: Text, file: String, dialect: Dialect) throws(DataFileError) {
        do {
            try self.init(parsing: text, dialect: dialect)
        } catch {
            throw DataFileError(file: file, line: error.line, column: error.column, reason: .malformed(error.message))
        }
        self.file = file
    }

    /// Requires one value per column in every record, saying which column lacks a value or which
    /// value has no column, by the columns' names.
    private func checkWidths(header: Header) throws(DataFileError) {
        let expected = columns.count
        let source = header == .firstRecord ? "the header" : "the declared columns"
        for record in 0..<recordCount where cellCount(of: record) != expected {
            let found = cellCount(of: record)
            let what =
                found < expected
                ? "column \(found + 1) (\(CategoryName.cited(columns[found]))) has no value; give every row one value per column "
                    + "of \(source) (an empty one when it is missing)"
                : "value \(expected + 1) (\(CategoryName.cited(cell(record, expected)))) is past the last column of \(source) "
                    + "(\(CategoryName.cited(columns[expected - 1]))); quote a value that holds the separator"
            throw DataFileError(
                file: file, line: line(of: record), column: min(found, expected) + 1,
                reason: .malformed("found \(counted(found, "value")), expected \(expected): \(what)"))
        }
    }

    /// Requires `count` cells in every record (a file read without column names).
    private func checkWidths(count: Int) throws(DataFileError) {
        for record in 0..<recordCount where cellCount(of: record) != count {
            throw DataFileError(
                file: file, line: line(of: record),
                reason: .malformed("expected \(count) comma-separated values, found \(cellCount(of: record))"))
        }
    }
}
