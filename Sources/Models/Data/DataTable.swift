import Foundation

/// A declared data file, read: its column names (the header row, or the declared `header`),
/// its records, and its SHA-256 (checked against its folder's SHA256SUMS).
struct DataTable {
    /// The path as declared (relative to the repository root).
    var path: String
    var header: [String]
    var table: CSVTable
    var sha256: String
    /// The separator the file was read with.
    var separator: String
    /// The lines of the records left out because their label is missing (a row without its
    /// answer can be neither learned from nor scored), in file order.
    var unlabelledLines: [Int] = []

    /// Reads `path` (relative to `root`) as `declaration` says.
    /// - Parameters:
    ///   - expectedSHA256: the digest a record names; a file that differs is refused.
    ///   - checked: whether the file must be listed, with its digest, in its folder's SHA256SUMS
    ///     (false only to look at a file, as `data inspect` does).
    ///   - keepsUnlabelled: whether records with a missing label stay (to profile the file);
    ///     otherwise they are left out and their lines kept in `unlabelledLines`.
    /// - Throws: `DataFileError` naming the file (and line and column) for a missing, altered,
    ///   undeclared or empty file, a header with a blank or repeated name, or a ragged row
    ///   (`CSVTable.init(bytes:file:header:dialect:)`).
    init(
        reading path: String, declaration: DataDeclaration, root: URL, expectedSHA256: String? = nil,
        checked: Bool = true, keepsUnlabelled: Bool = false
    ) throws {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        guard let bytes = FileBytes.read(url.path) else {
            throw DataFileError(file: url.path, reason: .missing)
        }
        let sha256 = checked ? try Self.checkedDigest(url) : Digest.sha256(bytes)
        if let expectedSHA256, sha256 != expectedSHA256 {
            throw DataFileError(file: url.path, reason: .altered(expected: expectedSHA256, actual: sha256))
        }
        let dialect = CSVTable.Dialect(
            separator: declaration.separator?.utf8.first, trimsSpaces: declaration.trimSpaces,
            commentPrefix: declaration.comment?.utf8.first, missingMarkers: declaration.missing,
            decimalComma: declaration.decimal == ",")
        var table = try CSVTable(
            bytes: bytes, file: url.path, header: declaration.header.map { .declared($0) } ?? .firstRecord,
            dialect: dialect)
        if !keepsUnlabelled, !table.records.isEmpty, let label = table.columns.firstIndex(of: declaration.label) {
            let unlabelled = table.records.filter { table.isMissing($0.fields[label]) }
            if !unlabelled.isEmpty, unlabelled.count < table.records.count {
                unlabelledLines = unlabelled.map(\.line)
                let markers = table.dialect.missingMarkers
                table.records.removeAll { markers.contains($0.fields[label]) }
            }
        }
        guard !table.records.isEmpty else {
            throw DataFileError(
                file: url.path, reason: .malformed("the file has no rows of data; add rows below the header"))
        }
        self.path = path
        self.header = table.columns
        self.table = table
        self.sha256 = sha256
        self.separator = String(UnicodeScalar(table.separator))
    }

    /// `url`'s SHA-256 as its folder's SHA256SUMS declares it; a folder without the sums file
    /// is reported as not listing the file.
    private static func checkedDigest(_ url: URL) throws -> String {
        let folder = url.deletingLastPathComponent()
        let sums = folder.appendingPathComponent("SHA256SUMS")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataFileError(file: url.path, reason: .missing)
        }
        guard FileManager.default.fileExists(atPath: sums.path) else {
            throw DataFileError(file: url.path, reason: .undeclared(sums: sums.path))
        }
        return try Checksums(folder: folder).verify(url)
    }

    /// The index of each of `names` in the header.
    /// - Throws: `DataFileError` naming the first name the file does not have.
    func columns(_ names: [String], what: String) throws -> [Int] {
        try names.map { name in
            guard let index = header.firstIndex(of: name) else {
                throw DataFileError(
                    file: table.file, field: name,
                    reason: .malformed(
                        "\(what) '\(name)' is not a column of the file (its columns: \(header.joined(separator: ", ")))"
                    ))
            }
            return index
        }
    }

    /// The class index of each record's label (at `column`) in `classes`, a trailing `.`
    /// dropped as `Dataset` does.
    /// - Throws: `DataFileError` for a missing label or one not in `classes`.
    func classIndices(column: Int, classes: [String], label: String) throws -> [Int] {
        var lookup: [Substring: Int] = [:]
        for (index, name) in classes.enumerated() { lookup[name[...]] = index }
        return try table.records.map { record in
            let cell = record.fields[column]
            guard !table.isMissing(cell) else {
                throw DataFileError(
                    file: table.file, line: record.line, column: column + 1, field: label,
                    reason: .malformed("the label is missing; remove the row or fill in its class"))
            }
            guard let index = lookup[Dataset.className(cell)] else {
                throw DataFileError(
                    file: table.file, line: record.line, column: column + 1, field: label,
                    reason: .malformed(Dataset.unknownClassMessage(Dataset.className(cell), classes: classes)))
            }
            return index
        }
    }
}
