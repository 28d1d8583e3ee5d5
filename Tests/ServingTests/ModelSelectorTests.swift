import Basics
import Foundation
import JSONWriting
import Models
import Snapshot
import Testing

@testable import Serving

/// A generator that always gives the same number, for the random A/B path.
struct FixedGenerator: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct ModelSelectorTests {
    static func version(_ model: String, _ version: String, _ status: ModelStatus) -> ServingSnapshot.Version {
        let json = """
            {"model":"\(model)","version":"\(version)","status":"\(status.rawValue)","artifact":"a","sha256":"s","size":1}
            """
        return
            (try? SnapshotForTests.endpoint(
                #"{"schema":{"fields":[],"label":"y","label_values":["0","1"]},"versions":["# + json + "]}"))!
            .versions[0]
    }

    static func endpoint(
        _ versions: [ServingSnapshot.Version], abTest: String? = nil
    ) throws -> ServingSnapshot.Endpoint {
        let schema = #"{"fields":[],"label":"y","label_values":["0","1"]}"#
        let versionsJSON = try versions.map { String(decoding: try JSONWriter.encode($0, .line), as: UTF8.self) }
            .joined(separator: ",")
        let json = "{\"schema\":\(schema),\"versions\":[\(versionsJSON)]\(abTest.map { ",\"ab_test\":\($0)" } ?? "")}"
        return try SnapshotForTests.endpoint(json)
    }

    let rf = version("rf", "1.0.0", .production)
    let gb = version("gb", "1.0.0", .testing)
    let et = version("et", "1.0.0", .testing)
    let rf2 = version("rf", "2.0.0", .staging)

    func select(
        _ endpoint: ServingSnapshot.Endpoint, status: String? = nil, model: String? = nil, version: String? = nil,
        client: String? = nil, random: UInt64 = 0
    ) throws(ServingError) -> ModelSelector.Selection {
        var generator = FixedGenerator(value: random)
        return try ModelSelector(endpointName: "e", endpoint: endpoint).select(
            status: status, model: model, version: version, clientKey: client, using: &generator)
    }

    @Test func unpinnedGoesToProduction() throws {
        let selection = try select(Self.endpoint([gb, rf]))
        #expect(selection.version == rf)
        #expect(selection.abTest == nil)
    }

    @Test func noProductionIs404() throws {
        let error = try #require(throws: ServingError.self) { try select(Self.endpoint([gb])) }
        #expect(error.status.code == 404)
        #expect(error.message.hasPrefix("e has no production version"))
    }

    @Test func statusPins() throws {
        let endpoint = try Self.endpoint([et, gb, rf, rf2])
        #expect(try select(endpoint, status: "staging").version == rf2)
        #expect(try select(endpoint, status: "testing", model: "gb").version == gb)
        let conflict = try #require(throws: ServingError.self) { try select(endpoint, status: "testing") }
        #expect(conflict.status.code == 409)
        #expect(conflict.message.contains("et@1.0.0, gb@1.0.0"))
        #expect(try #require(throws: ServingError.self) { try select(endpoint, status: "archived") }.status.code == 404)
        #expect(
            try #require(throws: ServingError.self) { try select(endpoint, status: "ab_testing") }.status.code == 404)
        #expect(try #require(throws: ServingError.self) { try select(endpoint, status: "live") }.status.code == 400)
    }

    @Test func modelAndVersionPins() throws {
        let endpoint = try Self.endpoint([et, gb, rf, rf2])
        #expect(try select(endpoint, model: "rf", version: "2.0.0").version == rf2)
        #expect(try select(endpoint, model: "gb").version == gb)
        // A model with two served versions is ambiguous, as a status or a version number two
        // models have is (trial19 #12): no silent "newest".
        let twoOfRF = try #require(throws: ServingError.self) { try select(endpoint, model: "rf") }
        #expect(twoOfRF.status.code == 409)
        #expect(
            twoOfRF.message
                == "e/rf has 2 served versions: rf@1.0.0 (production), rf@2.0.0 (staging); add version (or status) "
                + "to pin one")
        #expect(twoOfRF.errors.map(\.field) == ["model"])
        #expect(try select(endpoint, status: "staging", model: "rf").version == rf2)
        let served = endpoint.versions.map { "\($0.model)@\($0.version)" }.joined(separator: ", ")
        let missing = try #require(throws: ServingError.self) { try select(endpoint, model: "rf", version: "0.9") }
        #expect(missing.message == "e/rf@0.9 is not served: it was never registered; served: " + served)
        #expect(missing.errors == [.init(field: "version", message: "matches no served version")])
        // A misspelt model is named (trial15 #14).
        let misspelt = try #require(throws: ServingError.self) { try select(endpoint, model: "rff") }
        #expect(
            misspelt.message
                == "e/rff is not served: no version of it was ever registered (did you mean model rf?); served: "
                + served)
        #expect(misspelt.errors == [.init(field: "model", message: "matches no served version (did you mean rf?)")])
        let version = try #require(throws: ServingError.self) { try select(endpoint, version: "1.0.0") }
        #expect(version.status.code == 409)
        #expect(version.errors.map(\.field) == ["version"])
        let status = try #require(throws: ServingError.self) { try select(endpoint, status: "testing") }
        #expect(status.errors.map(\.field) == ["status"])
    }

    /// A status pin combined with a model or version says plainly what was asked and where the
    /// version is instead; an archived version written short is named as archived (trial19 #12).
    @Test func combinedPinsSayWhatWasAsked() throws {
        var endpoint = try Self.endpoint([gb, rf, rf2])
        endpoint.archived = ["stump@1.0.0"]
        let inOther = try #require(throws: ServingError.self) {
            try select(endpoint, status: "production", model: "gb")
        }
        #expect(inOther.status.code == 404)
        #expect(
            inOther.message
                == "no version of e/gb is in status production: gb@1.0.0 is testing; pin that status, or leave status out"
        )
        #expect(inOther.errors == [.init(field: "status", message: "gb@1.0.0 is testing, not production")])
        let exact = try #require(throws: ServingError.self) {
            try select(endpoint, status: "testing", model: "rf", version: "2.0.0")
        }
        #expect(exact.message.hasPrefix("e/rf@2.0.0 is not in status testing: rf@2.0.0 is staging;"))
        // A pin that matches no served version at all gets the unserved pin's 404.
        let never = try #require(throws: ServingError.self) { try select(endpoint, status: "testing", model: "xx") }
        #expect(never.message.hasPrefix("e/xx is not served: no version of it was ever registered"))
        let archived = try #require(throws: ServingError.self) { try select(endpoint, model: "stump", version: "1.0") }
        #expect(
            archived.message
                == "e/stump@1.0 is not served: it was never registered (stump@1.0.0 is archived, and archived "
                + "versions are not served); served: gb@1.0.0, rf@1.0.0, rf@2.0.0")
        #expect(
            archived.errors == [
                .init(field: "model", message: "matches no served version"),
                .init(field: "version", message: "matches no served version (stump@1.0.0 is archived)"),
            ])
    }

    /// The 404 for an unserved pin says whether it is archived or never registered, what was
    /// meant (a model in another case, a version written short) and names the pins in `errors`
    /// (trial18 #6).
    @Test func anUnservedPinSaysWhyAndWhatWasMeant() throws {
        var endpoint = try Self.endpoint([gb, rf, rf2])
        endpoint.archived = ["et@1.0.0", "rf@0.5.0"]
        let served = "gb@1.0.0, rf@1.0.0, rf@2.0.0"
        for (model, version, message, errors) in [
            (
                "RF", nil,
                "e/RF is not served: no version of it was ever registered (did you mean model rf?); served: ",
                [ServingError.FieldProblem(field: "model", message: "matches no served version (did you mean rf?)")]
            ),
            (
                "rf", "2.0", "e/rf@2.0 is not served: it was never registered (did you mean version 2.0.0?); served: ",
                [.init(field: "version", message: "matches no served version (did you mean 2.0.0?)")]
            ),
            (
                "rf", "0.5.0", "e/rf@0.5.0 is not served: it is archived; served: ",
                [.init(field: "version", message: "matches no served version")]
            ),
            (
                "et", nil, "e/et is not served: every version of it is archived; served: ",
                [.init(field: "model", message: "matches no served version")]
            ),
            (
                "GB", "1.0",
                "e/GB@1.0 is not served: it was never registered (did you mean model gb and version "
                    + "1.0.0?); served: ",
                [
                    .init(field: "model", message: "matches no served version (did you mean gb?)"),
                    .init(field: "version", message: "matches no served version (did you mean 1.0.0?)"),
                ]
            ),
        ] {
            let error = try #require(throws: ServingError.self) { try select(endpoint, model: model, version: version) }
            #expect(error.status.code == 404)
            #expect(error.message == message + served)
            #expect(error.errors == errors)
        }
        let status = try #require(throws: ServingError.self) { try select(endpoint, status: "Production") }
        #expect(
            status.message
                == "unknown status 'Production' (did you mean production?); accepted: testing, staging, production, "
                + "ab_testing, archived")
        #expect(status.errors.map(\.field) == ["status"])
        // gb is served, in another status: the status is at fault.
        let none = try #require(throws: ServingError.self) { try select(endpoint, status: "staging", model: "gb") }
        #expect(none.errors.map(\.field) == ["status"])
    }

    @Test func abSplitIsStickyPerClientAndRandomOtherwise() throws {
        let test =
            #"{"id":7,"arms":[{"arm":"A","model":"rf","version":"1.0.0","percent":50},"#
            + #"{"arm":"B","model":"gb","version":"1.0.0","percent":50}]}"#
        let endpoint = try Self.endpoint([gb, rf], abTest: test)
        var arms: [String: Int] = [:]
        for client in 0..<1000 {
            let first = try select(endpoint, client: "client-\(client)")
            let again = try select(endpoint, client: "client-\(client)", random: 99)
            #expect(first == again)
            arms[first.abTest?.arm ?? "-", default: 0] += 1
        }
        #expect((430...570).contains(arms["A"] ?? 0), "\(arms)")
        #expect(try select(endpoint, random: 0).abTest?.arm == "A")
        #expect(try select(endpoint, random: 199).abTest?.arm == "B")
        // A pinned request is served as asked, outside the test.
        #expect(try select(endpoint, model: "rf", version: "1.0.0").abTest == nil)
    }
}

enum SnapshotForTests {
    /// The endpoint `json` describes, read as predict.cgi reads serving.json.
    static func endpoint(_ json: String) throws -> ServingSnapshot.Endpoint {
        let file = #"{"format":1,"seq":1,"endpoints":{"e":"# + json + "}}"
        return try #require(try ServingSnapshot.decode(Array(file.utf8), file: "test").endpoints["e"])
    }
}
