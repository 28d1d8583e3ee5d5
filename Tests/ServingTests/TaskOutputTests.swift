import Foundation
import GRDB
import JSONWriting
import Models
import Snapshot
import Testing

@testable import Serving

/// What serving writes per task: answers, log rows, job and file columns, feedback, missing
/// values, and the request log's upgrade to the task columns.
@Suite struct TaskOutputTests {
    static let classes = Schema(
        fields: [
            .numeric("x"), Field(name: "color", kind: .categorical, categories: ["red", "blue"], nullable: true),
        ],
        label: "shape", labelValues: ["circle", "square", "triangle"])
    static let values = Schema(
        fields: [.numeric("x"), .categorical("group", ["big", "small"])], label: "mass", labelValues: [])

    /// A small forest on `x`: circle below 10, square below 20, triangle above (or 3·x + 40 for
    /// `big`, 3·x for `small`).
    static func model(_ schema: Schema) throws -> TreeModel {
        let n = 90
        let x = (0..<n).map { Double($0 % 30) }
        let codes = (0..<n).map { Int32($0 % 2) }
        let data =
            schema.task == .regression
            ? Dataset(
                schema: schema, numbers: [x, []], codes: [[], codes],
                targets: (0..<n).map { 3 * x[$0] + (codes[$0] == 0 ? 40 : 0) })
            : Dataset(
                schema: schema, numbers: [x, []], codes: [[], codes],
                labels: x.map { UInt8($0 < 10 ? 0 : ($0 < 20 ? 1 : 2)) })
        let ensemble = try Trainer.train(
            data, algorithm: .randomForest, hyperparameters: ["trees": "10"], seed: 7, threads: 1)
        return try TreeModel(bytes: try ensemble.serialized())
    }

