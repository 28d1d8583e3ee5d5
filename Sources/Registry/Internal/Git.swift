import Foundation

/// Runs git for the registry: the actor's name, the commits that added event files, and the
/// log at another revision (`registry check --since`). Git being absent or the folder not a
/// repository is not an error here: the callers fall back (`nil`).
enum Git {
    /// The standard output of `git -C folder <arguments>`, or `nil` when git fails.
    /// - Parameter input: git's standard input (from a temporary file, so that a large input
    ///   and a large output cannot fill both pipes and wait on each other).
    static func run(_ arguments: [String], in folder: URL, input: Data? = nil) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        var inputFile: URL?
        defer { inputFile.map { try? FileManager.default.removeItem(at: $0) } }
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "modelpress-git-\(UUID().uuidString)")
            guard (try? input.write(to: file)) != nil, let handle = try? FileHandle(forReadingFrom: file) else {
                return nil
            }
            inputFile = file
            process.standardInput = handle
        }
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// `run` as trimmed text.
    static func text(_ arguments: [String], in folder: URL) -> String? {
        run(arguments, in: folder).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
