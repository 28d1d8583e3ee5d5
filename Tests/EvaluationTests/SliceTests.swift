import Foundation
import Testing

@testable import Evaluation

@Suite struct SliceTests {
    /// 100 rows: sex alternates F/M; race is "A" for rows < 90, "B" for the last 10.
    /// Women's positives are all caught (score 0.9); men's positives are missed half the time.
    static func table() throws -> (ScoredLabels, GroupColumns) {
        var labels: [Bool] = [], scores: [Double] = [], sex: [String] = [], race: [String] = []
        for row in 0..<100 {
            let female = row % 2 == 0
            let positive = row % 4 < 2
            labels.append(positive)
            sex.append(female ? "F" : "M")
            race.append(row < 90 ? "A" : "B")
            if positive {
                scores.append(female || row % 8 < 4 ? 0.9 : 0.2)
            } else {
                scores.append(0.1)
            }
        }
        let columns = GroupColumns(
            values: ["sex": sex, "race": race], categories: ["race": ["A", "B", "C"], "sex": ["F", "M"]])
        return (try ScoredLabels(labels: labels, scores: scores), columns)
    }

    @Test func perGroupMetricsAndGaps() throws {
        let (data, columns) = try Self.table()
        // Each group has 25 positives: a TPR gap needs that many at least (trial26 #5).
        let breakdown = try SliceBreakdown.compute(
            data, columns: columns, fields: ["sex"], threshold: 0.5, bootstrap: BootstrapSettings(resamples: 50),
            minimumSupport: 25)
        #expect(breakdown.groups.map(\.name) == ["F", "M"])
        let female = breakdown.groups[0], male = breakdown.groups[1]
        #expect(female.support == 50 && male.support == 50)
        #expect(female.metrics.recall.value == 1)
        #expect(male.metrics.recall.value == 0.52)  // 13 of 25 male positives caught
        #expect(!female.tooSmall && !male.tooSmall)
        let tpr = try #require(breakdown.truePositiveRateGap)
        #expect(abs(tpr.difference - 0.48) < 1e-12)
        #expect(tpr.highest == "F" && tpr.lowest == "M" && tpr.groupsCompared == 2)
        #expect(tpr.highestCounts == RateCounts(successes: 25, trials: 25))
        #expect(tpr.lowestCounts == RateCounts(successes: 13, trials: 25))
        let parity = try #require(breakdown.demographicParityGap)
        #expect(abs(parity.difference - (25.0 / 50 - 13.0 / 50)) < 1e-12)
        #expect(parity.highestCounts == RateCounts(successes: 25, trials: 50))
        #expect(parity.lowestCounts == RateCounts(successes: 13, trials: 50))
        #expect(
            try EvaluationReport(
                model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
                data: data,
                options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 0), minimumSliceSupport: 25),
                groups: columns, slices: [["sex"]]
            ).summary().contains("TPR gap 0.4800 (F 25/25 − M 13/25)"))
    }

    /// trial26 #5: a true-positive rate divides by the positives, so a group of 50 rows with 25
    /// positives is too small for the TPR gap at the default minimum of 30, not for parity's.
    @Test func theTPRGapCountsPositivesNotRows() throws {
        let (data, columns) = try Self.table()
        let breakdown = try SliceBreakdown.compute(
            data, columns: columns, fields: ["sex"], threshold: 0.5, bootstrap: BootstrapSettings(resamples: 0))
        #expect(!breakdown.groups[0].tooSmall && !breakdown.groups[1].tooSmall)
        #expect(breakdown.truePositiveRateGap == nil)
        #expect(breakdown.demographicParityGap?.groupsCompared == 2)
    }

    @Test func aGapBetweenEqualGroupsNamesTwoOfThem() throws {
        let equal = try #require(
            SliceGap.between([("female", false, 1.0), ("small", true, 0.5), ("male", false, 1.0)]))
        #expect(equal.difference == 0 && equal.highest == "female" && equal.lowest == "male")
        let spread = try #require(SliceGap.between([("a", false, 0.5), ("b", false, 0.9), ("c", false, 0.5)]))
        #expect(spread.highest == "b" && spread.lowest == "a" && abs(spread.difference - 0.4) < 1e-12)
        #expect(SliceGap.between([("a", false, 0.5), ("b", true, 0.9)]) == nil)
    }

    @Test func smallAndEmptyGroupsAreFlaggedNotHidden() throws {
        let (data, columns) = try Self.table()
        let breakdown = try SliceBreakdown.compute(
            data, columns: columns, fields: ["race"], threshold: 0.5, bootstrap: BootstrapSettings(resamples: 50),
            minimumSupport: 30)
        #expect(breakdown.groups.map(\.name) == ["A", "B", "C"])
        let b = breakdown.groups[1], c = breakdown.groups[2]
        #expect(b.support == 10 && b.tooSmall && b.reason == "10 rows, fewer than 30")
        #expect(c.support == 0 && c.tooSmall)
        #expect(c.metrics.accuracy.value == nil)
        // Only A is judgeable, so there is no gap to report.
        #expect(breakdown.truePositiveRateGap == nil)
    }

    @Test func intersectionsCoverEveryDeclaredCombination() throws {
        let (data, columns) = try Self.table()
        let breakdown = try SliceBreakdown.compute(
            data, columns: columns, fields: ["sex", "race"], threshold: 0.5, bootstrap: BootstrapSettings(resamples: 20)
        )
        #expect(breakdown.name == "sex × race")
        #expect(breakdown.groups.map(\.name) == ["F × A", "F × B", "F × C", "M × A", "M × B", "M × C"])
        #expect(breakdown.groups.map(\.support) == [45, 5, 0, 45, 5, 0])
        #expect(breakdown.groups.map(\.tooSmall) == [false, true, true, false, true, true])
    }

    @Test func classAbsentIsTooSmall() throws {
        let data = try ScoredLabels(
            labels: [Bool](repeating: false, count: 40), scores: [Double](repeating: 0.2, count: 40))
        let breakdown = try SliceBreakdown.compute(
            data, columns: GroupColumns(values: ["g": [String](repeating: "x", count: 40)]), fields: ["g"],
            threshold: 0.5, bootstrap: BootstrapSettings(resamples: 10))
        #expect(breakdown.groups.first?.reason == "no positive rows")
    }

    @Test func unknownFieldAndWrongLengthAreErrors() throws {
        let (data, columns) = try Self.table()
        #expect(throws: EvaluationError(.unknownField("age"))) {
            try SliceBreakdown.compute(
                data, columns: columns, fields: ["age"], threshold: 0.5, bootstrap: BootstrapSettings())
        }
        let short = GroupColumns(values: ["sex": ["F"]])
        #expect(throws: EvaluationError.self) {
            try SliceBreakdown.compute(
                data, columns: short, fields: ["sex"], threshold: 0.5, bootstrap: BootstrapSettings())
        }
    }
}
