import Foundation
import Models
import Testing

@testable import Evaluation

@Suite struct SliceSpecTests {
    static let sex = ["F", "M", "F", "M", "F", "M"]
    static let age = [19.0, 30, 41, .nan, 70, 30]

    @Test func specsFromPlainValues() throws {
        let spec = try SliceSpec(["sex", "age"], bands: ["age": .edges([25, 65])])
        #expect(spec.fields == [.init(name: "sex"), .init(name: "age", bands: .edges([25, 65]))])
        #expect(try SliceSpec("island").fields == [.init(name: "island")])
        #expect(throws: EvaluationError.self) { try SliceSpec([String]()) }
        #expect(throws: EvaluationError.self) { try SliceSpec(["sex", "sex"]) }
        #expect(throws: EvaluationError.self) { try SliceSpec("age", bands: ["age": .edges([30, 20])]) }
        #expect(throws: EvaluationError.self) { try SliceSpec("age", bands: ["age": .quantiles(1)]) }
    }

    @Test func categoricalAndBandedColumnsAndTheirIntersection() throws {
        let specs = try [
            SliceSpec("sex"), SliceSpec("age", bands: ["age": .edges([25, 65])]),
            SliceSpec(["sex", "age"], bands: ["age": .edges([25, 65])]),
        ]
        let (groups, slices) = try GroupColumns.declared(
            specs, columns: ["sex": .categorical(Self.sex, categories: ["F", "M", "X"]), "age": .numeric(Self.age)])
        #expect(slices == [["sex"], ["age_band"], ["sex", "age_band"]])
        #expect(groups.values["age_band"] == ["<25", "25-64", "25-64", "missing", "65+", "25-64"])
        #expect(groups.categories == ["sex": ["F", "M", "X"]])
        #expect(throws: EvaluationError(.unknownField("island"))) {
            try GroupColumns.declared([SliceSpec("island")], columns: [:])
        }
    }

    @Test func quantileBandsCutAtObservedValues() throws {
        let values = (1...8).map(Double.init)
        let (groups, _) = try GroupColumns.declared(
            [try SliceSpec("x", bands: ["x": .quantiles(4)])], columns: ["x": .numeric(values)])
        // Ranks ⌊i · 7 / 4⌋ = 1, 3, 5: edges 2, 4, 6.
        #expect(groups.values["x_band"] == ["<2", "2-3", "2-3", "4-5", "4-5", "6+", "6+", "6+"])
        // Undeclared banding of a numeric field is quartiles.
        let (same, _) = try GroupColumns.declared([try SliceSpec("x")], columns: ["x": .numeric(values)])
        #expect(same.values == groups.values)
    }

    /// Band labels sort by where the band starts, not as text (where `<25` came after `65+` and
    /// `10-19` before `9-9`), with `missing` and other text after them.
    @Test func bandGroupsAreInNumericOrder() throws {
        let ages: [Double] = [70, 30, .nan, 5, 12, 50, 9, 40]
        let (columns, _) = try GroupColumns.declared(
            [try SliceSpec("age", bands: ["age": .edges([9, 10, 20, 65])])], columns: ["age": .numeric(ages)])
        let grouped = try GroupedRows(columns: columns, fields: ["age_band"], rows: ages.count)
        #expect(grouped.groups.map { $0.key[0] } == ["<9", "9-9", "10-19", "20-64", "65+", "missing"])
        let quantiles = (0..<40).map { Double($0 * 7 % 40) - 20 }
        let (byQuantile, _) = try GroupColumns.declared(
            [try SliceSpec("x", bands: ["x": .quantiles(4)])], columns: ["x": .numeric(quantiles)])
        let keys = try GroupedRows(columns: byQuantile, fields: ["x_band"], rows: 40).groups.map { $0.key[0] }
        #expect(keys == ["<-11", "-11--2", "-1-8", "9+"])
        #expect(NumericBands.lowerEdge(of: "-11--2") == -11)
        #expect(NumericBands.lowerEdge(of: "2.5-3.5") == 2.5)
        #expect(NumericBands.lowerEdge(of: "missing") == nil)
        #expect(NumericBands.lowerEdge(of: "Amer-Indian-Eskimo") == nil)
    }

    /// Groups of a report written in text order are shown with bands in numeric order, other
    /// values where they first appear, field by field.
    @Test func reportsInTextOrderAreShownInBandOrder() {
        let single = [["25-34"], ["65+"], ["<25"], ["missing"]]
        #expect(NumericBands.inBandOrder(single, values: { $0 }) == [["<25"], ["25-34"], ["65+"], ["missing"]])
        let crossed = [["M", "25-34"], ["M", "<25"], ["F", "25-34"], ["F", "<25"], ["F", "missing"]]
        #expect(
            NumericBands.inBandOrder(crossed, values: { $0 }) == [
                ["M", "<25"], ["M", "25-34"], ["F", "<25"], ["F", "25-34"], ["F", "missing"],
            ])
    }

    /// The declared income slices give the breakdowns the committed reports were made with.
    @Test func legacySlicesAreTheCommittedOnes() throws {
        let (groups, slices) = try GroupColumns.declared(
            VersionEvaluation.legacySlices,
            columns: [
                "sex": .categorical(Self.sex, categories: ["F", "M"]),
                "race": .categorical(Self.sex.map { $0 == "F" ? "A" : "B" }, categories: ["A", "B"]),
                "age": .numeric(Self.age),
            ])
        #expect(slices == [["sex"], ["race"], ["age_band"], ["sex", "race"]])
        #expect(groups.values["age_band"] == ["<25", "25-34", "35-44", "missing", "65+", "25-34"])
    }

    @Test func multiclassAndRegressionSlicesWithGaps() throws {
        let n = 80
        let group = (0..<n).map { $0 % 2 == 0 ? "even" : "odd" }
        let columns = GroupColumns(values: ["g": group], categories: ["g": ["even", "odd", "none"]])
        // Even rows are always right; odd rows right only for class 0.
        let labels = (0..<n).map { $0 % 3 }
        var probabilities: [Double] = []
        for row in 0..<n {
            let predicted = row % 2 == 0 ? labels[row] : 0
            probabilities += (0..<3).map { $0 == predicted ? 0.8 : 0.1 }
        }
        let data = try ScoredClasses(labels: labels, probabilities: probabilities, classes: ["a", "b", "c"])
        let breakdown = try MulticlassSliceBreakdown.compute(
            data, columns: columns, fields: ["g"], bootstrap: BootstrapSettings(resamples: 20))
        #expect(breakdown.groups.map(\.name) == ["even", "odd", "none"])
        #expect(breakdown.groups.map(\.support) == [40, 40, 0])
        #expect(breakdown.groups[2].tooSmall && breakdown.groups[2].reason == "0 rows, fewer than 30")
        let odd = breakdown.groups[1].metrics
        let accuracyGap = try #require(breakdown.accuracyGap)
        #expect(accuracyGap.highest == "even" && abs(accuracyGap.difference - (1 - (odd.accuracy.value ?? 0))) < 1e-12)
        // Each group has 13 or 14 rows of a class: too few for a class's recall gap at 30 (trial26 #5).
        #expect(breakdown.truePositiveRateGaps.isEmpty)
        let recalls = try MulticlassSliceBreakdown.compute(
            data, columns: columns, fields: ["g"], bootstrap: BootstrapSettings(resamples: 20), minimumSupport: 13)
        #expect(recalls.truePositiveRateGaps["a"]?.difference == 0)
        #expect(recalls.truePositiveRateGaps["b"]?.difference == 1)
        #expect(recalls.truePositiveRateGaps["b"]?.highestCounts == RateCounts(successes: 13, trials: 13))
        #expect(recalls.truePositiveRateGaps["b"]?.lowestCounts == RateCounts(successes: 0, trials: 14))

        let targets = (0..<n).map { Double($0) }
        let predictions = targets.enumerated().map { $0.offset % 2 == 0 ? $0.element : $0.element + 2 }
        let regression = try RegressionSliceBreakdown.compute(
            try ScoredValues(targets: targets, predictions: predictions), columns: columns, fields: ["g"],
            bootstrap: BootstrapSettings(resamples: 20))
        #expect(regression.groups.map(\.metrics.meanAbsoluteError.value) == [0, 2, nil])
        #expect(regression.groups[1].metrics.rootMeanSquaredError.value == 2)
        #expect(regression.meanAbsoluteErrorGap?.difference == 2)
        #expect(regression.meanAbsoluteErrorGap?.highest == "odd")
    }
}

