import Testing

@testable import Evaluation

@Suite struct NumericBandsTests {
    @Test func agesFallInInclusiveWholeNumberBands() throws {
        let bands = try NumericBands(edges: [25, 35, 65])
        #expect(bands.labels == ["<25", "25-34", "35-64", "65+"])
        #expect(
            bands.label([17, 25, 34.5, 35, 64, 65, 90, .nan]) == [
                "<25", "25-34", "25-34", "35-64", "35-64", "65+", "65+", "missing",
            ])
    }

    @Test func fractionalEdgesAreHalfOpen() throws {
        #expect(try NumericBands(edges: [0.5, 1.5]).labels == ["<0.5", "0.5-1.5", "1.5+"])
    }

    @Test func badEdgesAreRejected() {
        #expect(throws: EvaluationError.self) { try NumericBands(edges: [3, 2]) }
        #expect(throws: EvaluationError.self) { try NumericBands(edges: []) }
    }

    @Test func declaredBandOrderIsKeptInSlices() throws {
        let bands = try NumericBands(edges: [25, 35])
        let ages: [Double] = (0..<90).map { Double(18 + $0 % 40) }
        let data = try ScoredLabels(labels: ages.indices.map { $0 % 2 == 0 }, scores: ages.map { $0 / 100 })
        let columns = GroupColumns(values: ["age_band": bands.label(ages)], categories: ["age_band": bands.labels])
        let breakdown = try SliceBreakdown.compute(
            data, columns: columns, fields: ["age_band"], threshold: 0.5, bootstrap: BootstrapSettings(resamples: 10))
        #expect(breakdown.groups.map(\.name) == ["<25", "25-34", "35+"])
    }
}
