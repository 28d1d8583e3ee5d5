import Foundation
import RegistryTestSupport
import ServingCore
import Testing

/// `modelpress monitor` on a version that splits on one field of three: the others are marked
/// on every row of the table, drifted or not (trial23 #3), and the JSON has `chance_level` on
/// every field, null where none was computed (trial23 #6).
@Suite struct MonitorUnusedFieldTests {
    @Test func aFieldNoTreeSplitsOnIsMarkedOnEveryRow() throws {
        // `x` alone decides the label, and a stump splits on it alone.
        var text = "x,noise,colour,label\n"
        let colours = ["red", "blue", "green"]
        for i in 0..<200 { text += "\(i % 50),\((i * 37) % 101),\(colours[i % 3]),\(i % 50 < 25 ? "lo" : "hi")\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let created = try run(
            Executables.modelpress,
            ["new", "birds", "--data", DataRefusalTests.file, "--label", "label", "--by", "tester"], in: folder.url)
        #expect(created.status == 0, "\(created.errorOutput)")
        let pipeline = folder.url.appendingPathComponent("research/pipelines/birds_stump.toml")
        try Data(
            (DataCommandsTests.pipeline(endpoint: "birds")
                .replacingOccurrences(of: "model = \"forest\"", with: "model = \"stump\"")
                .replacingOccurrences(of: "random_forest", with: "decision_tree")
                + "\n[hyperparameters]\nmax_depth = 1\n")
                .utf8
        ).write(to: pipeline)
        let trained = try run(Executables.modelpress, ["train", pipeline.path, "--by", "tester"], in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")

        // The rows served, `noise` moved far from training's.
        var rows: [LoggedRequest] = []
        for i in 0..<200 {
            let label = i % 50 < 25 ? "lo" : "hi"
            rows.append(
                LoggedRequest(
                    createdAt: String(format: "2026-11-02T%02d:%02d:00.000Z", i / 60, i % 60), endpoint: "birds",
                    model: "stump", version: "1.0.0", abTestID: nil, abArm: nil, clientID: nil,
                    input: "{\"colour\":\"\(colours[i % 3])\",\"noise\":\(500 + (i * 37) % 101),\"x\":\(i % 50)}",
                    label: label, probability: 1, positiveProbability: label == "lo" ? 1 : 0, latencyMicroseconds: 100,
                    source: "api", tokenSHA256: String(repeating: "0", count: 64)))
        }
        let log = folder.url.appendingPathComponent("requests.sqlite").path
        try RequestLogFile.write(rows, to: log)
        let arguments = [
            "monitor", "birds", "--version", "stump@1.0.0", "--requests", log, "--min-requests", "1", "--root",
            folder.url.path,
        ]
        let checked = try run(Executables.modelpress, arguments)
        #expect(checked.status == 0, "\(checked.output)\(checked.errorOutput)")
        let lines = checked.output.split(separator: "\n").map(String.init)
        let noise = try #require(lines.first { $0.hasPrefix("  noise") }, "\(checked.output)")
        #expect(noise.hasPrefix("  noise (unused) ") && noise.hasSuffix("drift (ks), not counted"), "\(noise)")
        // Not drifted, and marked all the same.
        let colour = try #require(lines.first { $0.hasPrefix("  colour") }, "\(checked.output)")
        #expect(colour.hasPrefix("  colour (unused) ") && !colour.contains("drift"), "\(colour)")
        let x = try #require(lines.first { $0.hasPrefix("  x ") }, "\(checked.output)")
        #expect(!x.contains("unused"), "\(x)")
        #expect(
            lines.contains(
                "(unused): no tree of birds/stump@1.0.0 splits on the field, so it cannot change a prediction: its "
                    + "drift is shown, never counted"), "\(checked.output)")
        #expect(checked.output.contains("not counted: noise drifted, but no tree of birds/stump@1.0.0 splits on it"))

        let json = try run(Executables.modelpress, arguments + ["--json"])
        #expect(json.status == 0, "\(json.errorOutput)")
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let window = try #require((report["windows"] as? [[String: Any]])?.first)
        let fields = try #require(window["fields"] as? [[String: Any]])
        let prediction = try #require(window["prediction"] as? [String: Any])
        #expect(fields.map { $0["name"] as? String } == ["x", "noise", "colour"])
        #expect(fields.map { $0["used_by_model"] as? Bool } == [true, false, false])
        // Every field has both keys; p-value tests compute no chance level: null, not absent.
        for field in fields + [prediction] {
            #expect(field.keys.contains("chance_level") && field["chance_level"] is NSNull, "\(field)")
            #expect(field.keys.contains("psi") && field["psi_chance_level"] is NSNull, "\(field)")
        }
        #expect(window["drifted_unused"] as? [String] == ["noise"])
    }
}