    @Test func columnsAndAnswerFieldsFollowTheTask() throws {
        let binary = PredictionColumns(schema: Schema(fields: [], label: "y", labelValues: ["no", "yes"]))
        let yes = Prediction(label: "yes", probability: 0.75, positiveProbability: 0.75, probabilities: [0.25, 0.75])
        #expect(binary.names == ["label", "probability"])
        #expect(binary.cells(yes) == ["yes", "0.75"])
        #expect(binary.logColumns(yes).value == nil && binary.logColumns(yes).probabilities == nil)

        let multiclass = PredictionColumns(schema: Self.classes)
        let square = Prediction(
            label: "square", probability: 0.5, positiveProbability: 0.5, probabilities: [0.25, 0.5, 0.25])
        #expect(
            multiclass.names == [
                "label", "probability", "probability_circle", "probability_square", "probability_triangle",
            ])
        #expect(multiclass.cells(square) == ["square", "0.5", "0.25", "0.5", "0.25"])
        var writer = JSONWriter()
        writer.object { multiclass.write(square, into: &$0) }
        #expect(
            writer.text
                == #"{"label":"square","probability":0.5,"probabilities":{"circle":0.25,"square":0.5,"triangle":0.25}}"#
        )
        #expect(multiclass.logColumns(square).probabilities == #"{"circle":0.25,"square":0.5,"triangle":0.25}"#)

        let regression = PredictionColumns(schema: Self.values)
        let value = Prediction(value: 101.5)
        #expect(regression.names == ["prediction"])
        #expect(regression.cells(value) == ["101.5"])
        writer = JSONWriter()
        writer.object { regression.write(value, into: &$0) }
        #expect(writer.text == #"{"prediction":101.5}"#)
        #expect(regression.logColumns(value).value == 101.5)
    }

    @Test func feedbackIsALabelOrAFiniteNumber() throws {
        #expect(try Labels.feedback(" >50K. ", accepted: ["<=50K", ">50K"], isRegression: false) == ">50K")
        #expect(try Labels.feedback("3", accepted: [], isRegression: true) == "3.0")
        #expect(try Labels.feedback(" -2.5e1 ", accepted: [], isRegression: true) == "-25.0")
        for bad in ["heavy", "", "inf", "nan", "1e999", "0x1p5", "0x20"] {
            let error = try #require(throws: ServingError.self) {
                try Labels.feedback(bad, accepted: [], isRegression: true)
            }
            #expect(error.status.code == 400)
            #expect(error.errors == [.init(field: "feedback", message: "must be a finite number (the true value)")])
        }
        // A JSON number for labels that are numbers: the route passes it on as Swift writes it.
        #expect(try Labels.feedback(String(0.0), accepted: ["0", "1"], isRegression: false) == "0")
        #expect(try Labels.feedback(String(1.0), accepted: ["0", "1"], isRegression: false) == "1")
        #expect(throws: ServingError.self) { try Labels.feedback("1.0", accepted: ["1", "1.00"], isRegression: false) }
        #expect(throws: ServingError.self) { try Labels.feedback("2.0", accepted: ["0", "1"], isRegression: false) }
        let unknown = try #require(throws: ServingError.self) {
            try Labels.feedback("hexagon", accepted: ["circle", "square"], isRegression: false)
        }
        #expect(unknown.errors == [.init(field: "feedback", message: "must be one of circle, square")])
        #expect(unknown.message == "unknown label 'hexagon'; accepted: circle, square")
        // Labels match in their letter case; a label in another case, or one slip away, is named
        // (trial24 #9), as a category is.
        let cased = try #require(throws: ServingError.self) {
            try Labels.feedback("Urgent", accepted: ["high", "low", "urgent"], isRegression: false)
        }
        #expect(cased.message == "unknown label 'Urgent'; did you mean 'urgent'? accepted: high, low, urgent")
        // A true value with grouped thousands gets the advice a data file's column gets (trial22).
        let grouped = try #require(throws: ServingError.self) {
            try Labels.feedback("351,000", accepted: [], isRegression: true)
        }
        #expect(
            grouped.message
                == "the feedback '351,000' is not a finite number; thousands separators are not read: write 351000")
    }

    @Test func onlyNullableFieldsMayBeMissingInASinglePrediction() throws {
        let validator = InputValidator(schema: Self.classes)
        #expect(try validator.validate(["x": .number(3), "color": .null]) == ["x": .number(3), "color": .missing])
        #expect(try validator.validate(["x": .number(3), "color": .text("?")])["color"] == .missing)
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["x": .text(""), "color": .text("red")])
        }
        #expect(error.errors.map(\.field) == ["x"])
        #expect(error.errors.first?.message.hasPrefix("is missing") == true)
    }

    @Test(arguments: [false, true])
    func aFileIsScoredWithTheTasksColumnsAndBadRowsNamed(json: Bool) throws {
        let model = try Self.model(Self.classes)
        let outcome = try FileScoring(schema: Self.classes, model: model).score(
            csv: Array("color,x\nred,5\nblue,lots\n,25\n".utf8), json: json)
        #expect(outcome.rows == 3 && outcome.scored == 2)
        #expect(outcome.problems == [.init(field: "row 2: x", message: "must be a number, got 'lots'")])
        let one = try model.predict(values: ["x": .number(5), "color": .category("red")])
        let three = try model.predict(values: ["x": .number(25), "color": .missing])
        #expect(one.label == "circle" && three.label == "triangle")
        let columns = PredictionColumns(schema: Self.classes)
        if json {
            let items = try #require(
                try JSONSerialization.jsonObject(with: Data(outcome.text.utf8)) as? [[String: Any]])
            #expect(items.map { $0["row"] as? Int } == [1, 3])
            #expect(items.map { $0["label"] as? String } == ["circle", "triangle"])
            #expect((items[1]["probabilities"] as? [String: Double])?["triangle"] == three.probabilities[2])
        } else {
            #expect(
                outcome.text
                    == ResultEncoding.csvLine(["row", "x", "color"] + columns.names)
                    + ResultEncoding.csvLine(["1", "5", "red"] + columns.cells(one))
                    + ResultEncoding.csvLine(["3", "25", ""] + columns.cells(three)))
        }
    }

    /// Finding 2 of trial 13: once another version widened the endpoint with `green`, a version
    /// trained on red and blue scores it as missing, and says so (a note per row for
    /// predict.cgi's answer, a count per field for `modelpress predict`), as it does for a
    /// number outside the version's training range. A category it knows by its key (`red `)
    /// is no note: it is scored as `red`.
    @Test func aCategoryTheVersionNeverSawAndAnOutOfRangeNumberAreNoted() throws {
        let model = try Self.model(Self.classes)
        var widened = Self.classes
        widened.fields[1].categories.append("green")
        let ranges = TrainingProfile(ranges: ["x": 0...29])
        let notes = ScoringNotes.notes(
            [.number(45), .category("green")], schema: widened, model: model, trainingProfile: ranges)
        #expect(
            notes.map { $0.text(version: "shapes/forest@1.0.0") } == [
                "x 45 is outside the training rows' range (0 to 29); it was scored as the largest (29)",
                "color 'green' was not in the training data of shapes/forest@1.0.0; it was scored as a missing value",
            ])
        #expect(
            ScoringNotes.notes([.number(5), .category("red")], schema: widened, model: model, trainingProfile: ranges)
                .isEmpty)
        #expect(
            try model.predict(values: ["x": .number(25), "color": .category("green")]).probabilities
                == model.predict(values: ["x": .number(25), "color": .missing]).probabilities)
        #expect(
            try model.predict(values: ["x": .number(25), "color": .category("red ")]).probabilities
                == model.predict(values: ["x": .number(25), "color": .category("red")]).probabilities)

        let outcome = try FileScoring(schema: widened, model: model, trainingProfile: ranges).score(
            csv: Array("x,color\n5,green\n6,red\n7,green\n40,blue\n".utf8), json: false)
        #expect(outcome.scored == 4)
        #expect(
            outcome.unseenCategories == [.init(field: "color", count: 2, values: ["green"])])
        #expect(
            outcome.outsideTrainingRange
                == [.init(field: "x", below: 0, above: 1, trainingMinimum: 0, trainingMaximum: 29)])
    }

    /// Trial24 #1: the range a number is judged by is the answering version's, not the one the
    /// endpoint's schema records (its first version's): a schema range no longer makes a note,
    /// and a version without recorded ranges (trained before they were recorded) makes none.
    @Test func aNumberIsJudgedByTheVersionsRangeNotTheEndpoints() throws {
        let model = try Self.model(Self.classes)
        var endpoint = Self.classes
        endpoint.fields[0].trainingMinimum = 0
        endpoint.fields[0].trainingMaximum = 29
        let row: [FieldValue] = [.number(45), .category("red")]
        #expect(
            ScoringNotes.notes(
                row, schema: endpoint, model: model, trainingProfile: TrainingProfile(ranges: ["x": 0...60])
            )
            .isEmpty)
        #expect(ScoringNotes.notes(row, schema: endpoint, model: model, trainingProfile: TrainingProfile()).isEmpty)
        #expect(
            ScoringNotes.notes(
                row, schema: endpoint, model: model, trainingProfile: TrainingProfile(ranges: ["x": 0...40])
            )
            .map(\.kind) == [.outsideTrainingRange(45, trainingMinimum: 0, trainingMaximum: 40)])
        #expect(TrainingProfile(schema: endpoint) == TrainingProfile(ranges: ["x": 0...29], neverMissing: ["x"]))
    }

    /// Trial29 #3: a value missing in a field the answering version's training rows never had
    /// missing (the endpoint lets it be missing for another version's sake) is noted, in each
    /// answer and counted over a file; a field its rows had missing is not. A training schema's
    /// `training_missing` tells a field declared nullable from one its rows had missing; a schema
    /// that records no training fact says nothing.
    @Test func aMissingValueTheVersionNeverHadMissingIsNoted() throws {
        let model = try Self.model(Self.classes)
        var endpoint = Self.classes
        endpoint.fields[0].nullable = true
        let profile = TrainingProfile(neverMissing: ["x"])
        let notes = ScoringNotes.notes([.missing, .missing], schema: endpoint, model: model, trainingProfile: profile)
        #expect(
            notes.map { $0.text(version: "shapes/forest@1.0.0") } == [
                "x is missing, and it was never missing in the training data of shapes/forest@1.0.0: its trees did "
                    + "not learn where a missing value goes, and sent it down each split's default side"
            ])
        #expect(notes.map(\.scoredAs) == ["never missing in training"])
        #expect(
            ScoringNotes.notes([.number(3), .missing], schema: endpoint, model: model, trainingProfile: profile).isEmpty
        )

        var version = Self.classes
        version.fields[0].trainingMinimum = 0
        version.fields[0].trainingMaximum = 29
        #expect(TrainingProfile(schema: version).neverMissing == ["x"])
        version.fields[0].nullable = true
        version.fields[0].trainingMissing = 3
        version.fields[1].trainingMissing = 0
        #expect(TrainingProfile(schema: version).neverMissing == ["color"])
        #expect(TrainingProfile(schema: Self.classes).isEmpty)

        let outcome = try FileScoring(schema: endpoint, model: model, trainingProfile: profile).score(
            csv: Array("x,color\n,red\n4,\n,blue\n".utf8), json: false)
        #expect(outcome.scored == 3)
        #expect(outcome.missingNeverInTraining == [.init(field: "x", count: 2)])
        #expect(
            outcome.missingNeverInTraining.map { $0.text(version: "v") }
                == ["x: 2 rows miss it, and it was " + ScoringNotes.neverMissing(version: "v")])
    }

    /// Trial22 #1: a category of the version's training data that it does not keep (a field of
    /// 300 keeps the 254 most frequent) is noted as such, not as one "another version was trained
    /// on", per row and per file.
    @Test func aRareCategoryTheVersionDoesNotKeepIsNotedAsSuch() throws {
        let names = (0..<300).map { "z" + String(format: "%03d", $0) }
        var codes: [Int32] = []
        for c in 0..<300 { codes += repeatElement(Int32(c), count: c < 46 ? 1 : 3) }
        let schema = Schema(fields: [.categorical("zip", names)], label: "y", labelValues: ["no", "yes"])
        let data = Dataset(schema: schema, numbers: [[]], codes: [codes], labels: codes.map { UInt8($0 % 2) })
        let model = try TreeModel(
            bytes: Trainer.train(
                data, algorithm: .decisionTree, hyperparameters: ["max_depth": "1"], seed: 1
            ).serialized())
        var endpoint = schema
        endpoint.fields[0].categories.append("z300")
        let notes = [
            ScoringNotes.notes([.category("z001")], schema: endpoint, model: model, trainingProfile: TrainingProfile()),
            ScoringNotes.notes([.category("z300")], schema: endpoint, model: model, trainingProfile: TrainingProfile()),
        ]
        #expect(
            notes.flatMap { $0.map { $0.text(version: "churn/forest@1.0.0") } } == [
                "zip 'z001' is one of the 46 rare categories churn/forest@1.0.0 does not keep (it keeps the 254 most "
                    + "frequent); it was scored as a missing value",
                "zip 'z300' was not in the training data of churn/forest@1.0.0; it was scored as a missing value",
            ])
        #expect(notes[0].first?.scoredAs == "scored as missing")
        #expect(
            ScoringNotes.notes([.category("z299")], schema: endpoint, model: model, trainingProfile: TrainingProfile())
                .isEmpty)

        let outcome = try FileScoring(schema: endpoint, model: model).score(
            csv: Array("zip\nz001\nz299\nz300\nz002\nz001\n".utf8), json: false)
        #expect(outcome.scored == 5)
        #expect(
            outcome.unseenCategories == [
                .init(field: "zip", count: 1, values: ["z300"]),
                .init(field: "zip", count: 3, values: ["z001", "z002"], notKept: .init(kept: 254, left: 46)),
            ])
    }

    @Test func aRegressionFileGetsAPredictionColumn() throws {
        let model = try Self.model(Self.values)
        let outcome = try FileScoring(schema: Self.values, model: model).score(
            csv: Array("x,group\n10,small\n30,big\n".utf8), json: false)
        let lines = outcome.text.split(separator: "\n")
        #expect(lines.first == "row,x,group,prediction")
        let predicted = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(predicted.count == 2)
        #expect(abs(predicted[0] - 30) < 8 && abs(predicted[1] - 130) < 8, "\(predicted)")
        let single = try model.predict(values: ["x": .number(10), "group": .category("small")])
        #expect(predicted[0] == single.value)
    }

    /// A log made by the shipped "v1 requests" migration is upgraded in place: its rows keep
    /// their values and have no task columns; new rows fill them.
    @Test func aVersion1LogGainsTheTaskColumnsAndKeepsItsRows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("requests.sqlite").path
        let old = try DatabaseQueue(path: path)
        var shipped = DatabaseMigrator()
        shipped.registerMigration("v1 requests") { db in try db.execute(sql: LoggedRequestColumnsTests.shippedTable) }
        try shipped.migrate(old)
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO request (created_at, endpoint, model, version, input, label, probability,
                      positive_probability, latency_us, source, token_sha256)
                    VALUES ('2026-11-22T00:00:00.000Z', 'income', 'rf', '1.0.0', '{}', '>50K', 0.8, 0.8, 5, 'api', 'ab')
                    """)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        try old.close()

        let log = try RequestLog(path: path)
        let added = try log.append(
            LoggedRequest(
                createdAt: "2026-11-22T00:00:01.000Z", endpoint: "mass", model: "rf", version: "1.0.0", abTestID: nil,
                abArm: nil, clientID: nil, input: "{}", label: "101.5", probability: 0, positiveProbability: 0,
                latencyMicroseconds: 5, source: "api", tokenSHA256: "cd", value: 101.5))
        let rows = try log.read { try LoggedRequest.fetchAll($0, sql: "SELECT * FROM request ORDER BY id") }
        #expect(rows.map(\.label) == [">50K", "101.5"])
        #expect(rows.map(\.value) == [nil, 101.5])
        #expect(rows[1] == added)
        #expect(try log.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == RequestLog.schemaVersion)
        #expect(try log.read { try RequestLog.migrator.hasCompletedMigrations($0) })
    }

    @Test func regressionTalliesAreTheAbsoluteErrorsOfPredictionsWithFeedback() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regab-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
        let tests = RequestLogABTests()
        func served(_ model: String, arm: String, value: Double, truth: Double?) throws {
            var row = tests.row(model, arm: arm, label: String(value))
            row.value = value
            let id = try #require(try log.append(row).id)
            if let truth {
                _ = try log.recordFeedback(
                    id: id, token: "token", label: String(truth), labelValues: { _ in [] }, at: "t")
            }
        }
        try served("rf", arm: "A", value: 10, truth: 12.5)
        try served("rf", arm: "A", value: 10, truth: 7)
        try served("rf", arm: "A", value: 10, truth: nil)
        try served("gbt", arm: "B", value: 20, truth: 20.25)
        let tallies = try log.abTallies(testID: 3, arms: tests.arms, startedAt: tests.startedAt)
        #expect(tallies["A"]?.absoluteErrors == [2.5, 3])
        #expect(tallies["A"]?.requests == 3 && tallies["A"]?.withFeedback == 2)
        #expect(tallies["B"]?.absoluteErrors == [0.25])
    }
}
