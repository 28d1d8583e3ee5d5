import Basics
import Foundation
import Models
import RegistryTestSupport
import Snapshot
import Testing

@testable import Registry

@Suite struct RuleTests {
    @Test func registrationStartsInTesting() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        let state = try scratch.registry.load()
        let record = try #require(state.versions[id])
        #expect(record.status == .testing)
        #expect(record.facts.artifact.path == "research/artifacts/income_classifier/random_forest/1.0.0/model.bin")
        #expect(record.facts.artifact.size == 5)
        #expect(record.facts.owner == "research")
        #expect(record.lastChange?.by == "bob")
    }

    /// A registration's summary gives a trained version's algorithm and seed, and says an
    /// imported one was imported (its seed is none of ours).
    @Test func summariesTellTrainedFromImportedVersions() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let imported = try #require(VersionID(parsing: "income_classifier/lightgbm@1.0.0"))
        try scratch.makeArtifact(imported, seed: 0, trainer: "modelpress-import/1")
        _ = try scratch.registry.register(imported, by: "bob")
        let loaded = try scratch.registry.load()
        let summaries = loaded.events.suffix(2).map { $0.summary(in: loaded) }
        #expect(
            summaries == [
                "random_forest@1.0.0 registered in testing (random_forest, seed 42)",
                "lightgbm@1.0.0 registered in testing (imported random_forest model)",
            ])
    }

    @Test func identicalRegistrationIsANoOp() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        let before = try scratch.eventLines()
        let outcome = try scratch.registry.register(id, by: "carol")
        guard case .unchanged = outcome else {
            Issue.record("expected .unchanged, got \(outcome)")
            return
        }
        #expect(try scratch.eventLines() == before)
    }

    @Test func changedRegistrationIsRefusedNamingTheFields() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        try scratch.makeArtifact(id, bytes: "retrained", seed: 7)
        let error = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(
            error.description
                == "income_classifier/random_forest@1.0.0 is already registered with other facts (seed, artifact.sha256, artifact.size differ); versions are immutable, register a new version"
        )
    }

    @Test func registrationNeedsAKnownEndpointAndArtifact() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let id = vid("income_classifier/random_forest@1.0.0")
        let missing = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(
            missing.reason == .artifactMissing("research/artifacts/income_classifier/random_forest/1.0.0/model.bin"))
        try scratch.makeArtifact(id)
        let none = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(none.reason == .noRegistry)
        var churn = Scratch.definition
        churn.name = "churn"
        try scratch.registry.createEndpoint(churn, by: "alice")
        let unknown = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(unknown.reason == .unknownEndpoint("income_classifier"))
    }

    @Test func aDamagedTrainingRecordIsRefusedSayingWhere() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try #require(VersionID(parsing: "income_classifier/random_forest@1.0.0"))
        try scratch.makeArtifact(id)
        let file = scratch.root.appendingPathComponent(
            "research/artifacts/income_classifier/random_forest/1.0.0/training.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: #""seed" : 42"#, with: #""seed" : "42""#).write(
            to: file, atomically: true, encoding: .utf8)
        let line =
            try #require(
                text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(#""seed""#) })
            + 1
        let error = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(error.description.hasPrefix("\(file.path):\(line): bad JSON: column "))
        #expect(error.description.hasSuffix(": expected a number"))
    }

    @Test func schemaMustMatchTheEndpoint() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/extra_trees@1.0.0")
        let id = vid("income_classifier/random_forest@1.0.0")
        var schema = Scratch.schema
        schema.labelValues = ["no", "yes"]
        try scratch.makeArtifact(id, schema: schema)
        let error = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(
            error.description.contains(
                "schema is incompatible with the schema of endpoint income_classifier: the classes differ: the version adds 'no', 'yes' and lacks '<=50K', '>50K'"
            ))
        #expect(try scratch.registry.load().versions[id] == nil)
    }

    /// Each incompatible change is refused naming the field, the difference and what to do,
    /// and nothing is written.
    @Test(arguments: [
        (
            Schema(
                fields: Scratch.schema.fields + [.numeric("hours")], label: "income", labelValues: ["<=50K", ">50K"]),
            "field 'hours' is new (the endpoint has no such field; list it in the pipeline's `ignore`)"
        ),
        (
            Schema(fields: [.numeric("age")], label: "income", labelValues: ["<=50K", ">50K"]),
            "field 'sex' is missing (the endpoint has it; keep its column in the data)"
        ),
        (
            Schema(
                fields: [.categorical("age", ["young"]), Scratch.schema.fields[1]], label: "income",
                labelValues: ["<=50K", ">50K"]),
            "field 'age' is categorical, the endpoint's is numeric (declare `age = \"numeric\"` under [data.columns])"
        ),
        (
            Schema(fields: Scratch.schema.fields.reversed(), label: "income", labelValues: ["<=50K", ">50K"]),
            "the fields are the endpoint's in another order: an endpoint's versions share one order, and this version "
                + "was trained with its file's; `modelpress train` reads a file's columns in the order of the endpoint "
                + "it registers to, so train it again with the endpoint's registry at hand, or write the file's columns "
                + "in the endpoint's order (age, sex, the label anywhere), as pandas' "
                + "df[['age', 'sex', 'income']].to_csv(...) does"
        ),
        (
            Schema(fields: Scratch.schema.fields, label: "income", labelValues: [">50K", "<=50K"]),
            "the positive class is '<=50K', the endpoint's is '>50K'"
        ),
        (
            Schema(fields: Scratch.schema.fields, label: "income", labelValues: []),
            "the task is regression, the endpoint's is binary"
        ),
    ])
    func incompatibleSchemasAreRefusedNamingTheDifference(schema: Schema, difference: String) throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let id = vid("income_classifier/random_forest@2.0.0")
        try scratch.makeArtifact(id, schema: schema)
        let before = try scratch.eventLines()
        let error = try #require(throws: RegistryError.self) { try scratch.registry.register(id, by: "bob") }
        #expect(error.description.contains(difference))
        #expect(error.description.hasSuffix("create another endpoint for this data (`modelpress new`)"))
        #expect(try scratch.eventLines() == before)
        #expect(try EndpointDefinition.read(from: scratch.definitionFile) == Scratch.definition)
    }

    /// An endpoint's first version replaces the schema the endpoint was created with (a column
    /// ignored, a kind declared, another positive class); the second must then fit it.
    @Test func theFirstVersionSetsTheEndpointsSchema() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let schema = Schema(
            fields: [.categorical("sex", ["Female", "Male"])], label: "income", labelValues: [">50K", "<=50K"])
        let first = vid("income_classifier/random_forest@1.0.0")
        try scratch.makeArtifact(first, schema: schema)
        guard case .registered(_, let additions, _) = try scratch.registry.register(first, by: "bob") else {
            Issue.record("expected the first version to register")
            return
        }
        #expect(additions == ["its first version's schema replaces the one it was created with"])
        #expect(try EndpointDefinition.read(from: scratch.definitionFile).schema == schema)
        #expect(scratch.registry.check().isEmpty)

        let second = vid("income_classifier/random_forest@2.0.0")
        try scratch.makeArtifact(second)
        let error = try #require(throws: RegistryError.self) { try scratch.registry.register(second, by: "bob") }
        #expect(error.description.contains("field 'age' is new"))
    }

    /// New categories and a field that may now be missing extend the endpoint's definition file
    /// (and the serving snapshot) in the same write; `registry check` stays clean.
    @Test func newCategoriesAndMissingValuesExtendTheEndpoint() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let first = try scratch.registered("income_classifier/random_forest@1.0.0")
        var schema = Scratch.schema
        schema.fields[1].categories = ["Female", "Intersex", "Male", "Other"]
        schema.fields[0].nullable = true
        let id = vid("income_classifier/random_forest@2.0.0")
        try scratch.makeArtifact(id, schema: schema)
        let outcome = try scratch.registry.register(id, by: "bob")
        guard case .registered(_, let additions, let kept) = outcome else {
            Issue.record("expected .registered, got \(outcome)")
            return
        }
        #expect(additions == ["age may be missing", "sex gains 'Intersex', 'Other'"])
        #expect(kept.isEmpty)
        var expected = Scratch.definition
        expected.schema.fields[0].nullable = true
        expected.schema.fields[1].categories = ["Female", "Male", "Intersex", "Other"]
        #expect(try EndpointDefinition.read(from: scratch.definitionFile) == expected)
        #expect(try scratch.registry.load().endpoints["income_classifier"]?.definition == expected)
        let snapshot = try ServingSnapshot.read(from: scratch.registry.servingFile)
        #expect(snapshot.endpoints["income_classifier"]?.schema == expected.schema)
        #expect(scratch.registry.check().isEmpty)

        // A version without the new categories (the first one, again, or a third) changes nothing.
        #expect(try scratch.registry.register(first, by: "bob") == .unchanged(scratch.registry.load().versions[first]!))
        let third = vid("income_classifier/extra_trees@1.0.0")
        try scratch.makeArtifact(third)
        guard case .registered(_, let none, let kept) = try scratch.registry.register(third, by: "bob") else {
            Issue.record("expected the third version to register")
            return
        }
        #expect(none.isEmpty)
        // The endpoint keeps what the third version does not know, and registration says so.
        #expect(kept == ["sex: 'Intersex', 'Other'"])
        #expect(try EndpointDefinition.read(from: scratch.definitionFile) == expected)
    }

    /// A version trained with trim_spaces no longer knows `'basic '`, which the endpoint keeps
    /// while any registered version knows it: `kept` names it and why a value between the two
    /// is refused (trial15 #12); the union rule itself is unchanged.
    @Test func categoriesTheEndpointKeepsAreNamed() throws {
        let endpoint = Schema(
            fields: [.categorical("plan", ["Basic", "basic", "basic ", "pro"])], label: "y", labelValues: ["n", "y"])
        let trimmed = Schema(
            fields: [.categorical("plan", ["Basic", "basic", "pro"])], label: "y", labelValues: ["n", "y"])
        let extension_ = try SchemaExtension(endpoint: endpoint, version: trimmed, id: vid("e/trim@1.0.0"))
        #expect(extension_.schema == endpoint)
        #expect(extension_.additions.isEmpty)
        #expect(
            extension_.kept == [
                "plan: 'basic ' (differs from 'basic' only in surrounding spaces or line endings, so a value such as "
                    + "' basic' matches both and is refused as ambiguous)"
            ])
        let lower = Schema(fields: [.categorical("plan", ["basic", "pro"])], label: "y", labelValues: ["n", "y"])
        #expect(
            try SchemaExtension(endpoint: lower, version: trimmed, id: vid("e/x@1.0.0")).kept.isEmpty)
        let upper = Schema(fields: [.categorical("plan", ["PRO", "basic"])], label: "y", labelValues: ["n", "y"])
        #expect(
            try SchemaExtension(endpoint: upper, version: lower, id: vid("e/x@1.0.0")).kept == [
                "plan: 'PRO' (differs from 'pro' only in letter case)"
            ])
    }

    @Test func promotingArchivesThePreviousProductionAsItsOwnEvent() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let old = try scratch.registered("income_classifier/random_forest@1.0.0")
        let new = try scratch.registered("income_classifier/extra_trees@1.0.0")
        try scratch.registry.setStatus(old, to: .production, by: "alice")
        let events = try scratch.registry.setStatus(new, to: .production, by: "carol", note: "better AUC")
        let loaded = try scratch.registry.load()
        #expect(
            events.map { $0.summary(in: loaded) } == [
                "random_forest@1.0.0: production → archived (replaced by extra_trees@1.0.0)",
                "extra_trees@1.0.0: testing → production",
            ])
        #expect(events.map(\.by) == ["carol", "carol"])
        let state = try scratch.registry.load()
        #expect(state.production(of: "income_classifier")?.id == new)
        #expect(state.versions[old]?.status == .archived)
        #expect(state.versions.values.filter { $0.status == .production }.count == 1)
    }

    @Test func rollbackPromotesAnArchivedVersion() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let old = try scratch.registered("income_classifier/random_forest@1.0.0")
        let new = try scratch.registered("income_classifier/random_forest@2.0.0")
        try scratch.registry.setStatus(old, to: .production, by: "alice")
        try scratch.registry.setStatus(new, to: .production, by: "alice")
        try scratch.registry.setStatus(old, to: .production, by: "alice", note: "rollback")
        let state = try scratch.registry.load()
        #expect(state.production(of: "income_classifier")?.id == old)
        #expect(state.versions[new]?.status == .archived)
    }

    @Test(arguments: [
        (ModelStatus.production, ModelStatus.testing, false),
        (.testing, .staging, true), (.staging, .testing, true), (.production, .staging, true),
        (.archived, .production, true), (.archived, .abTesting, false), (.testing, .abTesting, false),
        (.abTesting, .production, false),
    ])
    func transitionTable(from: ModelStatus, to: ModelStatus, allowed: Bool) {
        #expect(from.allowsManualTransition(to: to) == allowed)
    }

    @Test func illegalTransitionSaysWhatIsAllowed() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        try scratch.registry.setStatus(id, to: .production, by: "alice")
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(id, to: .testing, by: "alice")
        }
        #expect(
            error.description
                == "illegal transition for income_classifier/random_forest@1.0.0: production → testing (from production a version may go to staging, archived)"
        )
    }

    @Test func abTestingOnlyThroughAnABTest() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(id, to: .abTesting, by: "alice")
        }
        #expect(error.reason == .abTestingOnlyThroughABTest(id))
    }

    @Test func unknownVersion() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(vid("income_classifier/nope@1"), to: .staging, by: "alice")
        }
        #expect(error.description == "unknown version income_classifier/nope@1: it was never registered")
    }

    /// Trial 13, finding 13: a mistyped version or endpoint gets a "did you mean".
    @Test func aMistypedVersionOrEndpointGetsADidYouMean() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let version = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(vid("income_classifier/random_forst@1.0.0"), to: .staging, by: "alice")
        }
        #expect(
            version.description
                == "unknown version income_classifier/random_forst@1.0.0: it was never registered; did you mean "
                + "'income_classifier/random_forest@1.0.0'?")
        let endpoint = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_clasifier", a: ("random_forest", "1.0.0"), b: ("x", "1"), title: "t", by: "d")
        }
        #expect(endpoint.description.hasSuffix("; did you mean 'income_classifier'?"), "\(endpoint.description)")
    }

    @Test func sameStatusIsANoOp() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        #expect(try scratch.registry.setStatus(id, to: .testing, by: "alice").isEmpty)
        #expect(try scratch.eventLines().count == 2)
    }

    @Test func everyEventHasAnActor() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        #expect(throws: RegistryError.self) { try scratch.registry.setStatus(id, to: .staging, by: "  ") }
    }

    @Test func aClockBehindTheLogIsRefused() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        scratch.clock.set("2026-10-31T10:00:00Z")
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(id, to: .staging, by: "x")
        }
        #expect(
            error.description
                == "the clock (2026-10-31T10:00:00Z) is behind the log's last event (2026-11-01T10:00:00Z); fix the clock"
        )
    }
}

