import Foundation

/// The raw text cells of a comma-separated data file in the UCI style (`, ` between cells,
/// `?` for a missing value, lines starting with `|` are comments), with each row's line number.
///
/// Cells are kept as text so the caller can fit a schema on one file and read another with it.
public struct DelimitedTable: Sendable {
    /// Path of the file, for error messages.
    public let file: String
    /// The cells of each data row, spaces around them removed.
    public let rows: [[Substring]]
    /// The 1-based line number of each row in `rows`.
    public let lineNumbers: [Int]

    /// Reads `url`, checking its SHA-256 first when `checksums` is given.
    /// - Parameters:
    ///   - columns: how many cells every row must have.
    /// - Throws: `DataFileError` naming the file (and line) that is missing, altered or malformed.
    /// - Complexity: O(bytes in the file).
    public init(contentsOf url: URL, columns: Int, checksums: Checksums? = nil) throws {
        if let checksums { try checksums.verify(url) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataFileError(file: url.path, reason: .missing)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataFileError(file: url.path, reason: .malformed("file is not UTF-8 text"))
        }
        try self.init(text: text, file: url.path, columns: columns)
    }

    /// Splits `text` into rows; `file` names it in errors.
    /// - Throws: `DataFileError` for a row with the wrong number of cells.
    public init(text: String, file: String, columns: Int) throws {
        self.file = file
        var rows: [[Substring]] = []
        var lineNumbers: [Int] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        rows.reserveCapacity(lines.count)
        lineNumbers.reserveCapacity(lines.count)
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "|" { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(Self.trimmed)
            guard cells.count == columns else {
                throw DataFileError(
                    file: file, line: index + 1,
                    reason: .malformed("expected \(columns) comma-separated values, found \(cells.count)"))
            }
            rows.append(cells)
            lineNumbers.append(index + 1)
        }
        self.rows = rows
        self.lineNumbers = lineNumbers
    }

    /// Whether a cell stands for a missing value.
    public static func isMissing(_ cell: Substring) -> Bool {
        cell.isEmpty || cell == "?"
    }

    private static func trimmed(_ cell: Substring) -> Substring {
        var cell = cell
        while cell.first == " " || cell.first == "\t" { cell = cell.dropFirst() }
        while cell.last == " " || cell.last == "\t" { cell = cell.dropLast() }
        return cell
    }
}
