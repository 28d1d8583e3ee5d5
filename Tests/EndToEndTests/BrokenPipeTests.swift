import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A command whose reader has gone (`modelpress new … | head`) finishes its work and fails with
/// `cannot write standard output`, and `new` cut short leaves what it can finish (trial20 #3).
@Suite struct BrokenPipeTests {
    /// Runs modelpress in `folder` with standard output a pipe whose reading end is closed
    /// before it starts, so every write to it fails (EPIPE, or SIGPIPE where not ignored), and
    /// with SIGPIPE's default action restored in the child as a shell gives it. With
    /// `errorsToo`, standard error is that closed pipe as well (`2>&1 | head -1`), and the
    /// returned standard error is empty.
    static func runIntoClosedPipe(
        _ arguments: [String], in folder: URL, errorsToo: Bool = false
    ) throws -> (
        status: Int32, stderr: String
    ) {
        let process = Process()
        // The test process ignores SIGPIPE (`run`), and an ignored signal stays ignored across
        // exec: a small C-free reset is `env --default-signal` (coreutils ≥ 8.31) where it exists.
        let reset = ["--default-signal=PIPE"]
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = reset + [Executables.modelpress.path] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        let errors = Pipe()
        try output.fileHandleForReading.close()
        process.standardOutput = output
        process.standardError = errorsToo ? output : errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.fileHandleForWriting.close()
        try errors.fileHandleForWriting.close()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, errorText)
    }

    @Test func newAndTrainIntoAClosedPipeFinishTheirWork() throws {
        let folder = try DataCommandsTests().scratch()
        defer { folder.remove() }
        let created = try Self.runIntoClosedPipe(
            ["new", "birds", "--data", "research/data/birds/birds.csv", "--label", "label", "--by", "tester"],
            in: folder.url)
        #expect(created.status == 1, "\(created.stderr)")
        #expect(
            created.stderr.contains("error: cannot write standard output: Broken pipe; the output is incomplete"),
            "\(created.stderr)")
        let pipeline = folder.url.appendingPathComponent("research/pipelines/birds_random_forest.toml")
        #expect(FileManager.default.fileExists(atPath: pipeline.path))
        #expect(
            FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("research/cards/birds/random_forest.md").path))
        let listed = try run(Executables.modelpress, ["ls", "birds"], in: folder.url)
        #expect(listed.status == 0 && listed.output.contains("no versions registered"), "\(listed.errorOutput)")

        let trained = try Self.runIntoClosedPipe(["train", pipeline.path, "--by", "tester"], in: folder.url)
        #expect(trained.status == 1, "\(trained.stderr)")
        #expect(trained.stderr.contains("error: cannot write standard output: Broken pipe"), "\(trained.stderr)")
        let after = try run(Executables.modelpress, ["ls", "birds"], in: folder.url)
        #expect(after.output.contains("random_forest@1.0.0  testing"), "\(after.output)")

        // An artifact no run registered (what a train cut short by Ctrl-C leaves) is named
        // when train replaces it.
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        let next = folder.url.appendingPathComponent("research/pipelines/birds_next.toml")
        try Data(text.replacingOccurrences(of: #"version = "1.0.0""#, with: #"version = "1.1.0""#).utf8).write(to: next)
        let unregistered = try run(Executables.modelpress, ["train", next.path, "--no-register"], in: folder.url)
        #expect(unregistered.status == 0, "\(unregistered.errorOutput)")
        let again = try run(Executables.modelpress, ["train", next.path, "--by", "tester"], in: folder.url)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(
            again.output.contains(
                "/research/artifacts/birds/random_forest/1.1.0 holds an artifact no run registered (an earlier train "
                    + "cut short, or --no-register); training again replaces it"),
            "\(again.output)")
        #expect(again.output.contains("[birds/random_forest@1.1.0] registered in testing"), "\(again.output)")
    }

    /// Standard output and standard error into one closed pipe (`publish 2>&1 | head -1`): the
    /// command finishes and exits 1, the `cannot write standard output` it cannot say dropped
    /// (trial25 #2: every command died of SIGILL, exit status 132, writing that message).
    @Test func bothStreamsIntoAClosedPipeExitOne() throws {
        let (folder, _) = try DataCommandsTests().scratchWithEndpoint()
        defer { folder.remove() }
        let pipeline = "research/pipelines/birds_random_forest.toml"
        let trained = try Self.runIntoClosedPipe(
            ["train", pipeline, "--by", "tester"], in: folder.url, errorsToo: true)
        #expect(trained.status == 1)
        let listed = try run(Executables.modelpress, ["ls", "birds"], in: folder.url)
        #expect(listed.output.contains("random_forest@1.0.0  testing"), "\(listed.output)")
        // A failure of the work itself (no such endpoint) whose message cannot be written either.
        for command in [["ls"], ["publish"], ["ls", "nosuch"], ["verify", "birds/random_forest@1.0.0"]] {
            let ran = try Self.runIntoClosedPipe(command, in: folder.url, errorsToo: true)
            #expect(ran.status == 1, "\(command)")
        }
        #expect(
            FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("site/public/index.html").path))
    }

    /// `new` writes its pipeline before the registry's event: a run cut short in between leaves
    /// a pipeline without its endpoint, which the same command finishes; other options, an
    /// edited file or one the user wrote are refused, not overwritten.
    @Test func newFinishesWhatAnInterruptedNewLeft() throws {
        let command = ["new", "birds", "--data", "research/data/birds/birds.csv", "--label", "label", "--by", "tester"]
        let done = try DataCommandsTests().scratch()
        defer { done.remove() }
        #expect(try run(Executables.modelpress, command, in: done.url).status == 0)
        let pipelinePath = "research/pipelines/birds_random_forest.toml"
        let written = try String(contentsOf: done.url.appendingPathComponent(pipelinePath), encoding: .utf8)

        // What an interruption after the pipeline and before the event leaves.
        let left = try DataCommandsTests().scratch()
        defer { left.remove() }
        let pipeline = left.url.appendingPathComponent(pipelinePath)
        try FileManager.default.createDirectory(
            at: pipeline.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((written + "# edited\n").utf8).write(to: pipeline)
        let edited = try run(Executables.modelpress, command, in: left.url)
        #expect(edited.status == 1)
        #expect(
            edited.errorOutput.contains("left by a `new` that was interrupted before it created endpoint birds"),
            "\(edited.errorOutput)")
        try Data(written.utf8).write(to: pipeline)
        let finished = try run(Executables.modelpress, command, in: left.url)
        #expect(finished.status == 0, "\(finished.errorOutput)")
        #expect(finished.output.contains("(again: an earlier `new` was interrupted)"), "\(finished.output)")
        #expect(finished.output.contains("created endpoint birds"), "\(finished.output)")
        let again = try run(Executables.modelpress, command, in: left.url)
        #expect(again.status == 1 && again.errorOutput.contains("endpoint 'birds' already exists"))

        let own = try DataCommandsTests().scratch()
        defer { own.remove() }
        let ownPipeline = own.url.appendingPathComponent(pipelinePath)
        try FileManager.default.createDirectory(
            at: ownPipeline.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("endpoint = \"birds\"\n".utf8).write(to: ownPipeline)
        let refused = try run(Executables.modelpress, command, in: own.url)
        #expect(refused.status == 1 && refused.errorOutput.contains("exists; edit it"), "\(refused.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: own.url.appendingPathComponent("research/registry").path))
    }

    /// `help train` and `train --help` print through the same checked standard output as every
    /// command (trial20 #11: both exited 0 into a full disk).
    @Test func helpIntoAFullDiskFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let full = try #require(WriteFailureTests.fullDevice(in: folder.url))
        for command in [["help", "train"], ["train", "--help"], ["--help"]] {
            let shell = "exec \"$0\" \"$@\" > '\(full)'"
            let ran = try run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", shell, Executables.modelpress.path] + command,
                in: folder.url)
            #expect(ran.status == 1, "\(command): \(ran.errorOutput)")
            #expect(
                ran.errorOutput.contains("error: cannot write standard output: No space left on device"),
                "\(command): \(ran.errorOutput)")
        }
    }
}
