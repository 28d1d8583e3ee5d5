import Foundation
import Testing

/// Trial29 #11: a later version's training file with the endpoint's columns in another order (a
/// new month's export) is read in the endpoint's order, said so, registered, scored by name and
/// reproduced by `verify`; a file whose columns differ in more than order is still refused.
@Suite(.serialized) struct ColumnOrderTests {
    @Test func aLaterFileWithTheColumnsInAnotherOrderIsReadInTheEndpointsOrder() throws {
        let folder = try TemporaryFolder("modelpress-column-order")
        defer { folder.remove() }
        let root = folder.url
        let data = root.appendingPathComponent("research/data/shapes")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let text = TaskServingTests.shapesCSV()
        try Data(text.utf8).write(to: data.appendingPathComponent("shapes.csv"))
        func modelpress(_ arguments: [String], status: Int32 = 0) throws -> (output: String, errors: String) {
            let result = try run(Executables.modelpress, arguments, in: root)
            try #require(
                result.status == status, "modelpress \(arguments.joined(separator: " ")): \(result.errorOutput)")
            return (result.output, result.errorOutput)
        }
        _ = try modelpress(
            ["new", "shapes", "--data", "research/data/shapes/shapes.csv", "--label", "shape", "--by", "tester"])
        let pipeline = "research/pipelines/shapes_random_forest.toml"
        _ = try modelpress(["train", pipeline, "--by", "tester", "--threads", "1"])

        // The same rows, columns shape, color, y, x; and a file with one column more.
        func write(_ name: String, columns: [Int]) throws {
            let lines = text.split(separator: "\n").map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return columns.map { $0 < cells.count ? String(cells[$0]) : "extra" }.joined(separator: ",")
            }
            let file = data.appendingPathComponent(name)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            let sums = data.appendingPathComponent("SHA256SUMS")
            let listed = try String(contentsOf: sums, encoding: .utf8)
            let digest = try #require(ShellHash.sha256(of: file))
            try Data((listed + "\(digest)  \(name)\n").utf8).write(to: sums)
        }
        try write("reordered.csv", columns: [3, 2, 1, 0])
        try write("wider.csv", columns: [3, 2, 1, 0, 9])
        let file = root.appendingPathComponent(pipeline)
        let declared = try String(contentsOf: file, encoding: .utf8)
        func declare(version: String, training: String) throws {
            try Data(
                declared.replacingOccurrences(of: #"version = "1.0.0""#, with: "version = \"\(version)\"")
                    .replacingOccurrences(of: "shapes/shapes.csv", with: "shapes/\(training)").utf8
            ).write(to: file)
        }

        try declare(version: "1.1.0", training: "reordered.csv")
        let trained = try modelpress(["train", pipeline, "--by", "tester", "--threads", "1"])
        #expect(
            trained.output.contains(
                "fields: research/data/shapes/reordered.csv has the input columns of endpoint shapes in another order; "
                    + "they are read in the order of endpoint shapes: 'x', 'y', 'color'"),
            "\(trained.output)")
        #expect(trained.output.contains("registered in testing"), "\(trained.output)")
        let record = try String(
            contentsOf: root.appendingPathComponent("research/artifacts/shapes/random_forest/1.1.0/training.json"),
            encoding: .utf8)
        let x = try #require(record.range(of: "\"name\" : \"x\""))
        let color = try #require(record.range(of: "\"name\" : \"color\""))
        #expect(x.lowerBound < color.lowerBound, "the version's fields in the endpoint's order")
        // The same rows in another column order, the same split: the same figures as 1.0.0's.
        let first = try modelpress(["evaluate", "shapes/random_forest@1.0.0", "--permutation-repeats", "0"])
        let second = try modelpress(["evaluate", "shapes/random_forest@1.1.0", "--permutation-repeats", "0"])
        let accuracy = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("  accuracy ") } }
        #expect(accuracy(first.output) != nil && accuracy(first.output) == accuracy(second.output))
        let verified = try modelpress(["verify", "shapes/random_forest@1.1.0"])
        #expect(
            verified.output.contains("shapes/random_forest@1.1.0: reproduced byte for byte"),
            "\(verified.output)\(verified.errors)")

        // Another set of columns is no question of order: refused, naming the new field.
        try declare(version: "1.2.0", training: "wider.csv")
        let wider = try modelpress(["train", pipeline, "--by", "tester", "--threads", "1"], status: 1)
        #expect(wider.errors.contains("field 'extra' is new"), "\(wider.errors)")
    }
}
