import Foundation
import Testing

/// `modelpress import` into endpoints that `modelpress new` made from the penguin data: what it
/// prints about an ONNX pipeline over one categorical column, what the cards say the imported
/// importances are, and the advice when a model reads a field as the other kind than an endpoint
/// fixed (trial22 #4, #5, #9, #11).
@Suite struct ImportEndpointCLITests {
    static let fixtures = ImportCLITests.fixtures

    /// A repository with the penguin data and the committed registry (`ImportCLITests`), the
    /// fixture files `copies` under research/imports/, and `pipelines` (file name: text) there.
    func repository(copies: [String], pipelines: [String: String]) throws -> TemporaryFolder {
        let folder = try ImportCLITests().repository("lightgbm-multiclass")
        let imports = folder.url.appendingPathComponent("research/imports")
        for name in copies {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(name), to: imports.appendingPathComponent(name))
        }
        for (name, text) in pipelines {
            try text.write(to: imports.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func pipeline(endpoint: String, model: String, data: String) -> String {
        """
        endpoint = "\(endpoint)"
        model = "\(model)"
        version = "1.0.0"
        trained_on = "split"
        [data]
        training = "research/data/penguins/penguins.csv"
        \(data)
        """
    }

    func modelpress(_ arguments: [String], in folder: TemporaryFolder) throws -> ProcessResult {
        try run(Executables.modelpress, arguments + ["--by", "t"], in: folder.url)
    }

    /// skl2onnx's pipeline one-hot encoding `island` alone (a Gather picks its column) imports,
    /// with a note that scikit-learn routes missing values otherwise; an XGBoost model imports
    /// beside it; the cards say what each version's own importances are.
    @Test func anONNXPipelineOverOneColumnImportsAndTheCardsNameTheImportances() throws {
        let data = "label = \"species\"\ntask = \"multiclass\"\nignore = [\"year\", \"sex\"]"
        let folder = try repository(
            copies: ["onnx-pipeline-onehot-one.onnx", "xgboost-multiclass.json"],
            pipelines: [
                "onnx.toml": Self.pipeline(endpoint: "islands", model: "onnx_rf", data: data),
                "xgboost.toml": Self.pipeline(endpoint: "islands", model: "xgboost", data: data),
            ])
        defer { folder.remove() }
        let made = try run(
            Executables.modelpress,
            [
                "new", "islands", "--data", "research/data/penguins/penguins.csv", "--label", "species", "--ignore",
                "year", "sex", "--by", "t",
            ], in: folder.url)
        try #require(made.status == 0, "\(made.errorOutput)")
        let onnx = try modelpress(
            ["import", "research/imports/onnx-pipeline-onehot-one.onnx", "--pipeline", "research/imports/onnx.toml"],
            in: folder)
        try #require(onnx.status == 0, "\(onnx.output)\(onnx.errorOutput)")
        #expect(onnx.output.contains("[islands/onnx_rf@1.0.0] input 'island' = field 'island'"), "\(onnx.output)")
        #expect(
            onnx.output.contains(
                "[islands/onnx_rf@1.0.0] note: the model file records no way for missing values (no split sets "
                    + "nodes_missing_value_tracks_true), and the declared data may miss "),
            "\(onnx.output)")
        #expect(onnx.output.contains("scikit-learn's own predict can differ from these predictions"))
        let xgboost = try modelpress(
            ["import", "research/imports/xgboost-multiclass.json", "--pipeline", "research/imports/xgboost.toml"],
            in: folder)
        try #require(xgboost.status == 0, "\(xgboost.output)\(xgboost.errorOutput)")
        #expect(!xgboost.output.contains("records no way for missing values"))

        let source = { (model: String) throws -> [String: Any] in
            let record = try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: folder.url.appendingPathComponent(
                        "research/artifacts/islands/\(model)/1.0.0/training.json")))
            return try #require((record as? [String: Any])?["source"] as? [String: Any])
        }
        #expect(try source("onnx_rf")["importance"] as? String == "splits")
        #expect(try source("xgboost")["importance"] as? String == "gain")

