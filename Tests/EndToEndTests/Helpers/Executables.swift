import Foundation

/// Where the package's executables and the repository are, for tests that run them for real.
enum Executables {
    /// The repository root, found from this file's place in it.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder holding the built products: `MODELPRESS_BUILD_DIR`, else the folder of the
    /// running test bundle (SwiftPM builds executables beside it).
    static let buildFolder: URL = {
        if let explicit = ProcessInfo.processInfo.environment["MODELPRESS_BUILD_DIR"] {
            return URL(fileURLWithPath: explicit)
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("PredictCGI").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }()

    static var modelpress: URL { buildFolder.appendingPathComponent("modelpress") }
    static var predictCGI: URL { buildFolder.appendingPathComponent("PredictCGI") }
    static var predictCGIJobs: URL { buildFolder.appendingPathComponent("PredictCGI-jobs") }
    /// predict.cgi's PostgreSQL build.
    static var predictCGIPostgreSQL: URL { buildFolder.appendingPathComponent("PredictCGI-postgresql") }
    /// predict.cgi-jobs' PostgreSQL build.
    static var predictCGIPostgreSQLJobs: URL { buildFolder.appendingPathComponent("PredictCGI-postgresql-jobs") }
}

/// What a finished process wrote and how it ended.
struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: Data

    var output: String { String(decoding: stdout, as: UTF8.self) }
    var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` to completion with exactly `environment` and `input` on standard input.
func run(
    _ executable: URL, _ arguments: [String] = [], environment: [String: String]? = nil, input: Data = Data(),
    in folder: URL? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let folder { process.currentDirectoryURL = folder }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Read stderr on another thread while stdout is read here, so neither pipe fills up and blocks.
    final class Collected: @unchecked Sendable { var data = Data() }
    let errorData = Collected()
    let done = DispatchSemaphore(value: 0)
    let errorHandle = stderr.fileHandleForReading
    DispatchQueue.global().async {
        errorData.data = errorHandle.readDataToEndOfFile()
        done.signal()
    }
    // A child that exits before reading all of its input closes the pipe: writing then fails
    // with EPIPE, and the child's status and output say what happened. Without ignoring SIGPIPE
    // the write would kill the whole test process instead (it did, under load).
    signal(SIGPIPE, SIG_IGN)
    try? stdin.fileHandleForWriting.write(contentsOf: input)
    try? stdin.fileHandleForWriting.close()
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: outputData, stderr: errorData.data)
}

/// A scratch folder removed when the test is done with it.
struct TemporaryFolder {
    let url: URL

    init(_ prefix: String = "modelpress-e2e") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A folder holding copies of the repository's `research/…` folders named by `parts`
    /// (`data/penguins`, `registry`), a repository to run commands in.
    static func repository(_ prefix: String, copying parts: [String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix)
        let research = folder.url.appendingPathComponent("research")
        try FileManager.default.createDirectory(
            at: research.appendingPathComponent("data"), withIntermediateDirectories: true)
        for part in parts {
            try FileManager.default.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent("research/\(part)"),
                to: research.appendingPathComponent(part))
        }
        return folder
    }
}

/// Writes `folder`/SHA256SUMS listing `files` (names in `folder`), as `sha256sum` prints them.
func writeChecksums(of files: [String], in folder: URL) throws {
    let sums = try run(URL(fileURLWithPath: "/usr/bin/sha256sum"), files, in: folder)
    try Data(sums.output.utf8).write(to: folder.appendingPathComponent("SHA256SUMS"))
}