/// Several commands in one write: the same events as one write per command, each command
/// checked against what the write appended before it, and nothing written when one fails.
@Suite struct TransactionCommandTests {
    @Test func commandsInOneWriteMatchOneWriteEach() throws {
        let one = try Scratch()
        defer { one.remove() }
        let each = try Scratch()
        defer { each.remove() }
        let ids = ["1.0.0", "1.1.0"].compactMap { VersionID(parsing: "income_classifier/random_forest@\($0)") }
        for scratch in [one, each] { for id in ids { try scratch.makeArtifact(id) } }

        let artifacts = try ids.map { try one.registry.artifact(of: $0) }
        try one.registry.write(by: "alice", creatingFolder: true) { transaction in
            try transaction.createEndpoint(Scratch.definition)
            for (id, artifact) in zip(ids, artifacts) { _ = try transaction.register(id, artifact: artifact) }
            try transaction.setStatus(ids[0], to: .production)
            // Sees the production version the same write made: archives it.
            #expect(try transaction.setStatus(ids[1], to: .production).count == 2)
        }
        try each.registry.createEndpoint(Scratch.definition, by: "alice")
        for id in ids { _ = try each.registry.register(id, by: "alice") }
        try each.registry.setStatus(ids[0], to: .production, by: "alice")
        try each.registry.setStatus(ids[1], to: .production, by: "alice")

        #expect(try one.eventLines() == each.eventLines())
        #expect(try one.registry.load().versions[ids[0]]?.status == .archived)
        #expect(one.registry.check().isEmpty)
    }

