import Foundation
import Models
import Testing

@testable import Serving

/// `modelpress predict`'s reading of a file: other columns, separators, the version's missing
/// markers, rows that cannot be scored, values outside the training range.
@Suite struct FileScoringTests {
    /// TaskOutputTests' three classes, with the training range of `x` recorded.
    static let schema = Schema(
        fields: [
            Field(name: "x", kind: .numeric, trainingMinimum: 0, trainingMaximum: 29),
            Field(name: "color", kind: .categorical, categories: ["red", "blue"], nullable: true),
        ],
        label: "shape", labelValues: ["circle", "square", "triangle"])

    func score(
        _ text: String, markers: [String] = [], separator: UInt8? = nil, json: Bool = false
    ) throws -> FileScoring.Outcome {
        let model = try TaskOutputTests.model(Self.schema)
        return try FileScoring(
            schema: Self.schema, model: model, missingMarkers: markers, separator: separator,
            trainingProfile: TrainingProfile(schema: Self.schema)
        ).score(csv: Array(text.utf8), json: json)
    }

    @Test func columnsThatAreNotFieldsArePassedThroughAfterTheFields() throws {
        let outcome = try score("shape,x,note,color\ncircle,5,first,red\ntriangle,25,,blue\n")
        #expect(outcome.extraColumns == ["shape", "note"])
        #expect(outcome.scored == 2 && outcome.problems.isEmpty)
        #expect(outcome.text.hasPrefix("row,x,color,shape,note,label,probability,"))
        #expect(outcome.text.contains("\n1,5,red,circle,first,circle,"))
        #expect(outcome.text.contains("\n2,25,blue,triangle,,triangle,"))
    }

    /// `modelpress predict` reads a file without the column of a field that may be missing as
    /// that field missing in every row, as a JSON row may leave it out (trial17 #7).
    @Test func aNullableFieldsColumnMayBeLeftOut() throws {
        let outcome = try score("x,id\n5,a\n25,b\n")
        #expect(outcome.scored == 2 && outcome.problems.isEmpty)
        #expect(outcome.text.hasPrefix("row,x,color,id,label,probability,"))
        #expect(outcome.text.contains("\n1,5,,a,"))
        let json = try score("x,id\n5,a\n", json: true)
        #expect(json.text.contains(#""input":{"x":5.0,"color":null}"#), "\(json.text)")
    }

