import Basics
import Foundation

extension Registry {
    /// The registry's files git must not track: derived or per-machine.
    static let ignoredPatterns = [
        RepositoryLayout.RegistryFile.lock.rawValue, ".*.tmp", RepositoryLayout.RegistryFile.servingSnapshot.rawValue,
    ]

    /// Makes sure the registry's `.gitignore` lists serving.json, the lock and the temporary
    /// files of atomic writes, adding the lines it lacks (a registry created before serving.json
    /// was derived, or a new one), and leaving everything else in it as it is.
    /// - Returns: the patterns added; empty when the file already had them.
    /// - Throws: `RegistryError` (`.writeFailed`) when the file cannot be written.
    @discardableResult
    public func ensureGitIgnore() throws(RegistryError) -> [String] {
        let url = folder.appendingPathComponent(".gitignore")
        let text = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let present = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = Self.ignoredPatterns.filter { !present.contains($0) }
        guard !missing.isEmpty else { return [] }
        let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
        let updated = text + separator + missing.map { $0 + "\n" }.joined()
        try AtomicFile.write(Data(updated.utf8), to: url)
        return missing
    }
}
