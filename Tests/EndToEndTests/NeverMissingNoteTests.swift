import Foundation
import Testing

/// Trial29 #3: a testing version whose pipeline declares `x` nullable (its training rows never
/// miss it) lets the endpoint take rows missing `x`, which the production version, whose rows
/// never missed it either, then answers. Every answer to such a row says what happened: the
/// JSON answer, a batch job's row, `modelpress predict` and `evaluate --data`; registration
/// says the declaration taught no version anything.
@Suite(.serialized) struct NeverMissingNoteTests {
    static let note =
        "x is missing, and it was never missing in the training data of shapes/random_forest@1.0.0: its trees "
        + "did not learn where a missing value goes, and sent it down each split's default side"

    @Test func aRowMissingAFieldTheAnsweringVersionNeverSawMissingIsAnsweredWithANote() throws {
        let folder = try TemporaryFolder("modelpress-never-missing")
        defer { folder.remove() }
        let root = folder.url
        let data = root.appendingPathComponent("research/data/shapes")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data(TaskServingTests.shapesCSV().utf8).write(to: data.appendingPathComponent("shapes.csv"))
        let pipeline = "research/pipelines/shapes_random_forest.toml"
        func modelpress(_ arguments: [String]) throws -> (output: String, errors: String) {
            let result = try run(Executables.modelpress, arguments, in: root)
            try #require(result.status == 0, "modelpress \(arguments.joined(separator: " ")): \(result.errorOutput)")
            return (result.output, result.errorOutput)
        }
        _ = try modelpress(
            ["new", "shapes", "--data", "research/data/shapes/shapes.csv", "--label", "shape", "--by", "tester"])
        _ = try modelpress(["train", pipeline, "--by", "tester", "--threads", "1"])
        _ = try modelpress(["status", "shapes/random_forest@1.0.0", "production", "--by", "tester"])

        // A testing version declares x nullable: the endpoint now takes rows missing it.
        let file = root.appendingPathComponent(pipeline)
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: #"version = "1.0.0""#, with: #"version = "1.0.1""#)
            .replacingOccurrences(of: "[data]\n", with: "[data]\nnullable = [\"x\"]\n")
        try Data(text.utf8).write(to: file)
        let trained = try modelpress(["train", pipeline, "--by", "tester", "--threads", "1"])
        #expect(
            (trained.output + trained.errors).contains(
                "x may be missing (declared nullable, though the version's training rows never miss it: no "
                    + "version's trees learned where a missing value goes, and answers to rows missing it say so)"),
            "\(trained.errors)")

        try LighttpdServer.with(research: root.appendingPathComponent("research")) { server, _ in
            let missing = try server.post(
                "/cgi-bin/predict.cgi/shapes/predict", body: #"{"x":null,"y":1,"color":"red"}"#)
            #expect(missing.status == 200, "\(missing.body)")
            let answer = try parseJSON(missing.body)
            #expect((answer["model"] as? [String: Any])?["version"] as? String == "1.0.0")
            #expect(answer["notes"] as? [String] == [Self.note], "\(missing.body)")
            let present = try parseJSON(
                try server.post("/cgi-bin/predict.cgi/shapes/predict", body: #"{"x":5,"y":1,"color":"red"}"#).body)
            #expect(present["notes"] == nil)

            let (header, rows) = try TaskServingTests().job(server, "shapes", "x,y,color\n,1,red\n5,1,blue\n")
            let notes = try #require(header.firstIndex(of: "notes"))
            // The CSV's notes cell is quoted (the note has commas): the row's cells past it are split.
            #expect(rows[0][notes...].joined(separator: ",") == "\"\(Self.note)\"", "\(rows)")
            #expect(rows[1][notes] == "")
        }

        let input = root.appendingPathComponent("rows.csv")
        try Data("x,y,color\n,1,red\n5,1,blue\n,2,green\n".utf8).write(to: input)
        let predicted = try modelpress(["predict", "shapes/random_forest@1.0.0", "--input", input.path])
        #expect(
            predicted.errors.contains(
                "note: x: 2 rows miss it, and it was never missing in the training data of shapes/random_forest@1.0.0"),
            "\(predicted.errors)")

        let labelled = root.appendingPathComponent("labelled.csv")
        // 30 rows as the training data makes them, x left out of every tenth.
        let rowsText = (0..<30).map { i in
            let shape = i < 10 ? "circle" : (i < 20 ? "square" : "triangle")
            return "\(i % 10 == 3 ? "" : String(i)),\(i % 5),\(["red", "green", "blue"][i % 3]),\(shape),b\(i % 2)\n"
        }
        // A column the version never read, and a row without its label (line 32).
        try Data(("x,y,color,shape,batch\n" + rowsText.joined() + "4,1,red,,b0\n").utf8).write(to: labelled)
        let evaluated = try modelpress(
            ["evaluate", "shapes/random_forest@1.0.0", "--data", labelled.path, "--permutation-repeats", "0"])
        #expect(
            evaluated.output.contains(
                "note: x: 3 rows of 30 miss it, and it was never missing in the training data of "
                    + "shapes/random_forest@1.0.0"),
            "\(evaluated.output)")
        // trial29 #18: what the file holds that is not scored is said before the figures, and
        // the mean |SHAP| the report computes over the rows is shown.
        let figures = try #require(evaluated.output.range(of: "  accuracy"))
        let unread = try #require(
            evaluated.output.range(
                of: "labelled.csv has 1 column shapes/random_forest@1.0.0 does not read, left out: 'batch'"))
        #expect(unread.lowerBound < figures.lowerBound, "\(evaluated.output)")
        #expect(
            evaluated.output.contains("1 row(s) have no label and are left out (line 32)"), "\(evaluated.output)")
        #expect(evaluated.output.contains("rows: the 30 rows of "), "\(evaluated.output)")
        #expect(evaluated.output.contains("  mean |SHAP| over 30 test rows ("), "\(evaluated.output)")

        // Trial29 #7: the endpoint page's versions table says what the card says beside its
        // figures: 24 test rows of 3 classes, each under 10.
        let out = root.appendingPathComponent("out")
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        _ = try modelpress(["evaluate", "shapes/random_forest@1.0.0", "--permutation-repeats", "0"])
        _ = try modelpress(["publish", "--site", site.path, "--out", out.path])
        let page = try String(
            contentsOf: out.appendingPathComponent("endpoints/shapes/index.html"), encoding: .utf8)
        #expect(
            page.contains(
                "random_forest/1.0.0/\">random_forest@1.0.0</a>: every class has fewer than 10 test rows ("),
            "\(page)")

        // trial29 #6: the version's own training file gives in-sample figures, and says so.
        let own = try modelpress(
            [
                "evaluate", "shapes/random_forest@1.0.0", "--data", "research/data/shapes/shapes.csv",
                "--permutation-repeats", "0",
            ])
        #expect(
            own.output.contains(
                "note: research/data/shapes/shapes.csv is shapes/random_forest@1.0.0's training file (the same SHA-256): "
                    + "every row of it except the rows its split held out (test_fraction 0.2) trained the version, so "
                    + "these figures are in-sample"),
            "\(own.output)")
        #expect(!evaluated.output.contains("in-sample"))
    }
}
