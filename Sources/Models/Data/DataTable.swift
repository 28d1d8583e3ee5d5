import Basics
import Foundation
import Parallelism

/// A declared data file, read: its column names (the header row, or the declared `header`),
/// its records, and its SHA-256 (checked against its folder's SHA256SUMS).
struct DataTable {
    /// The path as declared (relative to the repository root).
    var path: String
    var header: [String]
    var table: CSVTable
    /// The file's SHA-256, hexadecimal: known once the file has been verified (`verify()`).
    var sha256: String {
        precondition(pendingDigest == nil, "DataTable.sha256 read before verify()")
        return digest
    }
    private var digest = ""
    /// The digest still being computed on a thread of its own (`verifiesLater`), and the one
    /// the file must have.
    private var pendingDigest: PendingDigest?

    /// A file's digest being computed, the digest it must have and the file's path.
    private typealias PendingDigest = (digest: Parallel.Beside<String>, expected: String?, file: String)
    /// The separator the file was read with.
    var separator: String
    /// The lines of the records left out because their label is missing (a row without its
    /// answer can be neither learned from nor scored), in file order.
    var unlabelledLines: [Int] = []

    /// Says which rows were left out for a missing label (the training file's and a declared
    /// test file's alike); nil when none were.
    var unlabelledWarning: String? {
        guard !unlabelledLines.isEmpty else { return nil }
        let lines = unlabelledLines
        let shown = lines.prefix(10).map(String.init).joined(separator: ", ") + (lines.count > 10 ? ", …" : "")
        return "\(table.file): \(lines.count) row(s) have no label and are left out (line \(shown)); "
            + "fill in the label or remove the rows to silence this"
    }

    /// Reads `path` (relative to `root`) as `declaration` says.
    /// - Parameters:
    ///   - expectedSHA256: the digest a record names; a file that differs is refused, and the
    ///     folder's SHA256SUMS is not read.
    ///   - checked: whether the file must be listed, with its digest, in its folder's SHA256SUMS
    ///     (false only to look at a file, as `data inspect` does); without `expectedSHA256`.
    ///   - keepsUnlabelled: whether records with a missing label stay (to profile the file, or
    ///     to leave them out once the columns are read, `columnsLeavingOutUnlabelled`);
    ///     otherwise they are left out and their lines kept in `unlabelledLines`.
    ///   - progress: called with a line for people after reading and after parsing a file of
    ///     `progressBytes` or more.
    ///   - verifiesLater: whether the digest may still be being computed when the file is
    ///     parsed: the caller reads its columns beside it, and calls `verify()` before anything
    ///     else it throws and before `sha256` (on a million rows the digest took 80 ms more than
    ///     the parse, a core idle; issue 26). Otherwise the file is verified before this returns.
    /// - Throws: `DataFileError` naming the file (and line and column) for a missing, altered,
    ///   undeclared or empty file, a header with a blank or repeated name, or a ragged row
    ///   (`CSVTable.init(bytes:file:header:dialect:)`).
    init(
        reading path: String, declaration: DataDeclaration, root: URL, expectedSHA256: String? = nil,
        checked: Bool = true, keepsUnlabelled: Bool = false, progress: (@Sendable (String) -> Void)? = nil,
        verifiesLater: Bool = false
    ) throws {
        let standardInput = path == Self.standardInput
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let name = standardInput ? Self.standardInputName : url.path
        // What is there but cannot be read (a folder, a file the user may not read, a link to
        // nothing) is said first: the sums' advice does not fit it (trial36 #4: a folder was "not
        // listed in SHA256SUMS", a dangling link "deleted or moved").
        if !standardInput, let problem = FileProblem.problem(reading: url.path), problem != FileProblem.noSuchFile {
            throw DataFileError(file: url.path, reason: .unreadable(problem))
        }
        // A file its folder's sums or a version's record names was committed once: said so, with
        // how to get it back, rather than "check the path" (trial24 #9).
        if !standardInput && !FileManager.default.fileExists(atPath: url.path) {
            if let sums = try? Checksums(folder: url.deletingLastPathComponent()),
                sums.expected[url.lastPathComponent] != nil
            {
                try sums.verify(url)
            }
            if expectedSHA256 != nil {
                throw DataFileError(file: url.path, reason: .deleted(listedIn: "the version's training.json"))
            }
        }
        // A record's digest is the verdict: the file must be the one the version was trained
        // on, whatever SHA256SUMS lists now (trial25 #1: an edited line called the restored,
        // right file "altered"); `TrainingRecord.sumsNotes` names a line that disagrees.
        let expected = try checked && expectedSHA256 == nil && !standardInput ? Self.declaredDigest(url) : nil
        // A regular file is read in place, its pages given back as each pass over it ends
        // (`CSVTable.Text`); any other (a pipe) is read into memory, and standard input from
        // where it stands (a shell may have read part of it), not opened again from its start.
        let mapping = standardInput ? nil : try? MappedBytes(mapping: url.path, readingEveryPage: false)
        let bytes: [UInt8]
        if mapping != nil {
            bytes = []
        } else if let read = standardInput ? FileBytes.read(descriptor: STDIN_FILENO) : FileBytes.read(url.path) {
            bytes = read
        } else {
            throw standardInput
                ? DataFileError(file: name, reason: .unreadable(String(cString: strerror(errno)).lowercased()))
                : DataFileError.unreadable(url.path)
        }
        let byteCount = mapping?.count ?? bytes.count
        let text = mapping.map(CSVTable.Text.init) ?? CSVTable.Text(bytes)
        let large = byteCount >= Self.progressBytes
        let start = DispatchTime.now().uptimeNanoseconds
        if large { progress?("read \(path) (\(Self.megabytes(byteCount)) MB); parsing") }
        let dialect = CSVTable.Dialect(
            separator: declaration.separator?.utf8.first, trimsSpaces: declaration.trimSpaces,
            commentPrefix: declaration.comment?.utf8.first, missingMarkers: declaration.missing,
            decimalComma: declaration.decimal == ",")
        // The digest of the bytes read, on a thread of its own while the others parse them; an
        // altered file is still reported before what is wrong inside it.
        let pending: PendingDigest = (
            Parallel.Beside { mapping.map(Digest.sha256(releasing:)) ?? Digest.sha256(bytes) },
            expected ?? expectedSHA256, url.path
        )
        let parsed = Result { () throws(DataFileError) in
            try CSVTable(
                text: text, file: name, header: declaration.header.map { .declared($0) } ?? .firstRecord,
                dialect: dialect)
        }
        // Before any error in the file, so that an altered one is said to be altered.
        var verified: String?
        if !verifiesLater || ((try? parsed.get())?.recordCount ?? 0) == 0 { verified = try Self.checked(pending) }
        let table = try parsed.get()
        if large {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            progress?(
                "parsed \(table.recordCount) rows of \(table.columns.count) columns in "
                    + String(format: "%.1f s (%.0f MB/s)", seconds, Double(byteCount) / 1e6 / max(seconds, 1e-3)))
        }
        guard table.recordCount > 0 else {
            throw DataFileError(
                file: name, reason: .malformed("the file has no rows of data; add rows below the header"))
        }
        self.path = path
        self.header = table.columns
        self.table = table
        if let verified { digest = verified } else { pendingDigest = pending }
        self.separator = String(UnicodeScalar(table.separator))
        if !keepsUnlabelled { leaveOutUnlabelled(label: declaration.label) }
    }

