import Foundation
import Testing

/// A later version of an endpoint through `modelpress train`: a schema the endpoint cannot take
/// is refused before anything is written; new categories extend the endpoint.
@Suite struct SchemaEvolutionTests {
    /// The birds data with one more island, so a version trained on it has a new category.
    static func moreIslands() -> String {
        var text = DataCommandsTests.csv()
        for i in 0..<20 { text += "\(100 + i),Anvers,\(40 + Double(i)),female,\(i % 2 == 0 ? "big" : "small")\n" }
        return text
    }

    func pipeline(version: String, data: String, extra: String = "") -> String {
        """
        endpoint = "birds"
        model = "random_forest"
        version = "\(version)"
        algorithm = "random_forest"
        seed = 1
        [hyperparameters]
        trees = 5
        [data]
        training = "research/data/birds/\(data)"
        label = "label"
        positive = "small"
        ignore = ["id"\(extra)]
        """
    }

    @Test func trainRefusesAnIncompatibleSchemaFirstAndNewCategoriesExtendTheEndpoint() throws {
        let folder = try DataCommandsTests().scratch()
        defer { folder.remove() }
        let created = try run(
            Executables.modelpress,
            ["new", "birds", "--data", "research/data/birds/birds.csv", "--label", "label", "--ignore", "id"],
            in: folder.url)
        #expect(created.status == 0, "\(created.errorOutput)")
        let data = folder.url.appendingPathComponent("research/data/birds")
        try Data(Self.moreIslands().utf8).write(to: data.appendingPathComponent("more.csv"))
        try writeChecksums(of: ["birds.csv", "more.csv"], in: data)
        // The first version sets the endpoint's schema; later ones must fit it. Its pipeline
        // replaces the one `new` wrote, so the repository's file describes what is registered.
        let first = folder.url.appendingPathComponent("research/pipelines/birds_random_forest.toml")
        try Data(pipeline(version: "1.0.0", data: "birds.csv").utf8).write(to: first)
        let firstRun = try run(Executables.modelpress, ["train", first.path, "--by", "tester"], in: folder.url)
        #expect(firstRun.status == 0, "\(firstRun.errorOutput)")
        let endpointFile = folder.url.appendingPathComponent("research/registry/endpoints/birds.json")
        let before = try Data(contentsOf: endpointFile)

        let dropped = folder.url.appendingPathComponent("dropped.toml")
        try Data(pipeline(version: "2.0.0", data: "birds.csv", extra: ", \"sex\"").utf8).write(to: dropped)
        let refused = try run(Executables.modelpress, ["train", dropped.path, "--by", "tester"], in: folder.url)
        #expect(refused.status != 0)
        #expect(
            refused.errorOutput.contains(
                "birds/random_forest@2.0.0's schema is incompatible with the schema of endpoint birds: field 'sex' is missing"
            ))
        #expect(!refused.output.contains("trees"), "refused before training")
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("research/artifacts/birds/random_forest/2.0.0").path))
        #expect(try Data(contentsOf: endpointFile) == before)

        let wider = folder.url.appendingPathComponent("wider.toml")
        try Data(pipeline(version: "3.0.0", data: "more.csv").utf8).write(to: wider)
        let trained = try run(Executables.modelpress, ["train", wider.path, "--by", "tester"], in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        #expect(
            trained.output.contains("[birds/random_forest@3.0.0] extended the schema of birds: island gains 'Anvers'"))
        let endpoint = try String(contentsOf: endpointFile, encoding: .utf8)
        #expect(endpoint.contains("\"Torgersen\",\n          \"Anvers\""))
        let serving = try String(
            contentsOf: folder.url.appendingPathComponent("research/registry/serving.json"), encoding: .utf8)
        #expect(serving.contains("\"Torgersen\",\"Anvers\""))
        let checked = try run(Executables.modelpress, ["registry", "check"], in: folder.url)
        #expect(checked.status == 0, "\(checked.output)\(checked.errorOutput)")
    }
}
