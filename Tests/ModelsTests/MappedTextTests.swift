import Basics
import Foundation
import Scoring
import Testing

@testable import Models

#if canImport(Glibc)
    import Glibc
#endif

/// A data file read in place (`MappedBytes`, `CSVTable.Text`): the same records and columns as
/// its bytes read into memory, with the pages each pass read given back; rows without a label
/// left out after the columns are read as before them; a file written while it is mapped is
/// noticed, before what its cells say.
@Suite struct MappedTextTests {
    /// Rows with numbers, words, quoted cells holding separators, quotes and line breaks, CR LF
    /// and LF endings, blank lines, and every 97th label missing, after a byte order mark: more
    /// bytes than one release of pages (`CSVTable.releaseBytes`) and than one piece of a parse.
    static func text(rows: Int) -> String {
        var generator = SplitMix64(seed: 31)
        var text = "\u{FEFF}x,word,note,y\n"
        let notes = ["plain", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "", "\"x\r\ny\""]
        for row in 0..<rows {
            let x = row % 13 == 0 ? "" : String(Double(generator.next() % 100_000) / 1000)
            let word = ["red", "green", "blue", "NA", "gr\u{E9}en"][Int(generator.next() % 5)]
            let note = notes[Int(generator.next() % UInt64(notes.count))]
            let label = row % 97 == 5 ? "" : String(generator.next() % 3)
            text += "\(x),\(word),\(note),\(label)" + (row % 7 == 0 ? "\r\n" : "\n") + (row % 1_000 == 0 ? "\n" : "")
        }
        return text
    }

    static func write(_ text: String) throws -> URL {
        let file = Fixtures.temporaryFile("mapped.csv")
        try Data(text.utf8).write(to: file)
        return file
    }

    static func same(_ a: CSVTable.Column, _ b: CSVTable.Column) -> Bool {
        a.index == b.index && a.isNumeric == b.isNumeric && a.cells.map(\.bitPattern) == b.cells.map(\.bitPattern)
            && a.missing == b.missing && a.canonicalIntegers == b.canonicalIntegers && a.codes == b.codes
            && a.values == b.values && a.numbers == b.numbers
    }

    @Test func aMappedFileReadsAsItsBytesDo() throws {
        let rows = Self.text(rows: 20_000)
        let body = String(rows.drop { $0 != "\n" }.dropFirst())
        let text = rows + String(repeating: body, count: 12)
        let file = try Self.write(text)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        #expect(text.utf8.count > CSVTable.releaseBytes + CSVTable.parallelBytes)
        let declaration = DataDeclaration(training: file.path, label: "y")
        let mapped = try DataTable(
            reading: file.path, declaration: declaration, root: file.deletingLastPathComponent(), checked: false,
            keepsUnlabelled: true)
        let dialect = CSVTable.Dialect(
            separator: nil, trimsSpaces: false, commentPrefix: nil, missingMarkers: declaration.missing)
        let read = try CSVTable(bytes: Array(text.utf8), file: file.path, header: .firstRecord, dialect: dialect)
        #expect(mapped.header == ["x", "word", "note", "y"])
        #expect(mapped.sha256 == Digest.sha256(Array(text.utf8)))
        #expect(mapped.table.recordCount == 13 * 20_000)
        #expect(mapped.table.records == read.records)
        let columns = mapped.table.columns([0, 1, 2, 3], numeric: [true, false, false, true])
        let expected = read.columns([0, 1, 2, 3], numeric: [true, false, false, true])
        #expect(zip(columns, expected).allSatisfy(Self.same))
        #expect(columns[0].isNumeric && !columns[1].isNumeric && columns[3].isNumeric)
        #expect(mapped.table.missingRecords(3) == read.missingRecords(3))
    }

    /// Reading the columns, then leaving out the rows without a label and reading them again
    /// when there were some, gives what leaving them out first gives: the same lines named, and
    /// the same columns, whose kinds and categories are those of the labelled rows (a word or a
    /// category found only in an unlabelled row counts for nothing).
    @Test func rowsWithoutALabelAreLeftOutAsBefore() throws {
        var text = Self.text(rows: 3_000)
        text += "oops,violet,plain,\n"
        let file = try Self.write(text)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let declaration = DataDeclaration(training: file.path, label: "y")
        let root = file.deletingLastPathComponent()
        let first = try DataTable(reading: file.path, declaration: declaration, root: root, checked: false)
        var after = try DataTable(
            reading: file.path, declaration: declaration, root: root, checked: false, keepsUnlabelled: true)
        let numeric = [true, false, false, true]
        let columns = after.columnsLeavingOutUnlabelled([0, 1, 2, 3], numeric: numeric)
        #expect(after.unlabelledLines == first.unlabelledLines)
        #expect(after.unlabelledLines.count == 3_000 / 97 + 2)
        #expect(after.table.recordCount == first.table.recordCount)
        // The cells of records with others left out between them are found again as they were.
        let whole = try DataTable(
            reading: file.path, declaration: declaration, root: root, checked: false, keepsUnlabelled: true)
        let left = Set(after.unlabelledLines)
        #expect(after.table.records == whole.table.records.filter { !left.contains($0.line) })
        let expected = first.table.columns([0, 1, 2, 3], numeric: numeric)
        #expect(zip(columns, expected).allSatisfy(Self.same))
        #expect(columns[0].isNumeric, "the only word in x is in a row without a label")
        #expect(!columns[1].values.contains("violet"))

        // Every label present: read once, nothing left out.
        let labelled = try Self.write("x,y\n1,a\n2,b\n")
        defer { try? FileManager.default.removeItem(at: labelled.deletingLastPathComponent()) }
        var all = try DataTable(
            reading: labelled.path, declaration: DataDeclaration(training: labelled.path, label: "y"),
            root: labelled.deletingLastPathComponent(), checked: false, keepsUnlabelled: true)
        #expect(all.columnsLeavingOutUnlabelled([0, 1], numeric: [true, false])[1].values == ["a", "b"])
        #expect(all.unlabelledLines.isEmpty)
    }

