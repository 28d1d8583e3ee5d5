import Foundation
import JSONWriting
import Models
import Testing

@testable import Publisher

@Suite struct CardExportTests {
    @Test func cardJSONFollowsModelCardToolkitSchema002() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let text = try built.page("endpoints/income_classifier/random_forest/1.0.0/card.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "considerations", "model_details", "model_parameters", "quantitative_analysis", "schema_version",
            ])
        #expect(object["schema_version"] as? String == "0.0.2")
        let details = try #require(object["model_details"] as? [String: Any])
        #expect(details["name"] as? String == "income_classifier/random_forest@1.0.0")
        let version = try #require(details["version"] as? [String: String])
        #expect(version == ["name": "1.0.0", "date": "2026-11-22"])
        let analysis = try #require(object["quantitative_analysis"] as? [String: Any])
        let metrics = try #require(analysis["performance_metrics"] as? [[String: Any]])
        let accuracy = try #require(metrics.first { $0["type"] as? String == "accuracy" && $0["slice"] == nil })
        #expect(abs((accuracy["value"] as? Double ?? 0) - 0.8648731650390025) < 1e-12)
        #expect(metrics.contains { $0["slice"] as? String == "sex = Female" })
        let considerations = try #require(object["considerations"] as? [String: Any])
        let limitations = try #require(considerations["limitations"] as? [[String: String]])
        #expect(limitations.contains { $0["description"]?.hasPrefix("Out of scope: ") == true })
    }

    @Test func readmeIsAHuggingFaceCardWithModelIndex() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let readme = try built.page("endpoints/income_classifier/random_forest/1.0.0/README.md")
        #expect(readme.hasPrefix("---\nlicense: other\nlibrary_name: modelpress\n"))
        #expect(readme.contains("model-index:\n- name: \"income_classifier/random_forest@1.0.0\"\n  results:\n"))
        #expect(readme.contains("    - type: accuracy\n      value: 0.8649\n"))
        #expect(readme.contains("| roc_auc | 0.916 | [0.912, 0.921] |"))
        #expect(readme.contains("## Out-of-scope uses"))
        let card = try built.page("endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(card.contains("href=\"/models/endpoints/income_classifier/random_forest/1.0.0/card.json\""))
    }

    @Test func yamlQuotingEscapes() {
        #expect(HuggingFaceReadme.quote("a \"b\"\\\n\u{1}") == "\"a \\\"b\\\"\\\\\\n\\u0001\"")
        #expect(HuggingFaceReadme.licenseID("MIT") == "mit")
        #expect(HuggingFaceReadme.licenseID("our own") == "other")
    }
}

@Suite struct OpenAPIDocumentTests {
    @Test func describesTheCGIRoutesWithEachEndpointsSchema() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let text = try built.page("openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        let endpoints = ["income_classifier", "penguin_body_mass", "penguin_species"]
        #expect(
            Set(paths.keys)
                == Set(
                    ["/health", "/requests/{id}/feedback", "/jobs/{task_id}", "/jobs/{task_id}/result"]
                        + endpoints.flatMap { ["/\($0)/predict", "/\($0)/jobs"] }))
        let submit = try #require((paths["/income_classifier/jobs"] as? [String: Any])?["post"] as? [String: Any])
        let responses = try #require(submit["responses"] as? [String: Any])
        #expect(Set(responses.keys) == ["202", "400", "404", "409", "413", "415", "500", "503"])
        let servers = try #require(document["servers"] as? [[String: String]])
        #expect(servers == [["url": "/cgi-bin/predict.cgi/"]])
    }

    @Test func inputSchemaHasEnumsBoundsAndNullableFields() throws {
        var gaps = Field.categorical("g", ["u", "v"])
        gaps.nullable = true
        var depth = Field.numeric("d")
        depth.nullable = true
        let schema = OpenAPIDocument.inputSchema(
            .init(
                fields: [.categorical("c", ["a", "b"]), .numeric("n", minimum: 0, maximum: 9), gaps, depth],
                label: "y", labelValues: ["0", "1"]))
        #expect(schema["required"] as? [String] == ["c", "n"])
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["c"]?["enum"] as? [String] == ["a", "b"])
        #expect(properties["c"]?["type"] as? String == "string")
        #expect(properties["n"]?["maximum"] as? Double == 9)
        #expect(properties["g"]?["type"] as? [String] == ["string", "null"])
        #expect((properties["g"]?["enum"] as? [Any])?.last is NSNull)
        #expect(properties["d"]?["type"] as? [String] == ["number", "null"])
    }

    @Test func answerSchemaFollowsTheTask() throws {
        func required(_ labels: [String]) -> [String] {
            let answer = OpenAPIDocument.prediction(.init(fields: [.numeric("n")], label: "y", labelValues: labels))
            return answer["required"] as? [String] ?? []
        }
        #expect(required(["0", "1"]).contains("probability") && !required(["0", "1"]).contains("probabilities"))
        #expect(required(["a", "b", "c"]).contains("probabilities"))
        #expect(required([]).contains("prediction") && !required([]).contains("label"))
    }
}

@Suite struct JSONValueFromAnyTests {
    @Test func writesSortedPrettyJSONThatParsesBack() throws {
        let value: [String: Any] = [
            "b": [1, 2.5, true, "q\"\\\n\u{1}"], "a": [:] as [String: Any], "c": [] as [Any], "d": Double.nan,
        ]
        let text = JSONValue(any: value).text(.export)
        #expect(text.hasPrefix("{\n  \"a\" : {},\n  \"b\" : [\n    1,\n    2.5,\n    true,\n"))
        #expect(text.contains("\"q\\\"\\\\\\n\\u0001\""))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["d"] is NSNull)
        #expect((parsed["b"] as? [Any])?.count == 4)
    }
}