/// Slices of a version's test rows group by the test file's own values.
@Suite struct TestFileSliceTests {
    static let schema = Models.Schema(
        fields: [.categorical("race", ["Black", "White"]), .numeric("age")], label: "income",
        labelValues: ["no", "yes"])

    static func rows() throws -> Models.Dataset {
        let text =
            "race,age,income\nWhite,30,no\nAmer-Indian-Eskimo,40,yes\n,50,no\nBlack,20,yes\nAmer-Indian-Eskimo,41,no\n"
        let table = try CSVTable(bytes: Array(text.utf8), file: "test.csv", header: .firstRecord)
        return try Dataset(table: table, schema: schema)
    }

    /// A race training never saw is its own group, marked, not folded into `missing`, also in
    /// a subset of the rows (a held-out split).
    @Test func aCategoryTrainingNeverSawIsItsOwnMarkedGroup() throws {
        let data = try Self.rows().subset([1, 2, 3, 4])
        guard case .categorical(let values, let categories)? = VersionEvaluation.sliceColumns(of: data)["race"] else {
            Issue.record("race is not a categorical slice column")
            return
        }
        let unseen = "Amer-Indian-Eskimo (unseen in training)"
        #expect(values == [unseen, "missing", "Black", unseen])
        #expect(categories == ["Black", "White"])
        let (groups, slices) = try GroupColumns.declared(
            [SliceSpec("race")], columns: VersionEvaluation.sliceColumns(of: data))
        let scored = try ScoredLabels(labels: [true, false, true, false], scores: [0.9, 0.2, 0.8, 0.4])
        let breakdown = try SliceBreakdown.compute(
            scored, columns: groups, fields: slices[0], threshold: 0.5,
            bootstrap: BootstrapSettings(resamples: 0), minimumSupport: 1)
        #expect(breakdown.groups.map(\.name).sorted() == ["Black", unseen, "White", "missing"].sorted())
        #expect(breakdown.groups.first { $0.name == unseen }?.support == 2)
        #expect(breakdown.groups.first { $0.name == "missing" }?.support == 1)
    }
}
