import Testing

@testable import Basics

@Suite struct VersionIDTests {
    @Test(arguments: [
        ("income_classifier/random_forest@1.0.0", true),
        ("a/b@c", true),
        ("a/b", false),
        ("a@1", false),
        ("a/b/c@1", false),
        ("a/b@1@2", false),
        ("/b@1", false),
        ("a/..@1", false),
        ("../x@1", false),
        ("a/b@", false),
        ("a b/c@1", false),
    ])
    func parses(text: String, valid: Bool) {
        let id = VersionID(parsing: text)
        #expect((id != nil) == valid)
        if let id { #expect(id.description == text) }
    }

    @Test func shortNameAndOrder() throws {
        let id = try #require(VersionID(parsing: "income_classifier/random_forest@1.10.0"))
        #expect(id.shortName == "random_forest@1.10.0")
        #expect(id > VersionID(endpoint: "income_classifier", model: "random_forest", version: "1.9.0"))
        #expect(id < VersionID(endpoint: "income_classifier", model: "random_forest", version: "2.0"))
    }
}

@Suite struct RepositoryLayoutTests {
    static let id = VersionID(endpoint: "income_classifier", model: "random_forest", version: "1.0.0")

    @Test func artifactPaths() {
        #expect(
            RepositoryLayout.artifactFolder(of: Self.id) == "research/artifacts/income_classifier/random_forest/1.0.0")
        #expect(
            RepositoryLayout.artifactFolder(of: Self.id, in: "/tmp/a") == "/tmp/a/income_classifier/random_forest/1.0.0"
        )
        #expect(
            RepositoryLayout.artifact(.model, of: Self.id)
                == "research/artifacts/income_classifier/random_forest/1.0.0/model.bin")
        #expect(
            RepositoryLayout.artifact(.trainingRecord, of: Self.id)
                == "research/artifacts/income_classifier/random_forest/1.0.0/training.json")
        #expect(
            RepositoryLayout.artifact(.evaluationReport, of: Self.id)
                == "research/artifacts/income_classifier/random_forest/1.0.0/evaluation.json")
    }

    @Test func registryAndCardPaths() {
        #expect(RepositoryLayout.registry(.servingSnapshot) == "research/registry/serving.json")
        #expect(RepositoryLayout.registry(.events) == "research/registry/events")
        #expect(
            RepositoryLayout.card(endpoint: "income_classifier", model: "random_forest")
                == "research/cards/income_classifier/random_forest.md")
    }
}
