import Basics
import Foundation
import Models
import RegistryTestSupport
import Testing

@testable import Registry

/// The description `new` generates names the data file; the site and its API show the
/// production version's training file in it (trial24 #9: "from rent.csv" stayed after the data
/// moved to rent-2.csv and rent-3.csv); one a person wrote stays as written.
@Suite struct EndpointDescriptionTests {
    static func definition(_ description: String) -> EndpointDefinition {
        var definition = Scratch.definition
        definition.description = description
        return definition
    }

    @Test func aGeneratedDescriptionNamesProductionsFile() {
        let generated = EndpointDefinition.generatedDescription(
            label: "income", task: .binary, data: "research/data/adult/adult.csv")
        #expect(generated == "Predicts income (binary) from research/data/adult/adult.csv.")
        let definition = Self.definition(generated)
        #expect(
            definition.shownDescription(productionData: "research/data/adult/adult-2.csv")
                == "Predicts income (binary) from research/data/adult/adult-2.csv.")
        #expect(definition.shownDescription(productionData: nil) == generated)
    }

    /// Trial29 #13: `new` inferred multiclass from ratings 1–5, the first version was trained with
    /// task = "regression" and replaced the schema; the generated description follows the task.
    @Test func aGeneratedDescriptionNamesTheEndpointsTask() {
        let definition = Self.definition("Predicts income (regression) from research/data/adult/adult.csv.")
        #expect(definition.schema.task == .binary)
        #expect(
            definition.shownDescription(productionData: nil)
                == "Predicts income (binary) from research/data/adult/adult.csv.")
        #expect(
            definition.shownDescription(productionData: "research/data/x.csv")
                == "Predicts income (binary) from research/data/x.csv.")
    }

    @Test(arguments: [
        "Income above $50K?", "Predicts income (binary) from the census, cleaned by hand.",
        "Predicts income (ranking) from research/data/adult/adult.csv.",
    ])
    func aWrittenDescriptionIsShownAsWritten(text: String) {
        #expect(Self.definition(text).shownDescription(productionData: "research/data/x.csv") == text)
    }

    @Test func theStateShowsTheProductionVersionsFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.registry.createEndpoint(
            Self.definition("Predicts income (binary) from research/data/adult/first.csv."), by: "alice")
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        #expect(
            try scratch.registry.load().shownDescription(of: "income_classifier")
                == "Predicts income (binary) from research/data/adult/first.csv.")
        try scratch.registry.setStatus(rf, to: .production, by: "bob")
        // Scratch's artifacts are trained on research/data/adult/adult.data.
        #expect(
            try scratch.registry.load().shownDescription(of: "income_classifier")
                == "Predicts income (binary) from research/data/adult/adult.data.")
        #expect(try scratch.registry.load().shownDescription(of: "nothing") == nil)
    }
}
