import Foundation

extension CSVTable {
    /// Reads the data file at `url` (UCI dialect unless told), checking its SHA-256 first when
    /// `checksums` is given, and requires `columns` cells in every record.
    /// - Throws: `DataFileError` naming the file (and line) that is missing, altered or malformed.
    /// - Complexity: O(bytes in the file).
    public init(contentsOf url: URL, columns: Int, dialect: Dialect = .uci, checksums: Checksums? = nil) throws {
        if let checksums { try checksums.verify(url) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataFileError(file: url.path, reason: .missing)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataFileError(file: url.path, reason: .malformed("file is not UTF-8 text"))
        }
        try self.init(text: text, file: url.path, columns: columns, dialect: dialect)
    }

    /// Splits `text` into records of `columns` cells; `file` names it in errors.
    /// - Throws: `DataFileError` for a record with the wrong number of cells or broken quotes.
    public init(text: String, file: String, columns: Int, dialect: Dialect = .uci) throws {
        do {
            try self.init(parsing: Array(text.utf8), dialect: dialect)
        } catch {
            throw DataFileError(file: file, line: error.line, reason: .malformed(error.message))
        }
        self.file = file
        for record in records where record.fields.count != columns {
            throw DataFileError(
                file: file, line: record.line,
                reason: .malformed("expected \(columns) comma-separated values, found \(record.fields.count)"))
        }
    }
}