    /// Waits for the file's digest (`verifiesLater`) and checks it: once verified, `sha256`
    /// may be read; a second call does nothing (or throws again for an altered file).
    /// - Throws: `DataFileError.Reason.altered` when the file is not the one its folder's
    ///   SHA256SUMS or the version's record names.
    mutating func verify() throws(DataFileError) {
        guard let pending = pendingDigest else { return }
        digest = try Self.checked(pending)
        pendingDigest = nil
    }

    /// The digest `pending` computes, once it has.
    /// - Throws: `DataFileError.Reason.altered` when it is not the one expected.
    private static func checked(_ pending: PendingDigest) throws(DataFileError) -> String {
        let actual = pending.digest.wait()
        if let expected = pending.expected, actual != expected {
            throw DataFileError(file: pending.file, reason: .altered(expected: expected, actual: actual))
        }
        return actual
    }

    /// Leaves out the records whose `label` is missing, keeping their lines in
    /// `unlabelledLines`; all of them stay when every label is missing (the load then says so).
    mutating func leaveOutUnlabelled(label: String) {
        guard let column = table.columns.firstIndex(of: label) else { return }
        _ = leaveOut(unlabelled: table.missingRecords(column))
    }

    /// Columns `columns` of the records (`CSVTable.columns(_:numeric:threads:partRecords:)`),
    /// the last of them the label's, with the records whose label is missing left out as
    /// `leaveOutUnlabelled(label:)` leaves them out, for a table read with `keepsUnlabelled`.
    /// Which labels are missing is read off the label's column, so the text is read once when
    /// none is (`leaveOutUnlabelled` reads the label's cells in a pass of its own: 0.09 s of a
    /// million rows' load, on two threads), and again without those records when some are, so
    /// that kinds and categories are those of the labelled records alone.
    mutating func columnsLeavingOutUnlabelled(_ columns: [Int], numeric: [Bool]) -> [CSVTable.Column] {
        let read = table.columns(columns, numeric: numeric)
        let label = read[read.count - 1]
        let unlabelled =
            label.isNumeric
            ? label.missing.keys.sorted() : label.codes.indices.filter { CSVTable.Column.isMissing(label.codes[$0]) }
        return leaveOut(unlabelled: unlabelled) ? table.columns(columns, numeric: numeric) : read
    }

    /// Leaves out `unlabelled` (ascending record indices), keeping their lines; none when they
    /// are every record. Whether any was left out.
    private mutating func leaveOut(unlabelled: [Int]) -> Bool {
        guard !unlabelled.isEmpty, unlabelled.count < table.recordCount else { return false }
        unlabelledLines = unlabelled.map(table.line(of:))
        let left = Set(unlabelled)
        table.filterRecords { !left.contains($0) }
        return true
    }

