import Basics
import Foundation

/// The SHA-256 sums a data folder declares for its files (a `SHA256SUMS` file in the
/// format `sha256sum` writes: `<64 hex digits>  <file name>` per line).
public struct Checksums: Sendable {
    /// File name → expected SHA-256 in lower-case hex.
    public private(set) var expected: [String: String]
    /// Where the sums were read from.
    public let source: URL

    /// Reads `SHA256SUMS` in `folder`.
    /// - Throws: `DataFileError` when the sums file is missing or malformed.
    public init(folder: URL) throws {
        let url = folder.appendingPathComponent("SHA256SUMS")
        source = url
        guard let data = FileManager.default.contents(atPath: url.path), let text = TextFile.decode(data) else {
            throw DataFileError(file: url.path, reason: .missing)
        }
        var sums: [String: String] = [:]
        var lineOf: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let digest = parts.first?.lowercased() ?? ""
            guard parts.count == 2, digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
                throw DataFileError(
                    file: url.path, line: index + 1,
                    reason: .malformed("expected '<sha256>  <file name>'"))
            }
            // `sha256sum` marks binary mode with a leading '*'.
            var name = parts[1].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("*") { name.removeFirst() }
            // A union merge of two branches' sums keeps both lines of a file both changed.
            if let listed = sums[name], listed != digest {
                throw DataFileError(
                    file: url.path, line: index + 1,
                    reason: .malformed(
                        "'\(name)' is listed again with another sum (line \(lineOf[name] ?? 0) has \(listed)); keep "
                            + "the line whose sum `sha256sum \(name)` prints"))
            }
            sums[name] = digest
            lineOf[name] = lineOf[name] ?? index + 1
        }
        expected = sums
    }

    /// Checks that `file` (a path inside the folder) exists and has the declared sum.
    /// - Returns: the file's SHA-256 in lower-case hex.
    /// - Throws: `DataFileError` saying which file is missing, undeclared or altered.
    @discardableResult
    public func verify(_ file: URL) throws -> String {
        let name = file.lastPathComponent
        // A file that is not there is reported as such, not as one the sums do not list.
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw DataFileError(
                file: file.path, reason: expected[name] == nil ? .missing : .deleted(listedIn: source.path))
        }
        guard let want = expected[name] else {
            throw DataFileError(file: file.path, reason: .undeclared(sums: source.path))
        }
        let have = try Digest.sha256(ofFile: file)
        guard have == want else {
            throw DataFileError(file: file.path, reason: .altered(expected: want, actual: have))
        }
        return have
    }

    /// Adds `file` to its folder's SHA256SUMS (creating the sums file), as `sha256sum` writes a
    /// line, so that training can check it. A file already listed with its digest is left as is.
    /// - Returns: whether a line was added.
    /// - Throws: `DataFileError` when the file is missing, the sums file is malformed, or it
    ///   lists the file with another digest (the file changed after it was declared).
    @discardableResult
    public static func declare(_ file: URL) throws -> Bool {
        let folder = file.deletingLastPathComponent()
        let url = folder.appendingPathComponent("SHA256SUMS")
        let digest = try Digest.sha256(ofFile: file)
        let sums = FileManager.default.fileExists(atPath: url.path) ? try Checksums(folder: folder) : nil
        if let listed = sums?.expected[file.lastPathComponent] {
            guard listed == digest else {
                throw DataFileError(file: file.path, reason: .altered(expected: listed, actual: digest))
            }
            return false
        }
        var text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += "\(digest)  \(file.lastPathComponent)\n"
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            try ensureUnionMerge(in: folder)
        } catch {
            throw DataFileError(file: url.path, reason: .malformed("cannot be written: \(error.localizedDescription)"))
        }
        return true
    }

    /// What the folder's `.gitattributes` says about its sums file: git merges two branches'
    /// additions to it by keeping both sides' lines, instead of a conflict every time two
    /// branches each add a data file (both append at the end).
    static let unionMergeLine = "SHA256SUMS merge=union"

    /// Whether the `.gitattributes` in `folder` has `unionMergeLine` (`declare` adds it).
    public static func mergesSumsByUnion(in folder: URL) -> Bool {
        let url = folder.appendingPathComponent(".gitattributes")
        let text = FileManager.default.contents(atPath: url.path).flatMap { TextFile.decode($0) } ?? ""
        return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == unionMergeLine }
    }

    /// Adds `unionMergeLine` to `.gitattributes` in `folder` when it lacks it, leaving the rest.
    /// - Throws: a file-system error when the file cannot be written.
    static func ensureUnionMerge(in folder: URL) throws {
        guard !mergesSumsByUnion(in: folder) else { return }
        let url = folder.appendingPathComponent(".gitattributes")
        let text = FileManager.default.contents(atPath: url.path).flatMap { TextFile.decode($0) } ?? ""
        let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
        try Data((text + separator + unionMergeLine + "\n").utf8).write(to: url, options: .atomic)
    }
}