    @Test func aTransactionChecksEndpointNamesToo() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        var definition = Scratch.definition
        definition.name = "../escape"
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.write(by: "bob") { try $0.createEndpoint(definition) }
        }
        #expect(error.reason == .invalidName("../escape"))
    }

    /// `SPECIES` beside `species` collide on macOS and Windows checkouts (trial19 #8): refused,
    /// naming the existing endpoint; the existing name itself still behaves as before.
    @Test func aNameDifferingOnlyInCaseIsRefused() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let existing = Scratch.definition.name
        var definition = Scratch.definition
        definition.name = existing.uppercased()
        let before = try scratch.eventLines()
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.createEndpoint(definition, by: "alice")
        }
        #expect(error.reason == .endpointExistsIgnoringCase(existing.uppercased(), existing: existing))
        #expect(
            error.description.contains(
                "endpoint '\(existing.uppercased())' differs from the existing endpoint '\(existing)' only in case"),
            "\(error.description)")
        #expect(try scratch.eventLines() == before)
        #expect(try scratch.registry.createEndpoint(Scratch.definition, by: "alice") == nil)
    }

    @Test(arguments: ["jobs", "requests", "health"])
    func predictCGIRouteNamesCannotNameANewEndpoint(name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var definition = Scratch.definition
        definition.name = name
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.createEndpoint(definition, by: "alice")
        }
        #expect(error.reason == .reservedEndpointName(name))
        #expect(error.description.contains("predict.cgi routes /\(name)/… itself (reserved: health, jobs, requests)"))
        #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("research/registry").path))
        definition.name = "\(name)_forecast"
        #expect(try scratch.registry.createEndpoint(definition, by: "alice") != nil)
    }

    @Test func aFailingCommandWritesNothing() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        let before = try scratch.eventLines()
        #expect(throws: RegistryError.self) {
            try scratch.registry.write(by: "bob") { transaction in
                try transaction.setStatus(id, to: .staging)
                try transaction.setStatus(id, to: .abTesting)
            }
        }
        #expect(try scratch.eventLines() == before)
    }
}