    /// The path that names standard input (`data inspect -`), read from where it stands.
    static let standardInput = "-"
    /// What messages call standard input.
    static let standardInputName = "standard input"

    /// Files of this many bytes or more report their progress: a second or more of reading in
    /// a debug build, a few tenths in a release one (trial17 #2: a 16 MB file showed only
    /// `loading …` for 8 s). The reader is not slowed: the lines come between its steps.
    static let progressBytes = 8 << 20

    /// `bytes` in megabytes (10^6) with one decimal: `16.3`.
    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1e6)
    }

    /// Calls `progress` with `step` when the file is large enough to report on.
    func report(_ progress: (@Sendable (String) -> Void)?, _ step: String) {
        if table.text.count >= Self.progressBytes { progress?(step) }
    }

    /// The SHA-256 `url`'s folder's SHA256SUMS declares for it; a folder without the sums file
    /// is reported as not listing the file.
    /// - Throws: `DataFileError` for a missing file, a folder without SHA256SUMS, or a file it
    ///   does not list.
    private static func declaredDigest(_ url: URL) throws -> String {
        let folder = url.deletingLastPathComponent()
        let sums = folder.appendingPathComponent("SHA256SUMS")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataFileError.unreadable(url.path)
        }
        guard FileManager.default.fileExists(atPath: sums.path) else {
            throw DataFileError(file: url.path, reason: .undeclared(sums: sums.path))
        }
        let checksums = try Checksums(folder: folder)
        guard let want = checksums.expected[url.lastPathComponent] else {
            throw DataFileError(file: url.path, reason: .undeclared(sums: checksums.source.path))
        }
        return want
    }

    /// What to do when the header is one column whose name holds another of
    /// `DataDeclaration.separators` (the most often when several): the file was read with the
    /// wrong separator, and every row is one value; nil otherwise. The one hint of `data
    /// inspect`'s warning and of the error for a label or column the file lacks (trial19 #9).
    var separatorHint: String? {
        guard header.count == 1, let name = header.first else { return nil }
        let found = DataDeclaration.separators.filter { $0 != separator }.map { other in
            (other, name.unicodeScalars.filter { String($0) == other }.count)
        }
        guard let (other, count) = found.max(by: { $0.1 < $1.1 }), count > 0 else { return nil }
        func word(_ separator: String) -> String {
            switch separator {
            case ",": "comma"
            case ";": "semicolon"
            default: "tab"
            }
        }
        return "the header is one column with \(counted(count, word(other))) and no "
            + "\(word(separator)), so every row is read as one value; declare separator = \(TOMLText.string(other)) "
            + "(--separator \(other == "\t" ? "tab" : "'\(other)'")), or leave it out to have it detected"
    }

    /// The index of each of `names` in the header.
    /// - Throws: `DataFileError` naming the first name the file does not have; when the
    ///   header is one column holding another separator, with `separatorHint`.
    func columns(_ names: [String], what: String) throws -> [Int] {
        try names.map { name in
            guard let index = header.firstIndex(of: name) else {
                let guess =
                    NearestName.closest(to: name, in: header).map { "did you mean \(CategoryName.cited($0))? " } ?? ""
                throw DataFileError(
                    file: table.file, field: name,
                    reason: .malformed(
                        "\(what) \(CategoryName.cited(name)) is not a column of the file "
                            + "(\(guess)\(DataProfile.columnList(header)))"
                            + (separatorHint.map { "; \($0)" } ?? "")))
            }
            return index
        }
    }

    /// The class index of each record's label (at `column`) in `classes`, a trailing `.`
    /// dropped as `Dataset` does.
    /// - Throws: `DataFileError` for a missing label or one not in `classes`.
    func classIndices(column: Int, classes: [String], label: String) throws -> [Int] {
        try classIndices(table.column(column), column: column, classes: classes, label: label)
    }

    /// The class index of each record's label, from the label's column `read` (at `column`).
    /// - Throws: `DataFileError` for a missing label or one not in `classes`.
    func classIndices(_ read: CSVTable.Column, column: Int, classes: [String], label: String) throws -> [Int] {
        var lookup: [Substring: Int] = [:]
        for (index, name) in classes.enumerated() { lookup[name[...]] = index }
        let indices = read.values.map { lookup[Dataset.className($0)] }
        return try read.codes.indices.map { record in
            let code = read.codes[record]
            guard !CSVTable.Column.isMissing(code) else {
                throw DataFileError(
                    file: table.file, line: table.line(of: record), column: column + 1, field: label,
                    reason: .malformed("the label is missing; remove the row or fill in its class"))
            }
            guard let index = indices[Int(code)] else {
                let cell = read.values[Int(code)]
                throw DataFileError(
                    file: table.file, line: table.line(of: record), column: column + 1, field: label,
                    reason: .malformed(Dataset.unknownClassMessage(Dataset.className(cell), classes: classes)))
            }
            return index
        }
    }
}
