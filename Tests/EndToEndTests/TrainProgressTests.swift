import Foundation
import Testing

/// What `train` says while boosting: progress in rounds (a tree per class in each), and when
/// early stopping ends the fit, where and how many rounds are kept (trial24: "30/200 trees" and
/// then "wrote … (80 trees …)" left a user guessing).
@Suite struct TrainProgressTests {
    @Test func boostingCountsRoundsAndSaysWhenItStoppedEarly() throws {
        let folder = try TemporaryFolder.repository(
            "modelpress-train-progress", copying: ["data/penguins", "registry"])
        defer { folder.remove() }
        let pipeline = folder.url.appendingPathComponent("species.toml")
        try """
        endpoint = "penguin_species"
        model = "gradient_boosting"
        version = "9.0.0"
        algorithm = "gradient_boosting"
        seed = 42

        [data]
        training = "research/data/penguins/penguins.csv"
        label = "species"
        task = "multiclass"
        ignore = ["year"]

        [hyperparameters]
        max_iterations = 200
        learning_rate = 0.3
        max_leaf_nodes = 15
        min_samples_leaf = 5
        early_stopping_rounds = 5
        validation_fraction = 0.2
        """.write(to: pipeline, atomically: true, encoding: .utf8)
        let result = try run(
            Executables.modelpress, ["train", pipeline.path, "--no-register", "--threads", "1"], in: folder.url)
        try #require(result.status == 0, "\(result.errorOutput)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("/200 rounds") }, "\(result.output)")
        #expect(!lines.contains { $0.hasSuffix("/200 trees") })
        let wrote = try #require(lines.first { $0.contains("] wrote ") })
        let count = wrote.split(separator: "(").last?.split(separator: " ").first.map(String.init) ?? ""
        let trees = try #require(Int(count), "\(wrote)")
        let stopped = try #require(lines.first { $0.contains("early stopping:") }, "\(result.output)")
        #expect(trees % 3 == 0 && trees < 600)
        #expect(
            stopped.hasSuffix(
                "last improved at round \(trees / 3), and not in the 5 after it; the first \(trees / 3) of up to "
                    + "200 rounds are kept, 3 trees a round"), "\(stopped)")
        // The rows it judged on are named as validation rows, not "held-out" (the test rows are).
        let judged = try #require(stopped.components(separatedBy: "the loss on ").last?.split(separator: " ").first)
        let validation = try #require(Int(judged), "\(stopped)")
        let total = try #require(
            stopped.components(separatedBy: "of the ").last?.split(separator: " ").first.flatMap { Int($0) })
        #expect(
            stopped.contains(
                "early stopping: the loss on \(validation) validation rows (validation_fraction 0.2 of the \(total) "
                    + "training rows; the test rows take no part) last improved"), "\(stopped)")
        #expect(abs(Double(validation) - 0.2 * Double(total)) < 3, "\(stopped)")
        #expect(!result.errorOutput.contains("early stopping chose"), "\(result.errorOutput)")
        // training.json keeps it for the card, after the console has scrolled away.
        let record = try String(
            contentsOf: folder.url.appendingPathComponent(
                "research/artifacts/penguin_species/gradient_boosting/9.0.0/training.json"), encoding: .utf8)
        let compact = record.filter { !$0.isWhitespace }
        #expect(
            compact.contains(
                "\"early_stopping\":{\"max_rounds\":200,\"rounds_kept\":\(trees / 3),\"training_rows\":\(total),"
                    + "\"validation_rows\":\(validation)}"), "\(record)")

        // A few validation rows: a warning with the count and the fraction that gives 50.
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "validation_fraction = 0.2", with: "validation_fraction = 0.05")
            .write(to: pipeline, atomically: true, encoding: .utf8)
        let few = try run(
            Executables.modelpress, ["train", pipeline.path, "--no-register", "--threads", "1"], in: folder.url)
        try #require(few.status == 0, "\(few.errorOutput)")
        let fraction = (50 / Double(total) * 100).rounded(.up) / 100
        #expect(
            few.errorOutput.contains(
                "warning: early stopping chose its rounds on only "),
            "\(few.errorOutput)")
        #expect(
            few.errorOutput.contains(
                " validation rows (validation_fraction 0.05 of the \(total) training rows; the test rows take no "
                    + "part), too few for the choice to be more than chance; set validation_fraction = \(fraction) "
                    + "(50 rows or more), or early_stopping_rounds = 0 to train all 200 rounds"),
            "\(few.errorOutput)")
    }
}

/// A forest's `max_features` above the input fields is capped at them, and `train` says so.
@Suite struct MaxFeaturesNoteTests {
    @Test func aCountAboveTheFieldsIsNamed() throws {
        let folder = try TemporaryFolder.repository("modelpress-max-features", copying: ["data/penguins", "registry"])
        defer { folder.remove() }
        let pipeline = folder.url.appendingPathComponent("species.toml")
        for (count, said) in [(100, true), (6, false)] {
            try """
            endpoint = "penguin_species"
            model = "extra_trees"
            version = "9.0.\(count)"
            algorithm = "extra_trees"
            seed = 42

            [data]
            training = "research/data/penguins/penguins.csv"
            label = "species"
            task = "multiclass"
            ignore = ["year"]

            [hyperparameters]
            trees = 5
            max_features = \(count)
            """.write(to: pipeline, atomically: true, encoding: .utf8)
            let result = try run(
                Executables.modelpress, ["train", pipeline.path, "--no-register", "--threads", "1"], in: folder.url)
            try #require(result.status == 0, "\(result.errorOutput)")
            let note =
                "note: max_features = \(count) is more than the 6 input fields: every node tries all 6, "
                + "as max_features = \"all\" does"
            #expect(result.output.contains(note) == said, "\(result.output)")
        }
    }
}
