import Foundation
import Models
import Testing

/// `TrainingRecord.unfitRows(for:)`: when one version's model cannot be scored on another's
/// test rows (`modelpress evaluate A --on B`, trial24 #5).
@Suite struct RowsForAnotherTests {
    static func record(
        _ model: String, _ fields: [Field], label: String = "y", classes: [String] = []
    ) -> TrainingRecord {
        let file = TrainingRecord.DataFile(path: "research/data/\(model).csv", sha256: "0")
        return TrainingRecord(
            endpoint: "e", model: model, version: "1.0.0", algorithm: "random_forest", hyperparameters: [:], seed: 1,
            trainingData: file, testData: file, trainer: "t", trainingSeconds: 0, createdAt: "2026-01-01T00:00:00Z",
            schema: Schema(fields: fields, label: label, labelValues: classes))
    }

    static let number = Field(name: "x", kind: .numeric)
    static let text = Field(name: "x", kind: .categorical, categories: ["a"])

    @Test func rowsOfTheSameShapeFit() {
        let a = Self.record("a", [Self.number], classes: ["high", "low", "mid"])
        // Fewer classes (two of a multiclass model's: a binary task of their own), and a field
        // that the model reads as text, in rows that have it as text or not at all, are fine.
        let b = Self.record("b", [Self.number, Self.text], classes: ["high", "low"])
        #expect(b.unfitRows(for: a) == [])
        #expect(Self.record("c", [Self.text]).unfitRows(for: Self.record("d", [Self.text])) == [])
    }

    @Test(arguments: [
        (
            record("b", [number], classes: ["no", "yes"]), record("a", [number]),
            "the label kinds differ: e/b@1.0.0's is binary, e/a@1.0.0's regression"
        ),
        (
            record("b", [number], classes: ["high", "low", "mid"]), record("a", [number], classes: ["no", "yes"]),
            "the rows have classes e/a@1.0.0 never saw ('high', 'low', 'mid'), which it cannot predict"
        ),
        (
            record("b", [number], label: "z"), record("a", [number]),
            "the rows are labelled 'z', e/a@1.0.0 predicts 'y'"
        ),
        (
            record("b", [number], classes: ["high", "low", "urgent"]),
            record("a", [number], classes: ["high", "low", "mid"]),
            "the rows have a class e/a@1.0.0 never saw ('urgent'), which it cannot predict"
        ),
        (
            record("b", [number], classes: ["no", "yes"]), record("a", [number], classes: ["yes", "no"]),
            "the positive classes differ: e/b@1.0.0's is 'yes', e/a@1.0.0's 'no'"
        ),
        (record("b", [text]), record("a", [number]), "field 'x' is a number to e/a@1.0.0 but text in these rows"),
    ])
    func rowsThatDoNotFitAreNamed(rows: TrainingRecord, model: TrainingRecord, problem: String) {
        #expect(rows.unfitRows(for: model) == [problem])
    }
}