    /// A hold-out file's `label`, a result scored again (`row`, `probability_circle`): input
    /// columns named like the result's own are written `input_<name>`, so each name is unique
    /// and the result's columns keep their names; JSON nests the input and renames nothing.
    @Test func inputColumnsNamedLikeTheResultsAreRenamed() throws {
        let outcome = try score("row,x,label,color,probability_circle,input_label\n7,5,circle,red,0.2,a\n")
        #expect(outcome.scored == 1)
        let header = try #require(outcome.text.split(separator: "\n").first).split(separator: ",").map(String.init)
        #expect(
            header == [
                "row", "x", "color", "input_row", "input_input_label", "input_probability_circle", "input_label",
                "label", "probability", "probability_circle", "probability_square", "probability_triangle",
            ])
        #expect(Set(header).count == header.count)
        #expect(
            outcome.renamedColumns.map(\.writtenAs) == ["input_row", "input_input_label", "input_probability_circle"])
        #expect(outcome.text.contains("\n1,5,red,7,circle,0.2,a,"))
        let json = try score("row,x,label,color\n7,5,circle,red\n", json: true)
        #expect(json.renamedColumns.isEmpty)
        #expect(json.text.contains(#""extra":{"row":"7","label":"circle"}"#), "\(json.text)")

        let job = ResultEncoding.header(
            schema: Self.schema, extraColumns: ["model", "id"], resultColumns: ["label", "model", "version"])
        #expect(job.names == ["row", "x", "color", "input_model", "id", "label", "model", "version"])
    }

    /// A refused row leaves a gap in `row`, never a shift: every later row keeps its number and id.
    @Test func aRefusedRowLeavesTheLaterRowsWithTheirNumbersAndIDs() throws {
        let text = "id,x,color\nA,5,red\nB,5,green\nC,25,blue\n"
        let outcome = try score(text)
        #expect(outcome.problems.map(\.field) == ["row 2: color"])
        let lines = outcome.text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(lines.count == 3)
        #expect(lines[0].prefix(5) == ["row", "x", "color", "id", "label"])
        #expect(lines[1].prefix(5) == ["1", "5", "red", "A", "circle"])
        #expect(lines[2].prefix(5) == ["3", "25", "blue", "C", "triangle"])
        let json = try score(text, json: true)
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["row"] as? Int } == [1, 3])
        #expect(objects.map { ($0["extra"] as? [String: String])?["id"] } == ["A", "C"])
        #expect(objects.map { $0["label"] as? String } == ["circle", "triangle"])
        // Without other columns there is no `extra`.
        let plain = try score("x,color\n5,red\n", json: true)
        #expect(!plain.text.contains("extra"))
    }

    @Test func aSemicolonFileWithABOMAndCRLFAndTheVersionsMarkersIsRead() throws {
        let text = "\u{FEFF}x;color\r\n5;n/a\r\nunknown;red\r\n25;blue\r\n"
        let outcome = try score(text, markers: ["n/a", "unknown"])
        // `x` is not nullable: a marker makes it missing, and missing is refused as predict.cgi does.
        #expect(
            outcome.problems == [
                .init(
                    field: "row 2: x",
                    message: "is missing in its cell, and this endpoint's schema does not let it be")
            ])
        #expect(outcome.scored == 2)
        let lines = outcome.text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("1,5,n/a,circle,") && lines[2].hasPrefix("3,25,blue,triangle,"))
        // Without the markers the same cells are refused, row by row.
        let plain = try score(text)
        #expect(plain.scored == 1)
        #expect(plain.problems.map(\.field) == ["row 1: color", "row 2: x"])
        // A declared separator wins over detection.
        let declared = try #require(throws: ServingError.self) {
            try score("x;color\n5;red\n", separator: UInt8(ascii: ","))
        }
        #expect(declared.description.contains("x: the header has no column for this field"))
    }

    @Test func raggedAndEmptyRowsAreReportedOnceAndTheOthersScored() throws {
        let outcome = try score("x,color\n5,red\n7\n,\n?,?\n25,blue,extra\n15,\n")
        #expect(outcome.rows == 6 && outcome.scored == 2)
        #expect(outcome.text.contains("\n1,5,red,") && outcome.text.contains("\n6,15,,"))
        #expect(
            outcome.problems == [
                .init(field: "row 2", message: "has 1 cell (line 3); the header has 2 columns"),
                .init(field: "row 3", message: "has no value for any field (line 4); fill it in or remove it"),
                .init(field: "row 4", message: "has no value for any field (line 5); fill it in or remove it"),
                .init(field: "row 5", message: "has 3 cells (line 6); the header has 2 columns"),
            ])
    }

    /// Values below and above the range are counted apart and worded as each value's note is
    /// (trial18 #5: one count for both, "the trees treat each as the nearest end"); --json rows
    /// carry their notes as a batch job's JSON result rows do (trial17 #17).
    @Test func valuesOutsideTheTrainingRangeAreScoredAndCountedBelowAndAboveApart() throws {
        let outcome = try score("x,color\n-4,red\n5,red\n40,blue\n99,\n")
        #expect(outcome.scored == 4)
        let counted = try #require(outcome.outsideTrainingRange.first)
        #expect(
            outcome.outsideTrainingRange == [
                .init(field: "x", below: 1, above: 2, trainingMinimum: 0, trainingMaximum: 29)
            ])
        #expect(
            counted.text
                == "x: 1 value below the training rows' range (0 to 29), scored as the smallest (0); "
                + "2 values above it, scored as the largest (29)")
        let above = FileScoring.OutOfRange(field: "x", below: 0, above: 1, trainingMinimum: 0, trainingMaximum: 29)
        #expect(above.text == "x: 1 value above the training rows' range (0 to 29), scored as the largest (29)")

        let model = try TaskOutputTests.model(Self.schema)
        let ranges = TrainingProfile(schema: Self.schema)
        let json = try FileScoring(
            schema: Self.schema, model: model, version: "shapes/forest@1.0.0", trainingProfile: ranges
        )
        .score(csv: Array("x,color\n-4,red\n5,red\n40,blue\n".utf8), json: true)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
        #expect(
            rows.map { $0["notes"] as? [String] } == [
                ["x -4 is outside the training rows' range (0 to 29); it was scored as the smallest (0)"], nil,
                ["x 40 is outside the training rows' range (0 to 29); it was scored as the largest (29)"],
            ])
        // The same sentence as a batch job's row and predict.cgi's answer give for the value.
        let note = ScoringNotes.notes(
            [.number(40), .category("blue")], schema: Self.schema, model: model, trainingProfile: ranges)
        #expect(note.map { $0.text(version: "shapes/forest@1.0.0") } == rows[2]["notes"] as? [String])
    }

    @Test func aFileWithoutAFieldOrWithoutRowsIsRefused() throws {
        let missing = try #require(throws: ServingError.self) { try score("color,shape\nred,circle\n") }
        #expect(missing.description.contains("x: the header has no column for this field"))
        let twice = try #require(throws: ServingError.self) { try score("x,color,x\n1,red,2\n") }
        #expect(twice.description.contains("x: column 3 repeats a column of the header"))
        let empty = try #require(throws: ServingError.self) { try score("x,color\n") }
        #expect(empty.description.contains("the file has no rows to score below its header row; add the rows under it"))
    }
}
