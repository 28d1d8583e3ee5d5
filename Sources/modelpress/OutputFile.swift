import Foundation

/// The file a command writes its result to (`predict --output`, `explain --output`).
enum OutputFile {
    /// Writes `text` to `path` at once (atomically), making a missing folder as `publish --out`
    /// does.
    /// - Throws: `CommandFailure` naming the file when `path` is a folder (saying what to give
    ///   instead) or cannot be written, and why.
    static func write(_ text: String, to path: String) throws {
        let file = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if path.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) && isFolder.boolValue)
        {
            throw CommandFailure(
                "--output \(path) is a folder; name the result's file, such as \(file.path)/scores.csv")
        }
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            // The nearest part of the path that exists: a file there cannot hold a folder.
            var existing = file.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder), existing.path != "/" {
                existing = existing.deletingLastPathComponent()
            }
            let reason =
                isFolder.boolValue
                ? (error as NSError).localizedFailureReason ?? error.localizedDescription
                : "\(existing.path) is a file, not a folder"
            throw CommandFailure("cannot write the result to \(file.path): \(reason)")
        }
    }
}
