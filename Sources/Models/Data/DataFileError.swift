import Basics

/// A data file that cannot be used, with the place and the reason.
public struct DataFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file does not exist (`DataFileError.unreadable(_:)` tells it from the next).
        case missing
        /// The file exists but cannot be read: why, in a few words (`FileProblem.reason`: a
        /// folder, not a file; permission denied; the system's words for another failure).
        case unreadable(String)
        /// The file does not exist, though `listedIn` (its folder's SHA256SUMS, or a version's
        /// training.json) names it: it was committed once and removed since (trial24 #9).
        case deleted(listedIn: String)
        /// The file's SHA-256 differs from the one its folder declares.
        case altered(expected: String, actual: String)
        /// The folder's sums file does not list this file.
        case undeclared(sums: String)
        /// A line does not have the expected form.
        case malformed(String)
        /// The file's size or modification time changed while it was being read: another
        /// program wrote it meanwhile, so what was read may be part old, part new.
        case changedWhileRead
    }

    public var file: String
    public var line: Int?
    /// The column (1-based) of a CSV file, where one is to blame.
    public var column: Int?
    public var field: String?
    public var reason: Reason

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ", column \(column)" }
        if let field { place += " (field \(CategoryName.cited(field)))" }
        switch reason {
        case .missing:
            return "\(place): no such file; check the path (a pipeline's paths are "
                + "relative to the repository root)"
        case .unreadable(let problem):
            guard file != DataTable.standardInputName else {
                return "\(place): \(problem); give standard input a file or a pipe (`< data.csv`, `cat data.csv |`)"
            }
            return "\(place): \(problem); "
                + (problem == FileProblem.folder
                    ? "name a CSV file (`ls \(file)` lists what the folder holds)"
                    : "check that it is a file modelpress may read (`ls -l \(file)`)")
        case .deleted(let listedIn):
            return "\(place): no such file, though \(listedIn) lists it: it was deleted or moved (by `git rm`?); "
                + "`git log --oneline -- \(file)` shows the commits that touched it, the newest first (the one that "
                + "removed it), and `git checkout COMMIT~1 -- \(file)` brings it back from just before that commit; "
                + "registered versions need it to be evaluated and verified"
        case .altered(let expected, let actual):
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
            let suffix = name.dropFirst(stem.count)
            return "\(place): file was altered: SHA-256 is \(actual), expected \(expected); if the change is a "
                + "mistake, restore the file (`git checkout -- \(name)` in its folder); to train on new data, save "
                + "it as a new file (such as \(stem)-2\(suffix)), add it to SHA256SUMS (`sha256sum \(stem)-2\(suffix) "
                + ">> SHA256SUMS`) and point a new pipeline version at it: registered versions need the old bytes "
                + "to be evaluated and verified"
        case .undeclared(let sums):
            return "\(place): file is not listed in \(sums), so it cannot be checked; "
                + "add its line there with `sha256sum NAME >> SHA256SUMS` in that folder"
        case .malformed(let message):
            return "\(place): \(message)"
        case .changedWhileRead:
            return "\(place): the file changed while it was being read (another program writing it?), so what was "
                + "read may be part old, part new; run again once the file is written"
        }
    }
}

extension DataFileError {
    /// The error for the data file at `path` that could not be opened or read: `.missing` when
    /// there is no such file, else `.unreadable` with why (`FileProblem.reason(reading:)`), so
    /// that a folder or a permission problem is not called a mistyped path (trial36 #3).
    public static func unreadable(_ path: String) -> DataFileError {
        let problem = FileProblem.reason(reading: path)
        return DataFileError(file: path, reason: problem == FileProblem.noSuchFile ? .missing : .unreadable(problem))
    }
}