        let site = folder.url.appendingPathComponent("site")
        let published = try run(Executables.modelpress, ["publish", "--site", site.path], in: folder.url)
        try #require(published.status == 0, "\(published.errorOutput)")
        func card(_ model: String) throws -> String {
            try String(
                contentsOf: site.appendingPathComponent("public/endpoints/islands/\(model)/1.0.0/index.html"),
                encoding: .utf8)
        }
        let onnxCard = try card("onnx_rf")
        #expect(onnxCard.contains("<th scope=\"col\">Share of splits</th>"), "\(onnxCard)")
        #expect(onnxCard.contains("<caption>Counted from the model file&#39;s trees: the fraction of their splits"))
        #expect(!onnxCard.contains("As reported by the model") && !onnxCard.contains("Share of total gain"))
        let xgboostCard = try card("xgboost")
        #expect(xgboostCard.contains("<th scope=\"col\">Share of total gain</th>"))
        #expect(xgboostCard.contains("its get_score(importance_type=&quot;total_gain&quot;)"), "\(xgboostCard)")
    }

    /// An endpoint whose version fixed `flipper_length_mm` as categorical, and an XGBoost model
    /// that reads it as a number: the import says at once that the model needs another endpoint
    /// and gives the command; following it, the model imports (trial22 #9).
    @Test func aModelReadingAFieldAsTheOtherKindIsSentToANewEndpoint() throws {
        let data = "label = \"species\"\ntask = \"multiclass\"\nignore = [\"year\"]"
        let folder = try repository(
            copies: ["xgboost-multiclass.json"],
            pipelines: [
                "xgboost.toml": Self.pipeline(
                    endpoint: "flippers", model: "xgboost",
                    data: data + "\n[data.columns]\nflipper_length_mm = \"categorical\"")
            ])
        defer { folder.remove() }
        let made = try run(
            Executables.modelpress,
            [
                "new", "flippers", "--data", "research/data/penguins/penguins.csv", "--label", "species", "--ignore",
                "year", "--column", "flipper_length_mm=categorical", "--by", "t",
            ], in: folder.url)
        try #require(made.status == 0, "\(made.errorOutput)")
        let trained = try modelpress(
            ["train", "research/pipelines/flippers_random_forest.toml", "--threads", "1"], in: folder)
        try #require(trained.status == 0, "\(trained.errorOutput)")

        let refused = try modelpress(
            ["import", "research/imports/xgboost-multiclass.json", "--pipeline", "research/imports/xgboost.toml"],
            in: folder)
        #expect(refused.status == 1)
        let command =
            "modelpress new flippers_xgboost --data research/data/penguins/penguins.csv --label species --task "
            + "multiclass --ignore year --column flipper_length_mm=numeric"
        #expect(
            refused.errorOutput.contains(
                "error: research/imports/xgboost-multiclass.json: the model cannot be a version of endpoint flippers: "
                    + "the model takes 'flipper_length_mm' as a number, and the endpoint has 'flipper_length_mm' "
                    + "categorical, as its first version fixed it"),
            "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("`\(command)`"), "\(refused.errorOutput)")
        #expect(
            refused.errorOutput.contains(
                "then in research/imports/xgboost.toml set endpoint = \"flippers_xgboost\" and, under "
                    + "[data.columns], flipper_length_mm = \"numeric\", and import again"))

        // Doing what it says imports the model.
        let followed = try run(
            Executables.modelpress, command.split(separator: " ").dropFirst().map(String.init) + ["--by", "t"],
            in: folder.url)
        try #require(followed.status == 0, "\(followed.errorOutput)")
        let pipeline = folder.url.appendingPathComponent("research/imports/xgboost.toml")
        try String(contentsOf: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "endpoint = \"flippers\"", with: "endpoint = \"flippers_xgboost\"")
            .replacingOccurrences(of: "= \"categorical\"", with: "= \"numeric\"")
            .write(to: pipeline, atomically: true, encoding: .utf8)
        let imported = try modelpress(
            ["import", "research/imports/xgboost-multiclass.json", "--pipeline", "research/imports/xgboost.toml"],
            in: folder)
        #expect(imported.status == 0, "\(imported.output)\(imported.errorOutput)")
        #expect(imported.output.contains("[flippers_xgboost/xgboost@1.0.0] registered in testing"))
    }
}
