import Foundation
import Testing

/// An imported LightGBM model's whole life with the real CLI, predict.cgi under lighttpd and
/// the real request log: imported and registered, promoted, served with LightGBM's own
/// probabilities, A/B tested against a native version with feedback until stopped, and
/// published with a card that says where it came from.
@Suite(.serialized) struct ImportedModelServingTests {
    static let version = "penguin_species/lightgbm@0.0.1"

    @discardableResult
    func modelpress(_ arguments: [String], in root: URL, expect status: Int32 = 0) throws -> ProcessResult {
        let result = try run(Executables.modelpress, arguments, in: root)
        try #require(
            result.status == status,
            "modelpress \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)\(result.errorOutput)"
        )
        return result
    }

    @Test func importedPromotedServedABTestedAndPublished() throws {
        // ImportCLITests' repository (penguin data, the registry, the LightGBM fixture and its
        // pipeline), with the artifacts, cards and site that serving and publishing read.
        let folder = try ImportCLITests().repository("lightgbm-multiclass")
        defer { folder.remove() }
        let root = folder.url
        for path in ["research/artifacts", "research/cards", "site"] {
            try FileManager.default.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent(path), to: root.appendingPathComponent(path))
        }
        try? FileManager.default.removeItem(at: root.appendingPathComponent("site/public"))

        try modelpress(
            ["import", "research/imports/species.txt", "--pipeline", "research/imports/species.toml", "--by", "e2e"],
            in: root)
        try modelpress(["status", Self.version, "production", "--by", "e2e", "--note", "imported"], in: root)
        let listing = try modelpress(["ls", "penguin_species"], in: root).output
        #expect(listing.contains("lightgbm@0.0.1           production"), "\(listing)")
        #expect(listing.contains("random_forest@1.0.0      archived"), "\(listing)")

        // LightGBM's probabilities of the fixture's first rows, as the library computed them.
        let fixture = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: ImportCLITests.fixtures.appendingPathComponent("lightgbm-multiclass.expected.json")))
                as? [String: Any])
        let fields = try #require(fixture["fields"] as? [String])
        let rows = try #require(fixture["rows"] as? [[String]])
        let scores = try #require(fixture["scores"] as? [[Double]])
        let labels = try #require(fixture["labels"] as? [String])
        let classes = ["Adelie", "Chinstrap", "Gentoo"]

        try modelpress(["publish", "--site", root.appendingPathComponent("site").path], in: root)
        try LighttpdServer.with(
            site: root.appendingPathComponent("site/public"), cgi: Executables.predictCGI,
            state: folder.url.appendingPathComponent("state"), deployment: root
        ) { server in
            for r in [0, 1, 150, 300] {
                // Missing cells (LightGBM's NaN) are left out of the body, as a client would.
                var input: [String: String] = [:]
                for (name, cell) in zip(fields, rows[r]) where !cell.isEmpty { input[name] = cell }
                let body = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
                let answer = try server.post("/cgi-bin/predict.cgi/penguin_species/predict", body: body)
                try #require(answer.status == 200, "\(answer.body)")
                let json = try parseJSON(answer.body)
                #expect((json["model"] as? [String: Any])?["name"] as? String == "lightgbm")
                #expect(json["label"] as? String == labels[r], "row \(r)")
                let probabilities = try #require(json["probabilities"] as? [String: Double])
                for (c, name) in classes.enumerated() {
                    #expect(abs((probabilities[name] ?? .nan) - scores[r][c]) <= 1e-6, "row \(r): \(name)")
                }
            }

            // A/B: the imported version against the native gradient boosting, on the 69 rows the split holds out.
            let started = try modelpress(
                [
                    "ab", "start", "penguin_species", "--a", "lightgbm@0.0.1", "--b", "gradient_boosting@1.0.0",
                    "--split", "50", "--title", "imported vs native", "--by", "e2e",
                ], in: root)
            let id = try #require(
                started.output.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }, "\(started.output)")
            let simulated = try modelpress(
                ["ab", "simulate", "\(id)", "--rows", "69", "--url", server.baseURL + "/cgi-bin/predict.cgi"],
                in: root)
            #expect(simulated.output.hasPrefix("simulated 69 predictions with feedback through A/B test \(id)"))
            let stop = try parseJSON(try modelpress(["ab", "stop", "\(id)", "--by", "e2e", "--json"], in: root).output)
            let arms = try #require((stop["summary"] as? [String: Any])?["arms"] as? [[String: Any]])
            #expect(arms.count == 2)
            #expect(arms.map { $0["with_feedback"] as? Int ?? 0 }.reduce(0, +) == 69)
            #expect(arms.allSatisfy { ($0["with_feedback"] as? Int ?? 0) > 0 })
            try modelpress(["registry", "check"], in: root)

            // The published card says where the model came from, and links the A/B report.
            try modelpress(["publish", "--site", root.appendingPathComponent("site").path], in: root)
            let card = try server.get("/endpoints/penguin_species/lightgbm/0.0.1/")
            #expect(card.status == 200)
            #expect(
                card.body.contains(
                    "LightGBM (library version not recorded; model format v4) model (lightgbm) "
                        + "<code>research/imports/species.txt</code>"), "\(card.body)")
            // It reads as a conversion, not a training run: no hyper-parameters or seed of its own.
            #expect(card.body.contains("<dt>Algorithm</dt><dd>imported LightGBM model</dd>"), "\(card.body)")
            #expect(card.body.contains("<dt>Converted</dt>") && !card.body.contains("<dt>Trained</dt>"))
            #expect(!card.body.contains("<dt>Hyper-parameters</dt>") && !card.body.contains("<dt>Seed</dt>"))
            #expect(card.body.contains("imported format=lightgbm importer=modelpress-import/1 split-seed="))
            #expect(card.body.contains("Converting the source file again gives the same artifact"))
            #expect(card.body.contains("href=\"/ab-tests/penguin_species/\(id)/\""))
            #expect(try server.get("/ab-tests/penguin_species/\(id)/").status == 200)
        }
    }
}
