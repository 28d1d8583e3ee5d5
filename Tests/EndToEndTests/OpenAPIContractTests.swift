import Foundation
import Testing

/// The published openapi.json against what predict.cgi answers, for each shipped endpoint (one
/// per task): a request made from the document's own schema is served, and every answer —
/// prediction, feedback, refusals — conforms to the document's schema for its status, which
/// must be listed. Requests the document forbids (an unknown key, an unknown category, an empty
/// job) are refused by the CGI too.
@Suite(.serialized) struct OpenAPIContractTests {
    /// The repository's registry and artifacts with a serving snapshot, and the site published from them.
    static let repository: Result<URL, any Error> = Result {
        let folder = try TemporaryFolder("modelpress-openapi")
        let files = FileManager.default
        let research = folder.url.appendingPathComponent("research")
        try files.createDirectory(at: research, withIntermediateDirectories: true)
        for part in ["registry", "artifacts"] {
            try files.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent("research/\(part)"),
                to: research.appendingPathComponent(part))
        }
        let pages = folder.url.appendingPathComponent("site/pages")
        try files.createDirectory(at: pages, withIntermediateDirectories: true)
        try Data("title = \"Models\"\n".utf8).write(to: folder.url.appendingPathComponent("site/site.toml"))
        try Data("# Models\n".utf8).write(to: pages.appendingPathComponent("index.md"))
        for arguments in [["registry", "snapshot"], ["publish", "--site", "site", "--out", "public"]] {
            let result = try run(Executables.modelpress, arguments, in: folder.url)
            guard result.status == 0 else {
                throw DeploymentFixture.FixtureError(message: "modelpress \(arguments): \(result.errorOutput)")
            }
        }
        return folder.url
    }

    let root: URL
    let document: [String: Any]
    let log: TemporaryFolder

    init() throws {
        root = try Self.repository.get()
        let text = try Data(contentsOf: root.appendingPathComponent("public/openapi.json"))
        document = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
        log = try TemporaryFolder("modelpress-openapi-log")
        let settings =
            #"{"database":"\#(log.url.path)/requests.sqlite","snapshot":"\#(root.path)/research/registry/serving.json"}"#
        try Data(settings.utf8).write(to: log.url.appendingPathComponent("deployment.json"))
        try FileManager.default.createSymbolicLink(
            at: log.url.appendingPathComponent("research"), withDestinationURL: root.appendingPathComponent("research"))
    }

    /// One request to predict.cgi; the status and the parsed JSON body.
    func request(_ method: String, _ path: String, query: String = "", _ body: Any? = nil) throws -> (Int, Any) {
        let (status, text) = try rawRequest(method, path, query: query, body)
        return (status, try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    /// One request to predict.cgi; the status and the body as text.
    func rawRequest(_ method: String, _ path: String, query: String = "", _ body: Any? = nil) throws -> (Int, String) {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed]) }
        var environment = [
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "/cgi-bin/predict.cgi",
            "MODELPRESS_DEPLOYMENT": log.url.path,
        ]
        if let data {
            environment["CONTENT_TYPE"] = "application/json"
            environment["CONTENT_LENGTH"] = "\(data.count)"
        }
        let result = try run(Executables.predictCGI, environment: environment, input: data ?? Data())
        let parts = result.output.components(separatedBy: "\r\n\r\n")
        let status = Int(parts[0].dropFirst("Status: ".count).prefix(3)) ?? 0
        return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    func operation(_ path: String, _ method: String = "post") throws -> [String: Any] {
        let paths = try #require(document["paths"] as? [String: Any])
        return try #require((paths[path] as? [String: Any])?[method] as? [String: Any], "\(path) \(method)")
    }

    func requestSchema(_ operation: [String: Any]) throws -> [String: Any] {
        let content = try #require((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])
        return try #require((content["application/json"] as? [String: Any])?["schema"] as? [String: Any])
    }

    /// Expects `status` to be documented for `operation` and `body` to conform to its JSON schema.
    func expectDocumented(_ operation: [String: Any], _ status: Int, _ body: Any, _ what: String) throws {
        let responses = try #require(operation["responses"] as? [String: Any])
        let response = try #require(responses["\(status)"] as? [String: Any], "\(what): \(status) is not documented")
        let content = try #require(response["content"] as? [String: Any])
        let schema = try #require((content["application/json"] as? [String: Any])?["schema"] as? [String: Any])
        let problems = JSONSchemaCheck(document: document).problems(body, schema)
        #expect(problems.isEmpty, "\(what) (\(status)): \(problems) in \(body)")
    }

    /// A body the schema describes: the first category or the lower bound (else 1) of each required
    /// field, and null for every field that may be missing.
    func validInput(_ schema: [String: Any]) throws -> [String: Any] {
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        let required = Set(schema["required"] as? [String] ?? [])
        var input: [String: Any] = [:]
        for (name, property) in properties where name != "client_id" {
            guard required.contains(name) else {
                input[name] = NSNull()
                continue
            }
            if let options = property["enum"] as? [Any] {
                input[name] = options.first { $0 is String }
            } else {
                input[name] = property["minimum"] ?? 1
            }
        }
        return input
    }

    @Test(arguments: [
        ("income_classifier", "binary"), ("penguin_species", "multiclass"), ("penguin_body_mass", "regression"),
    ])
    func answersConformToTheDocument(endpoint: String, task: String) throws {
        let predict = try operation("/\(endpoint)/predict")
        let schema = try requestSchema(predict)
        let check = JSONSchemaCheck(document: document)
        let input = try validInput(schema)
        #expect(check.problems(input, schema).isEmpty)

        let (status, answer) = try request("POST", "/\(endpoint)/predict", input)
        try #require(status == 200, "\(answer)")
        try expectDocumented(predict, 200, answer, "prediction")
        let fields = try #require(answer as? [String: Any])
        #expect((fields["prediction"] != nil) == (task == "regression"))
        #expect((fields["probabilities"] != nil) == (task == "multiclass"))

        // The document leaves nullable fields out of `required`: a body without them is served too.
        let omitted = input.filter { !($0.value is NSNull) }
        #expect(check.problems(omitted, schema).isEmpty)
        let (omittedStatus, omittedAnswer) = try request("POST", "/\(endpoint)/predict", omitted)
        #expect(omittedStatus == 200, "\(omittedAnswer)")
        try expectDocumented(predict, omittedStatus, omittedAnswer, "a body without its nullable fields")

        var wrong = input
        wrong["not_a_field"] = "x"
        #expect(!check.problems(wrong, schema).isEmpty)
        let (extraStatus, extra) = try request("POST", "/\(endpoint)/predict", wrong)
        #expect(extraStatus == 400)
        try expectDocumented(predict, extraStatus, extra, "an unknown key")

        let (pinStatus, pin) = try request("POST", "/\(endpoint)/predict", query: "version=9.9.9", input)
        #expect(pinStatus == 404)
        try expectDocumented(predict, pinStatus, pin, "a version never registered")
        let (bothStatus, both) = try request("POST", "/\(endpoint)/predict", query: "version=1.0.0", input)
        #expect(bothStatus == 409)
        try expectDocumented(predict, bothStatus, both, "a version two models have")

        let feedback = try operation("/requests/{id}/feedback")
        let id = try #require(fields["request_id"] as? Int)
        let token = try #require(fields["feedback_token"] as? String)
        let truth: Any = fields["prediction"] ?? fields["label"] ?? ""
        let body: [String: Any] = ["feedback": truth, "token": token]
        #expect(check.problems(body, try requestSchema(feedback)).isEmpty)
        let (recordedStatus, recorded) = try request("POST", "/requests/\(id)/feedback", body)
        #expect(recordedStatus == 200)
        try expectDocumented(feedback, recordedStatus, recorded, "feedback")
        let answerSchema = try #require(
            ((((predict["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any])?[
                "application/json"] as? [String: Any])?["schema"] as? [String: Any])
        let labels = ((answerSchema["properties"] as? [String: Any])?["label"] as? [String: Any])?["enum"] as? [String]
        let other: Any =
            task == "regression"
            ? ((truth as? Double) ?? 0) + 1 : try #require(labels?.first { $0 != fields["label"] as? String })
        let (againStatus, again) = try request("POST", "/requests/\(id)/feedback", ["feedback": other, "token": token])
        #expect(againStatus == 409)
        try expectDocumented(feedback, againStatus, again, "a second, different feedback")
        let (tokenStatus, badToken) = try request(
            "POST", "/requests/\(id)/feedback", ["feedback": truth, "token": String(repeating: "0", count: 32)])
        #expect(tokenStatus == 403)
        try expectDocumented(feedback, tokenStatus, badToken, "someone else's token")
    }

    /// An explained answer conforms too: penguin_species (multiclass, per class) and
    /// penguin_body_mass (regression) explain; income_classifier's format-2 file cannot, a
    /// documented 409.
    @Test(arguments: [("income_classifier", 409), ("penguin_species", 200), ("penguin_body_mass", 200)])
    func explainedAnswersConformToTheDocument(endpoint: String, status expected: Int) throws {
        let predict = try operation("/\(endpoint)/predict")
        let parameters = try #require(predict["parameters"] as? [[String: Any]])
        #expect(parameters.contains { $0["name"] as? String == "explain" })
        let input = try validInput(try requestSchema(predict))
        let (status, answer) = try request("POST", "/\(endpoint)/predict", query: "explain=true", input)
        #expect(status == expected, "\(answer)")
        try expectDocumented(predict, status, answer, "an explained prediction")
        if status == 200 {
            #expect((answer as? [String: Any])?["explanation"] != nil)
        }
    }

    @Test func unknownCategoriesAndEmptyJobsAreOutsideTheDocumentAndRefused() throws {
        let predict = try operation("/penguin_species/predict")
        let schema = try requestSchema(predict)
        var input = try validInput(schema)
        input["island"] = "Atlantis"
        #expect(!JSONSchemaCheck(document: document).problems(input, schema).isEmpty)
        let (status, refused) = try request("POST", "/penguin_species/predict", input)
        #expect(status == 400)
        try expectDocumented(predict, status, refused, "an unknown category")

        let jobs = try operation("/penguin_species/jobs")
        #expect(!JSONSchemaCheck(document: document).problems([] as [Any], try requestSchema(jobs)).isEmpty)
        let (emptyStatus, empty) = try request("POST", "/penguin_species/jobs", [] as [Any])
        #expect(emptyStatus == 400)
        try expectDocumented(jobs, emptyStatus, empty, "a job without rows")

        // A job's rows follow the endpoint's schema as a prediction does: a field the schema does
        // not let be missing is required in every row.
        let required = try #require((schema["required"] as? [String])?.first)
        var gap = try validInput(schema)
        gap[required] = NSNull()
        #expect(!JSONSchemaCheck(document: document).problems([gap], try requestSchema(jobs)).isEmpty)
        let (gapStatus, gapAnswer) = try request("POST", "/penguin_species/jobs", [gap])
        #expect(gapStatus == 400, "\(gapAnswer)")
        try expectDocumented(jobs, gapStatus, gapAnswer, "a job row without a required field")
    }

    /// The job routes' query parameters: predict.cgi refuses (400) exactly the values the document's
    /// schema for the parameter refuses — an empty value is "not given", case does not matter.
    @Test func jobQueryParametersAcceptWhatTheDocumentAllows() throws {
        let check = JSONSchemaCheck(document: document)
        func schema(of name: String, in operation: [String: Any]) throws -> [String: Any] {
            let parameters = try #require(operation["parameters"] as? [[String: Any]])
            let parameter = try #require(parameters.first { $0["name"] as? String == name }, "\(name)")
            return try #require(parameter["schema"] as? [String: Any])
        }
        let jobs = try operation("/penguin_species/jobs")
        let row = try validInput(try requestSchema(jobs)["items"] as? [String: Any] ?? [:])
        var taskID = ""
        for value in ["", "True", "off", "YES", "0", "maybe", "truee"] {
            let query = "skip_invalid=" + value
            let (status, answer) = try request("POST", "/penguin_species/jobs", query: query, [row])
            let documented = check.problems(value, try schema(of: "skip_invalid", in: jobs)).isEmpty
            #expect((status != 400) == documented, "\(query): \(status) \(answer)")
            if status == 202, let id = (answer as? [String: Any])?["task_id"] as? String { taskID = id }
        }
        try #require(!taskID.isEmpty, "no job was accepted")

        // An accepted format answers the result (200) or, while the job runs, 409; a refused one 400.
        let result = try operation("/jobs/{task_id}/result", "get")
        for value in ["", "csv", "CSV", "Json", "xml", "csvx"] {
            let (status, answer) = try rawRequest("GET", "/jobs/\(taskID)/result", query: "format=" + value)
            let documented = check.problems(value, try schema(of: "format", in: result)).isEmpty
            #expect((status != 400) == documented, "format=\(value): \(status) \(answer)")
            if status != 200 {
                let body = try JSONSerialization.jsonObject(with: Data(answer.utf8), options: [.fragmentsAllowed])
                try expectDocumented(result, status, body, "format=\(value)")
            }
        }
    }
}
