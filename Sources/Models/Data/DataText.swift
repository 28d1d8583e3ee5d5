import Basics
import Foundation
import Scoring

/// The text of data files as modelpress reads them (`TextFile.decode`: a leading byte order
/// mark dropped, CRLF and a lone CR ended as LF), to tell whether two files with different
/// SHA-256s hold the same rows and cells: a test file re-saved on Windows does (trial21 #9), so
/// metrics measured on the two are comparable. Nothing is recorded: the files are read when
/// asked, and a file speaks for a version only while it still has the SHA-256 the version
/// recorded (a missing or changed file says nothing, and the bytes' SHA-256 decide alone).
/// Each SHA-256 is read at most once.
public final class DataText {
    /// The repository root the recorded paths are relative to.
    public let root: URL
    /// By the bytes' SHA-256: the decoded text's SHA-256.
    private var digests: [String: String] = [:]
    /// The paths (with the SHA-256 asked for) that did not give it.
    private var failed: Set<[String]> = []

    public init(root: URL) { self.root = root }

    /// The SHA-256 (64 lower-case hex digits) of the decoded text of the file at `path`
    /// (relative to `root`) whose bytes had `sha256`; nil when the file is missing, no longer
    /// has those bytes, or is not UTF-8.
    /// - Complexity: O(file size) the first time; O(1) after.
    public func textSHA256(path: String, sha256: String) -> String? {
        if let known = digests[sha256] { return known }
        guard !failed.contains([path, sha256]), let bytes = FileBytes.read(root.appendingPathComponent(path).path),
            Digest.sha256(bytes) == sha256, let text = TextFile.decode(bytes)
        else {
            failed.insert([path, sha256])
            return nil
        }
        let digest = Digest.sha256(Array(text.utf8))
        digests[sha256] = digest
        return digest
    }

    /// What names a file's content for comparing rows: `text:` and the decoded text's SHA-256
    /// once read (`textSHA256`), else the bytes' SHA-256.
    public func identity(path: String, sha256: String) -> String {
        textSHA256(path: path, sha256: sha256).map { "text:" + $0 } ?? sha256
    }

    /// Whether two files hold the same rows and cells: the same bytes, or text equal once decoded.
    public func same(_ a: TrainingRecord.DataFile, _ b: TrainingRecord.DataFile) -> Bool {
        a.sha256 == b.sha256 || identity(path: a.path, sha256: a.sha256) == identity(path: b.path, sha256: b.sha256)
    }
}