    /// Pages given back leave the resident memory and read the same when touched again.
    @Test func releasedPagesLeaveResidentMemoryAndReadTheSame() throws {
        let size = 48 << 20
        var generator = SplitMix64(seed: 8)
        var bytes = [UInt8](repeating: 0, count: size)
        for page in stride(from: 0, to: size, by: 4_096) { bytes[page] = UInt8(truncatingIfNeeded: generator.next()) }
        let file = Fixtures.temporaryFile("pages.bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let mapping = try MappedBytes(mapping: file.path, readingEveryPage: false)
        func sum() -> UInt64 {
            var total: UInt64 = 0
            for offset in stride(from: 0, to: size, by: 512) {
                total &+= UInt64(mapping.base.load(fromByteOffset: offset, as: UInt8.self))
            }
            return total
        }
        let before = Self.residentFileKilobytes()
        let first = sum()
        let touched = Self.residentFileKilobytes()
        mapping.release(0..<size)
        let released = Self.residentFileKilobytes()
        #expect(touched - before > 32 << 10, "touching 48 MB: \(before) → \(touched) kB")
        #expect(touched - released > 32 << 10, "giving them back: \(touched) → \(released) kB")
        #expect(sum() == first)
        #expect(bytes.withUnsafeBytes { memcmp($0.baseAddress!, mapping.base, size) } == 0)
        #expect(mapping.isUnchanged)
    }

    /// The process's resident file-backed memory, in kB (`RssFile` of /proc/self/status).
    static func residentFileKilobytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssFile:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// A mapped file that grows or is rewritten is no longer unchanged, and a data set or a
    /// profile read from it says so, before what its cells say.
    @Test func aFileWrittenWhileMappedIsNoticed() throws {
        let file = try Self.write("x,y\n1,a\n2,b\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let table = try DataTable(
            reading: file.path, declaration: DataDeclaration(training: file.path, label: "y"),
            root: file.deletingLastPathComponent(), checked: false, keepsUnlabelled: true)
        let schema = Schema(fields: [.numeric("x")], label: "y", labelValues: ["a", "b"])
        #expect(try Dataset(table: table.table, schema: schema).rowCount == 2)
        let mapping = try MappedBytes(mapping: file.path, readingEveryPage: false)
        #expect(mapping.isUnchanged && table.table.text.isUnchanged)
        let inspected = try DataDeclaration(training: file.path, label: "").read(root: file.deletingLastPathComponent())
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3,a\n".utf8))
        try handle.close()
        #expect(!mapping.isUnchanged)
        // data inspect's profile too (trial36 #6: it showed the profile, then said nothing).
        let profiled = #expect(throws: DataFileError.self) {
            _ = try DataDeclaration(training: file.path, label: "").profile(of: inspected)
        }
        #expect(profiled?.reason == .changedWhileRead)
        // The schema's only class is no label of the file: that error would come second.
        let error = #expect(throws: DataFileError.self) {
            _ = try Dataset(table: table.table, schema: Schema(fields: [.numeric("x")], label: "y", labelValues: ["c"]))
        }
        #expect(error?.reason == .changedWhileRead)
        #expect(error?.description.contains("changed while it was being read") == true)
    }

    /// A mapped file is named for the address of any of its bytes while it is mapped
    /// (`MappedFiles`, what the CLI's SIGBUS handler prints), and no longer once unmapped.
    @Test func aMappedFileIsNamedByItsAddresses() throws {
        let file = try Self.write("x,y\n1,a\n2,b\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // As the CLI's SIGBUS handler does at start-up; without it nothing is noted.
        MappedFiles.prepare()
        var mapping: MappedBytes? = try MappedBytes(mapping: file.path, readingEveryPage: false)
        let start = UInt(bitPattern: mapping!.base)
        let count = UInt(mapping!.count)
        for address in [start, start + count - 1] {
            #expect(MappedFiles.path(containing: address).map { String(cString: $0) } == file.path)
        }
        #expect(MappedFiles.path(containing: start + count) == nil)
        #expect(MappedFiles.path(containing: start &- 1) == nil)
        mapping = nil
        #expect(MappedFiles.path(containing: start) == nil)
    }

    /// A folder given for a data file is called one, not a missing file (trial36 #3).
    @Test func aFolderIsNotCalledAMissingFile() throws {
        let file = try Self.write("x,y\n1,a\n")
        let folder = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: DataFileError.self) {
            _ = try DataTable(
                reading: folder.path, declaration: DataDeclaration(training: folder.path, label: "y"), root: folder,
                checked: false)
        }
        #expect(error?.reason == .unreadable(FileProblem.folder))
        #expect(error?.description.contains("a folder, not a file; name a CSV file") == true)
        let missing = #expect(throws: DataFileError.self) {
            _ = try DataTable(
                reading: "none.csv", declaration: DataDeclaration(training: "none.csv", label: "y"), root: folder,
                checked: false)
        }
        #expect(missing?.reason == .missing)
    }
}
