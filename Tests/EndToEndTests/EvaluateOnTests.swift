import Foundation
import Testing

/// `modelpress evaluate A --on B` (trial24 #5): after a data update, production is scored on the
/// new version's held-out rows, so the two are compared on the same rows; train's and diff's
/// advice for other files points at it.
@Suite struct EvaluateOnTests {
    /// values.csv's 150 rows and 60 more of a group the first model never saw.
    static func grownCSV() -> String {
        var text = TaskTrainingTests.csv(regression: true)
        for i in 0..<60 {
            let x = Double(i % 30) / 3
            text += "\(x),d,\(Double((i * 31) % 97)),\(10 * x + 20)\n"
        }
        return text
    }

    /// Writes a pipeline for `model` trained on `data` (a file in research/data/toy).
    static func pipeline(_ model: String, data: String, from first: String, in pipelines: URL) throws {
        try Data(
            first.replacingOccurrences(of: #"model = "random_forest""#, with: #"model = "\#(model)""#)
                .replacingOccurrences(of: "research/data/toy/values.csv", with: "research/data/toy/\(data)").utf8
        ).write(to: pipelines.appendingPathComponent("toy_\(model).toml"))
    }

    func modelpress(_ arguments: [String], in folder: TemporaryFolder) throws -> ProcessResult {
        try run(Executables.modelpress, arguments, in: folder.url)
    }

    func report(_ path: String, in folder: TemporaryFolder) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.url.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func metric(_ report: [String: Any], _ name: String) -> Double? {
        (((report["regression"] as? [String: Any])?["metrics"] as? [String: Any])?[name] as? [String: Any])?["value"]
            as? Double
    }

    @Test func productionIsScoredOnTheNewVersionsRowsAndCompared() throws {
        let folder = try TemporaryFolder("modelpress-evaluate-on")
        defer { folder.remove() }
        let (pipelines, first) = try TaskTrainingTests.regressionEndpoint(in: folder)
        try TaskTrainingTests.trainAndPromoteTheFirstForest(in: folder)
        let data = folder.url.appendingPathComponent("research/data/toy")
        try Data(Self.grownCSV().utf8).write(to: data.appendingPathComponent("values-2.csv"))
        try writeChecksums(of: ["values.csv", "values-2.csv"], in: data)
        try Self.pipeline("grown", data: "values-2.csv", from: first, in: pipelines)

        // train's advice for another file: score production on the new rows, not train again on the old data.
        let trained = try modelpress(["train", "research/pipelines/toy_grown.toml", "--threads", "1"], in: folder)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        #expect(trained.output.contains("are not comparable: the test metrics were measured on other test files"))
        #expect(
            trained.output.contains(
                "To compare them on the same rows, score production on toy/grown@1.0.0's test rows (after "
                    + "`modelpress evaluate toy/grown@1.0.0`, which the comparison reads): "
                    + "`modelpress evaluate toy/random_forest@1.0.0 --on toy/grown@1.0.0`; to promote toy/grown@1.0.0 "
                    + "anyway"), "\(trained.output)")
        #expect(!trained.output.contains("production's seed"), "\(trained.output)")
        let evaluated = try modelpress(
            ["evaluate", "toy/grown@1.0.0", "--resamples", "0", "--permutation-repeats", "1"], in: folder)
        #expect(evaluated.status == 0, "\(evaluated.errorOutput)")

        // diff says the same.
        let diff = try modelpress(["diff", "toy/random_forest@1.0.0", "toy/grown@1.0.0"], in: folder)
        #expect(
            diff.output.contains(
                "; to compare them on the same rows, score toy/random_forest@1.0.0 on toy/grown@1.0.0's test rows: "
                    + "`modelpress evaluate toy/random_forest@1.0.0 --on toy/grown@1.0.0`"), "\(diff.output)")

