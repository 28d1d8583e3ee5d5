import Foundation
import Testing

@testable import Models
@testable import Pipelines

/// A pipeline file with `body` after the required top-level keys (`head`: those of training).
private func pipeline(
    _ body: String, head: String = "algorithm = \"random_forest\"\nseed = 3"
) throws -> Pipeline {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).toml")
    try Data(
        """
        endpoint = "e"
        model = "random_forest"
        version = "1.0.0"
        \(head)

        \(body)
        """.utf8
    ).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try Pipeline(contentsOf: url)
}

/// The message of the `PipelineError` reading `body` gives.
private func problem(_ body: String, head: String = "algorithm = \"random_forest\"\nseed = 3") -> String {
    do {
        _ = try pipeline(body, head: head)
        return "no error"
    } catch let error as PipelineError {
        return error.message
    } catch {
        return "\(error)"
    }
}

@Suite struct PipelineFileTests {
    @Test func aPipelineWithoutAlgorithmImports() throws {
        let data = "[data]\ntraining = \"research/data/p/train.csv\"\nlabel = \"species\""
        let read = try pipeline(data, head: "")
        #expect(read.algorithm == nil && read.seed == 0 && read.hyperparameters.isEmpty)
        #expect(try pipeline(data, head: "seed = 9").seed == 9)
        #expect(
            problem(data + "\n[hyperparameters]\ntrees = 3", head: "")
                == "[hyperparameters] belong to a pipeline that trains (it names an algorithm); a pipeline without "
                + "one imports a model trained elsewhere, with its own")
        #expect(
            problem(data, head: "algorithm = \"random_forest\"")
                == "'seed' is required and must be a non-negative integer")
    }

    @Test func everyDataKeyIsRead() throws {
        let read = try pipeline(
            """
            [data]
            training = "research/data/p/train.csv"
            test = "research/data/p/test.csv"
            label = "species"
            task = "binary"
            positive = "Gentoo"
            missing = ["", "-"]
            ignore = ["id"]
            nullable = ["sex"]
            separator = ";"
            header = ["id", "sex", "mass", "zip", "species"]
            trim_spaces = true
            comment = "#"
            decimal = ","
            [data.columns]
            zip = "categorical"
            mass = "numeric"
            [data.bounds]
            mass = [0, 10000.5]
            """)
        #expect(
            read.data
                == DataDeclaration(
                    training: "research/data/p/train.csv", test: "research/data/p/test.csv", label: "species",
                    task: .binary, positive: "Gentoo", missing: ["", "-"], ignore: ["id"],
                    kinds: ["zip": .categorical, "mass": .numeric], nullable: ["sex"], bounds: ["mass": [0, 10000.5]],
                    separator: ";", header: ["id", "sex", "mass", "zip", "species"], trimSpaces: true, comment: "#",
                    decimal: ","))
    }

    @Test func defaultsAreTheDocumentedOnes() throws {
        let read = try pipeline("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ntest_fraction = 0.25\n")
        #expect(read.data.missing == ["", "NA", "N/A", "?", "null"])
        #expect(read.data.testFraction == 0.25)
        #expect(read.data.test == nil && read.data.task == nil && read.data.separator == nil)
        #expect(read.evaluation.isEmpty)
        #expect(try pipeline("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n").data.testFraction == 0.2)
    }

    @Test func slicesAndBandsAreRead() throws {
        let read = try pipeline(
            """
            [data]
            training = "t.csv"
            label = "y"
            [evaluation]
            slices = ["sex", "island", ["sex", "island"], "age"]
            [evaluation.bands]
            age = [25, 35, 45.5]
            mass = { quantiles = 4 }
            """)
        #expect(read.evaluation.slices == [["sex"], ["island"], ["sex", "island"], ["age"]])
        #expect(read.evaluation.bands == ["age": .edges([25, 35, 45.5]), "mass": .quantiles(4)])
    }

    @Test(arguments: [
        ("", "a [data] table is required"),
        ("dataset = \"adult\"", "unknown key 'dataset'; the data is declared in a [data] table now"),
        ("[data]\nlabel = \"y\"", "[data] 'training' is required"),
        ("[data]\ntraining = \"t.csv\"", "[data] 'label' is required"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\nfile = \"x\"", "[data] unknown key 'file'"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ntask = \"ranking\"", "[data] task 'ranking' is not one of"),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ntest_fraction = 1.5",
            "'test_fraction' must be a number between 0 and 1"
        ),
        (
            "[data]\ntraining = \"t.csv\"\ntest = \"u.csv\"\nlabel = \"y\"\ntest_fraction = 0.3",
            "'test_fraction' holds rows out only when there is no 'test'"
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ntask = \"regression\"\npositive = \"a\"",
            "'positive' names the positive class"
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ncolumns = [\"a\", \"y\"]",
            "name the columns of a file without a header row with header"
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[data.columns]\na = \"text\"",
            "[data.columns] 'a' must be \"numeric\" or \"categorical\""
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[data.bounds]\na = [5, 1]",
            "[data.bounds] 'a' must be [minimum, maximum]"
        ),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\nseparator = \"|\"", "separator must be"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ndecimal = \";\"", "decimal must be \".\" or \",\""),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\nignore = [1]", "'ignore' must be an array of strings"),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[evaluation]\nslices = [1]",
            "each slice is a field name or a list"
        ),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[evaluation]\nby = \"sex\"", "[evaluation] unknown key 'by'"),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[evaluation.bands]\nage = [3, 2]",
            "bands of 'age' must be increasing"
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[evaluation.bands]\nage = { quantiles = 1 }",
            "bands of 'age' are edges"
        ),
    ])
    func badKeysAreRefusedSayingWhatToWrite(body: String, message: String) {
        let found = problem(body)
        #expect(found.contains(message), "\(found)")
    }

    /// A slip in a key, a table or a value is answered with the name meant (trial28 #10).
    @Test(arguments: [
        ("[dat]\ntraining = \"t.csv\"", "", "unknown key 'dat'; did you mean 'data'?"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\nlable = \"y\"", "", "[data] unknown key 'lable'"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\nlable = \"y\"", "", "; did you mean 'label'?"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\ntask = \"multiclas\"", "", "did you mean 'multiclass'?"),
        ("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[evaluation]\nslice = [\"a\"]", "", "did you mean 'slices'?"),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"", "algorithm = \"random_forrest\"\nseed = 3",
            "did you mean 'random_forest'?"
        ),
        (
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"", "algorithm = \"Extra_Trees\"\nseed = 3",
            "did you mean 'extra_trees'?"
        ),
    ])
    func slipsAreAnsweredWithTheNameMeant(body: String, head: String, message: String) {
        let found = head.isEmpty ? problem(body) : problem(body, head: head)
        #expect(found.contains(message), "\(found)")
    }

    @Test(arguments: [
        (
            "tress = 100",
            "hyper-parameter 'tress' is not one random_forest takes; did you mean 'trees'? random_forest takes "
                + "trees, max_depth, min_samples_leaf, min_samples_split, max_features, bootstrap"
        ),
        ("learning_rate = 0.1", "'learning_rate' is not one random_forest takes; random_forest takes trees,"),
        (
            "max_features = 1.5",
            "'max_features': '1.5' is not a valid value; it takes \"sqrt\", \"log2\", \"all\", an integer ≥ 1 "
                + "or a fraction in (0, 1]"
        ),
        ("min_samples_split = 1", "'min_samples_split': '1' is not a valid value; it takes an integer ≥ 2"),
        (
            "trees = \"100\"",
            "hyper-parameter 'trees' is the string \"100\", and it takes an integer ≥ 1; write numbers and true or "
                + "false without quotes"
        ),
        ("bootstrap = \"true\"", "'bootstrap' is the string \"true\", and it takes true or false"),
        ("max_features = \"0.5\"", "'max_features' is the string \"0.5\""),
        ("max_features = \"half\"", "'max_features': 'half' is not a valid value; it takes \"sqrt\""),
    ])
    func hyperparameterErrorsSayWhatTheAlgorithmTakes(line: String, message: String) {
        let found = problem("[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[hyperparameters]\n" + line)
        #expect(found.contains(message), "\(found)")
    }

    @Test func wordsMayBeQuotedAndNumbersNot() throws {
        let read = try pipeline(
            "[data]\ntraining = \"t.csv\"\nlabel = \"y\"\n[hyperparameters]\nmax_features = \"log2\"\n"
                + "max_depth = \"none\"\ntrees = 7\nbootstrap = false")
        #expect(
            read.hyperparameters == ["max_features": "log2", "max_depth": "none", "trees": "7", "bootstrap": "false"])
    }

    @Test func slicesMustNameFieldsAndBandNumbers() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("d.csv")
        try Data("age,sex,y\n30,f,p\n40,m,q\n50,f,p\n60,m,q\n".utf8).write(to: file)
        try Checksums.declare(file)
        func load(_ evaluation: String) -> String {
            do {
                var read = try pipeline("[data]\ntraining = \"d.csv\"\nlabel = \"y\"\n" + evaluation)
                read.file = "p.toml"
                _ = try read.loadData(root: root)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(load("[evaluation]\nslices = [\"sex\"]") == "no error")
        #expect(
            load("[evaluation]\nslices = [\"race\"]").contains(
                "slices name 'race', which is not a field (fields: age, sex)"))
        #expect(load("[evaluation]\nslices = [\"age\"]").contains("band it in [evaluation.bands]"))
        #expect(load("[evaluation]\nslices = [\"age\"]\n[evaluation.bands]\nage = [45]") == "no error")
        #expect(load("[evaluation.bands]\nsex = [1]").contains("names 'sex', which is not a numeric field"))
    }
}
