import Basics
import Foundation
import Scoring

/// The file a command reads rows from (`predict --input`, `explain --input`): a path, or `-`
/// for standard input. Read to its end rather than by the size `stat` gives, so that a pipe
/// (`-`, or a shell's `<(…)`) reads as a file does.
enum InputFile {
    /// The whole file.
    /// - Throws: `CommandFailure` naming the file and why it cannot be read (no such file, a
    ///   folder, permission denied).
    static func read(_ path: String) throws -> [UInt8] {
        if let bytes = path == "-" ? FileBytes.read(descriptor: STDIN_FILENO) : FileBytes.read(path) { return bytes }
        let full = path == "-" ? "standard input" : URL(fileURLWithPath: path).path
        throw CommandFailure("cannot read the input file \(full): \(FileProblem.reason(reading: full))")
    }
}
