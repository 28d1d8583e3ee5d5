import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

/// Many `modelpress` processes writing the same registry at once: no event is lost or
/// interleaved, ticks run 1…N in the log's order, and the rules still hold.
@Suite struct ParallelWriteTests {
    /// The package root, from this file's place in it.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debug `modelpress` beside the test bundle (`swift build` puts it there).
    static var binary: URL? {
        var candidates = [packageRoot.appendingPathComponent(".build/debug/modelpress")]
        if let bundle = CommandLine.arguments.first {
            candidates.insert(
                URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("modelpress"), at: 0)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Run {
        var status: Int32
        var stderr: String
    }

    /// Starts every command at once, then waits for all of them.
    func runAll(_ commands: [[String]]) throws -> [Run] {
        let binary = try #require(Self.binary, "build the CLI first: swift build --product modelpress")
        var running: [(Process, Pipe)] = []
        for arguments in commands {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            running.append((process, errors))
        }
        return running.map { process, errors in
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
        }
    }

    @Test func parallelRegistrationsAndStatusChangesLoseNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // The processes use the real clock, so the endpoint must not be from the future.
        try Registry(root: scratch.root.path).createEndpoint(Scratch.definition, by: "alice")
        let count = 12
        let ids = (0..<count).map { vid("income_classifier/model_\($0)@1.0.\($0)") }
        for id in ids { try scratch.makeArtifact(id, bytes: "model \(id)") }

        let registrations = try runAll(
            ids.enumerated().map { ["register", $1.description, "--root", scratch.root.path, "--by", "p\($0)"] })
        #expect(registrations.map(\.status) == Array(repeating: 0, count: count), "\(registrations.map(\.stderr))")
        let changes = try runAll(
            ids.enumerated().map {
                [
                    "status", $1.description, "staging", "--root", scratch.root.path, "--by", "q\($0)", "--note",
                    "n\($0)",
                ]
            })
        #expect(changes.map(\.status) == Array(repeating: 0, count: count), "\(changes.map(\.stderr))")

        let lines = try scratch.eventLines()
        let events = try lines.map { try JSONDecoder().decode(RegistryEvent.self, from: Data($0.utf8)) }
        let ticks: [Int] = events.map(\.tick)
        #expect(ticks == Array(1...(1 + 2 * count)))
        #expect(Set(events.compactMap(\.version)) == Set(ids))
        #expect(Set(events.map(\.by)).count == 1 + 2 * count)
        #expect(scratch.registry.check().map(\.description) == [])
        let state = try scratch.registry.load()
        #expect(ids.allSatisfy { state.versions[$0]?.status == .staging })
    }

    @Test func parallelPromotionsLeaveOneProduction() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let registry = Registry(root: scratch.root.path)
        try registry.createEndpoint(Scratch.definition, by: "alice")
        let count = 8
        let ids = (0..<count).map { vid("income_classifier/model_\($0)@1") }
        for id in ids {
            try scratch.makeArtifact(id, bytes: "model \(id)")
            _ = try registry.register(id, by: "bob")
        }
        let runs = try runAll(
            ids.map { ["status", $0.description, "production", "--root", scratch.root.path, "--by", "c"] })
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        let state = try registry.load()
        #expect(state.versions.values.filter { $0.status == .production }.count == 1)
        #expect(state.versions.values.filter { $0.status == .archived }.count == count - 1)
        #expect(state.lastSeq == 1 + count + count + (count - 1))
        #expect(registry.check().isEmpty)
    }

    @Test func checkCommandPrintsProblemsAndFails() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        try scratch.writeEvents([CheckTests.created, "{oops"])
        let binary = try #require(Self.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["registry", "check", "--registry", scratch.registryFolder.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(
            text
                == "\(scratch.registryFolder.path)/events/line-2.json:1: bad JSON: column 2: expected a key in quotes\n"
        )
    }
}
