import Foundation
import Testing

@testable import Registry

/// The registry committed in research/registry/ is sound and serves what it records.
@Suite struct RepositoryRegistryTests {
    static let registry = Registry(root: ParallelWriteTests.packageRoot.path)

    @Test func committedRegistryPassesTheCheck() {
        let prefix = ParallelWriteTests.packageRoot.path + "/"
        #expect(Self.registry.check().map { $0.description.replacingOccurrences(of: prefix, with: "") } == [])
    }

    @Test func incomeClassifierHasTheAdultSchema() throws {
        let state = try Self.registry.load()
        let endpoint = try #require(state.endpoints["income_classifier"])
        let schema = endpoint.definition.schema
        #expect(
            schema.fields.map(\.name) == [
                "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
                "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
            ])
        #expect(schema.label == "income")
        #expect(schema.labelValues == ["<=50K", ">50K"])
        #expect(schema.field(named: "native-country")?.categories.count == 41)
        #expect(schema.field(named: "education")?.categories.count == 16)
    }
}