        let ownPath = "research/artifacts/toy/random_forest/1.0.0/evaluation.json"
        let own = try Data(contentsOf: folder.url.appendingPathComponent(ownPath))
        let on = try modelpress(
            [
                "evaluate", "toy/random_forest@1.0.0", "--on", "toy/grown@1.0.0", "--resamples", "0",
                "--permutation-repeats", "1", "--out", "on-grown.json",
            ], in: folder)
        #expect(on.status == 0, "\(on.errorOutput)")
        let grownRecord = try report("research/artifacts/toy/grown/1.0.0/training.json", in: folder)
        let split = try #require(grownRecord["split"] as? [String: Any])
        let testRows = try #require(split["test_rows"] as? Int)
        let sha = try #require((grownRecord["training_data"] as? [String: Any])?["sha256"] as? String)
        #expect(
            on.output.contains(
                "rows: the \(testRows) rows held out of research/data/toy/values-2.csv (SHA-256 \(sha)) by "
                    + "toy/grown@1.0.0's split (seed 42, test_fraction"), "\(on.output)")
        let unseen = try #require(on.output.split(separator: "\n").first { $0.hasPrefix("note: group: ") })
        #expect(
            unseen.hasSuffix(
                " of \(testRows) have a category toy/random_forest@1.0.0 never saw ('d'), scored as missing"),
            "\(unseen)")
        #expect(on.output.contains("toy/random_forest@1.0.0 on research/data/toy/values-2.csv"), "\(on.output)")
        #expect(
            on.output.contains("compared with toy/grown@1.0.0's own evaluation.json on the same rows"), "\(on.output)")
        #expect(!on.output.contains("not comparable"), "\(on.output)")
        // Nothing beside either version changed; the report names the new version's rows.
        #expect(try Data(contentsOf: folder.url.appendingPathComponent(ownPath)) == own)
        let written = try report("on-grown.json", in: folder)
        let dataset = try #require(written["dataset"] as? [String: Any])
        #expect(dataset["sha256"] as? String == sha)
        #expect(dataset["rows"] as? Int == testRows)
        let grownReport = try report("research/artifacts/toy/grown/1.0.0/evaluation.json", in: folder)
        // The old model does not know group d (+20 over a): it is worse on these rows than the new one.
        let old = try #require(metric(written, "rmse")), new = try #require(metric(grownReport, "rmse"))
        #expect(old > new, "\(old) vs \(new)")
        let again = try modelpress(["diff", "on-grown.json", "toy/grown@1.0.0"], in: folder)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(!again.output.contains("not comparable") && !again.output.contains("different data"), "\(again.output)")
    }

    /// A model byte-identical to production, scored on production's rows with --on, gives
    /// production's own evaluation.json metrics: --on reads exactly the rows the split held out.
    @Test func theSameModelOnAnotherVersionsRowsGivesItsMetrics() throws {
        let folder = try TemporaryFolder("modelpress-evaluate-on")
        defer { folder.remove() }
        let (pipelines, first) = try TaskTrainingTests.regressionEndpoint(in: folder)
        try TaskTrainingTests.trainAndPromoteTheFirstForest(in: folder)
        try Self.pipeline("copy", data: "values.csv", from: first, in: pipelines)
        let trained = try modelpress(["train", "research/pipelines/toy_copy.toml", "--threads", "1"], in: folder)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        let on = try modelpress(
            [
                "evaluate", "toy/copy@1.0.0", "--on", "toy/random_forest@1.0.0", "--resamples", "0",
                "--permutation-repeats", "1", "--out", "copy-on.json",
            ], in: folder)
        #expect(on.status == 0, "\(on.errorOutput)")
        let own = try report("research/artifacts/toy/random_forest/1.0.0/evaluation.json", in: folder)
        let copy = try report("copy-on.json", in: folder)
        for name in ["mae", "rmse", "r2"] {
            #expect(metric(copy, name) != nil && metric(copy, name) == metric(own, name), "\(name)")
        }
        #expect(!on.output.contains("note: "), "\(on.output)")
    }

    /// Rows that lack a field the version needs, with a label of another kind, are refused with
    /// both reasons; so are --out without --on and --on naming the version itself.
    @Test func rowsTheVersionCannotScoreAreRefused() throws {
        let folder = try TemporaryFolder("modelpress-evaluate-on")
        defer { folder.remove() }
        _ = try TaskTrainingTests.regressionEndpoint(in: folder)
        try TaskTrainingTests.trainAndPromoteTheFirstForest(in: folder)
        let data = folder.url.appendingPathComponent("research/data/classes")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var text = "x,group,y\n"
        for i in 0..<90 { text += "\(i % 30),\(["a", "b"][i % 2]),\(["low", "mid", "high"][i % 3])\n" }
        try Data(text.utf8).write(to: data.appendingPathComponent("classes.csv"))
        try writeChecksums(of: ["classes.csv"], in: data)
        for step in [
            ["new", "classes", "--data", "research/data/classes/classes.csv", "--label", "y", "--by", "t"],
            ["train", "research/pipelines/classes_random_forest.toml", "--threads", "1"],
        ] {
            let ran = try modelpress(step, in: folder)
            #expect(ran.status == 0, "\(step): \(ran.errorOutput)")
        }
        let refused = try modelpress(
            ["evaluate", "toy/random_forest@1.0.0", "--on", "classes/random_forest@1.0.0"], in: folder)
        #expect(refused.status != 0)
        #expect(
            refused.errorOutput.contains(
                "toy/random_forest@1.0.0 cannot be scored on classes/random_forest@1.0.0's test rows: "
                    + "the label kinds differ: classes/random_forest@1.0.0's is multiclass, toy/random_forest@1.0.0's "
                    + "regression; the file lacks the field 'noise' that toy/random_forest@1.0.0 needs"),
            "\(refused.errorOutput)")
        let outAlone = try modelpress(["evaluate", "toy/random_forest@1.0.0", "--out", "x.json"], in: folder)
        #expect(outAlone.status != 0)
        #expect(outAlone.errorOutput.contains("--out is for --on"), "\(outAlone.errorOutput)")
        let itself = try modelpress(
            ["evaluate", "toy/random_forest@1.0.0", "--on", "toy/random_forest@1.0.0"], in: folder)
        #expect(itself.status != 0)
        #expect(itself.errorOutput.contains("--on names toy/random_forest@1.0.0 itself"), "\(itself.errorOutput)")
    }

    /// `--data FILE`: the version scored on every row of a labelled file, read as it reads rows,
    /// with the same predictions `modelpress predict` gives them, set beside its own test rows.
    @Test func aLabelledFileIsScoredOnEveryRowAndSetBesideItsOwnTestRows() throws {
        let folder = try TemporaryFolder("modelpress-evaluate-data")
        defer { folder.remove() }
        _ = try TaskTrainingTests.regressionEndpoint(in: folder)
        try TaskTrainingTests.trainAndPromoteTheFirstForest(in: folder)
        let file = "research/data/toy/values-2.csv"
        try Data(Self.grownCSV().utf8).write(to: folder.url.appendingPathComponent(file))
        let scored = try modelpress(
            [
                "evaluate", "toy/random_forest@1.0.0", "--data", file, "--resamples", "0", "--permutation-repeats", "1",
                "--out", "on-file.json",
            ], in: folder)
        #expect(scored.status == 0, "\(scored.errorOutput)")
        #expect(scored.output.contains("rows: the 210 rows of \(file) (SHA-256 "), "\(scored.output)")
        #expect(
            scored.output.contains(
                "note: group: 60 rows of 210 have a category toy/random_forest@1.0.0 never saw ('d'), scored as missing"
            ), "\(scored.output)")
        #expect(
            scored.output.contains(
                "beside toy/random_forest@1.0.0's own evaluation.json on its test rows (change = file − own):"))
        // Nothing is written beside the version: its evaluation.json is still of its own test rows.
        let own = try report("research/artifacts/toy/random_forest/1.0.0/evaluation.json", in: folder)
        let onFile = try report("on-file.json", in: folder)
        #expect(metric(own, "mae") != metric(onFile, "mae"))

        // A `;` copy of the file has its separator detected, as `predict` detects it (trial29 #12:
        // it was read with the training file's `,` and refused).
        let semicolons = "research/data/toy/values-2-semicolons.csv"
        try Data(Self.grownCSV().replacingOccurrences(of: ",", with: ";").utf8).write(
            to: folder.url.appendingPathComponent(semicolons))
        let fromSemicolons = try modelpress(
            [
                "evaluate", "toy/random_forest@1.0.0", "--data", semicolons, "--resamples", "0",
                "--permutation-repeats",
                "1", "--out", "on-semicolons.json",
            ], in: folder)
        #expect(fromSemicolons.status == 0, "\(fromSemicolons.errorOutput)")
        #expect(metric(try report("on-semicolons.json", in: folder), "mae") == metric(onFile, "mae"))

        // Every row, scored as `predict` scores it: on the training file (no category it never saw,
        // which predict refuses and evaluate scores as missing), the MAE is the mean |y − prediction|
        // of predict's result.
        let whole = "research/data/toy/values.csv"
        let onWhole = try modelpress(
            [
                "evaluate", "toy/random_forest@1.0.0", "--data", whole, "--resamples", "0", "--permutation-repeats",
                "0",
                "--out", "on-whole.json",
            ], in: folder)
        #expect(onWhole.status == 0, "\(onWhole.errorOutput)")
        #expect(onWhole.output.contains("rows: the 150 rows of \(whole) (SHA-256 "), "\(onWhole.output)")
        let predicted = try modelpress(
            ["predict", "toy/random_forest@1.0.0", "--input", whole, "--output", "predicted.csv"], in: folder)
        #expect(predicted.status == 0, "\(predicted.errorOutput)")
        let (header, rows) = csvRows(
            try String(contentsOf: folder.url.appendingPathComponent("predicted.csv"), encoding: .utf8))
        let y = try #require(header.firstIndex(of: "y"))
        let prediction = try #require(header.firstIndex(of: "prediction"))
        let errors = rows.compactMap { row in
            Double(row[y]).flatMap { a in Double(row[prediction]).map { abs(a - $0) } }
        }
        #expect(errors.count == 150)
        let mae = try #require(metric(try report("on-whole.json", in: folder), "mae"))
        #expect(abs(mae - errors.reduce(0, +) / 150) < 1e-6 * max(1, mae), "\(mae)")

        // What cannot be scored is refused, naming the file and what it lacks.
        let unlabelled = "research/data/toy/no-label.csv"
        try Data("x,group,noise\n1,a,3\n".utf8).write(to: folder.url.appendingPathComponent(unlabelled))
        let refused = try modelpress(["evaluate", "toy/random_forest@1.0.0", "--data", unlabelled], in: folder)
        #expect(refused.status != 0)
        #expect(
            refused.errorOutput.contains(unlabelled) && refused.errorOutput.contains("'y'"), "\(refused.errorOutput)")
        let missing = try modelpress(["evaluate", "toy/random_forest@1.0.0", "--data", "nowhere.csv"], in: folder)
        #expect(missing.status != 0 && missing.errorOutput.contains("--data nowhere.csv: no such file"))
        let both = try modelpress(
            ["evaluate", "toy/random_forest@1.0.0", "--data", file, "--on", "toy/random_forest@1.0.0"], in: folder)
        #expect(both.status != 0 && both.errorOutput.contains("--on and --data each name the rows"))

        // trial29 #1, #2: --out never replaces a data file (the --data file itself, also by another
        // path) or a version's own files; an earlier report it wrote may be replaced.
        let dataBytes = try Data(contentsOf: folder.url.appendingPathComponent(file))
        let ownBytes = try Data(
            contentsOf: folder.url.appendingPathComponent("research/artifacts/toy/random_forest/1.0.0/evaluation.json"))
        for out in [
            file, "./research/data/toy/../toy/values-2.csv", whole,
            "research/artifacts/toy/random_forest/1.0.0/evaluation.json",
        ] {
            let replacing = try modelpress(
                ["evaluate", "toy/random_forest@1.0.0", "--data", file, "--resamples", "0", "--out", out], in: folder)
            #expect(replacing.status != 0, "--out \(out) was accepted")
            #expect(replacing.errorOutput.contains("--out \(out) "), "\(replacing.errorOutput)")
        }
        #expect(try Data(contentsOf: folder.url.appendingPathComponent(file)) == dataBytes)
        #expect(
            try Data(
                contentsOf: folder.url.appendingPathComponent(
                    "research/artifacts/toy/random_forest/1.0.0/evaluation.json")) == ownBytes)
        let again = try modelpress(
            [
                "evaluate", "toy/random_forest@1.0.0", "--data", file, "--resamples", "0", "--permutation-repeats", "0",
                "--out", "on-file.json",
            ], in: folder)
        #expect(again.status == 0, "\(again.errorOutput)")
    }
}
