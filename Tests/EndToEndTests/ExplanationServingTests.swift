import Foundation
import Testing

/// predict.cgi's `explain`: a binary, a multiclass and a regression endpoint trained the way a
/// user trains them (`new`, `train`, `status`, `publish --answers`), each asked through the real
/// executables for its explanation as JSON, as the form's answer page and in a batch job's result;
/// and a model without cover refused.
@Suite(.serialized) struct ExplanationServingTests {
    /// `churned` is `yes` when `x` > 15 or the plan is `pro` (not both), with a tenth of the labels
    /// flipped by a seeded draw.
    static func churnCSV() -> String {
        var generator = SeededGenerator(seed: 7)
        var text = "x,plan,tenure,churned\n"
        for i in 0..<240 {
            let x = i % 30
            let plan = ["basic", "plus", "pro"][i % 3]
            let flip = generator.next() % 10 == 0
            let yes = ((x > 15) != (plan == "pro")) != flip
            text += "\(x),\(plan),\(Double(i % 13) / 2),\(yes ? "yes" : "no")\n"
        }
        return text
    }

    /// A plain xorshift generator: the fixture's data must not depend on the platform's.
    struct SeededGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// The scratch repository: churn (binary; gradient boosting in production, a random forest in
    /// testing), shapes (multiclass; a random forest in production, gradient boosting in testing)
    /// and mass (regression; a random forest in production), with its answer shells in `answers/`.
    static let repository: Result<URL, any Error> = Result { try make() }

    private static func make() throws -> URL {
        let folder = try TemporaryFolder("modelpress-explain")
        let files = FileManager.default
        var steps: [[String]] = []
        for (name, csv, label) in [
            ("churn", churnCSV(), "churned"), ("shapes", TaskServingTests.shapesCSV(), "shape"),
            ("mass", TaskServingTests.massCSV(), "mass"),
        ] {
            let data = folder.url.appendingPathComponent("research/data/\(name)")
            try files.createDirectory(at: data, withIntermediateDirectories: true)
            try Data(csv.utf8).write(to: data.appendingPathComponent("\(name).csv"))
            steps.append(["new", name, "--data", "research/data/\(name)/\(name).csv", "--label", label, "--by", "t"])
            steps.append(["train", "research/pipelines/\(name)_random_forest.toml", "--by", "t", "--threads", "1"])
        }
        for name in ["churn", "shapes"] {
            steps.append(["train", "research/pipelines/\(name)_gradient_boosting.toml", "--by", "t", "--threads", "1"])
        }
        steps += [
            ["status", "churn/gradient_boosting@1.0.0", "production", "--by", "t"],
            ["status", "shapes/random_forest@1.0.0", "production", "--by", "t"],
            ["status", "mass/random_forest@1.0.0", "production", "--by", "t"],
            ["publish", "--out", "public", "--answers", "answers"],
        ]
        for arguments in steps {
            if arguments.count > 1, arguments[1].hasSuffix("_gradient_boosting.toml") {
                try writeBoostingPipeline(arguments[1], in: folder.url)
            }
            let result = try run(Executables.modelpress, arguments, in: folder.url)
            guard result.status == 0 else {
                throw DeploymentFixture.FixtureError(
                    message: "modelpress \(arguments.joined(separator: " ")): \(result.errorOutput)")
            }
        }
        return folder.url
    }

    /// The gradient boosting pipeline beside the random forest one `new` wrote: the same data,
    /// 30 rounds.
    private static func writeBoostingPipeline(_ path: String, in root: URL) throws {
        let forest = root.appendingPathComponent(
            path.replacingOccurrences(of: "_gradient_boosting", with: "_random_forest"))
        var lines: [String] = []
        var inHyperparameters = false
        for line in try String(contentsOf: forest, encoding: .utf8).components(separatedBy: "\n") {
            if line.hasPrefix("[") { inHyperparameters = line == "[hyperparameters]" }
            if inHyperparameters {
                if line == "[hyperparameters]" { lines += [line, "max_iterations = 30", ""] }
                continue
            }
            if line.hasPrefix("model = ") {
                lines.append("model = \"gradient_boosting\"")
            } else if line.hasPrefix("algorithm = ") {
                lines.append("algorithm = \"gradient_boosting\"")
            } else {
                lines.append(line)
            }
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: root.appendingPathComponent(path))
    }

    /// predict.cgi over the repository with a request log of its own.
    struct CGI {
        let log: TemporaryFolder

        init() throws {
            let root = try ExplanationServingTests.repository.get()
            log = try TemporaryFolder("modelpress-explain-log")
            let settings =
                #"{"database":"\#(log.url.path)/requests.sqlite","snapshot":"\#(root.path)/research/registry/serving.json","#
                + #""answers":"\#(root.path)/answers"}"#
            try Data(settings.utf8).write(to: log.url.appendingPathComponent("deployment.json"))
            try FileManager.default.createSymbolicLink(
                at: log.url.appendingPathComponent("research"),
                withDestinationURL: root.appendingPathComponent("research"))
        }

        func request(
            _ method: String, _ path: String, query: String = "", body: String = "",
            contentType: String = "application/json", accept: String? = nil
        ) throws -> (status: Int, body: String) {
            var environment = [
                "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                "SCRIPT_NAME": "/cgi-bin/predict.cgi", "MODELPRESS_DEPLOYMENT": log.url.path,
                "CONTENT_TYPE": contentType, "CONTENT_LENGTH": "\(body.utf8.count)",
            ]
            if let accept { environment["HTTP_ACCEPT"] = accept }
            let result = try run(Executables.predictCGI, environment: environment, input: Data(body.utf8))
            let parts = result.output.components(separatedBy: "\r\n\r\n")
            let code = Int(parts[0].dropFirst("Status: ".count).prefix(3)) ?? 0
            return (code, parts.dropFirst().joined(separator: "\r\n\r\n"))
        }

        func predict(_ endpoint: String, _ body: String, query: String = "") throws -> [String: Any] {
            let answer = try request("POST", "/\(endpoint)/predict", query: query, body: body)
            try #require(answer.status == 200, "\(answer.body)")
            return try parseJSON(answer.body)
        }
    }

    static let churnRow = #"{"x":20,"plan":"pro","tenure":3.5}"#
    static let shapesRow = #"{"x":12,"y":2.5,"color":"red"}"#
    static let massRow = #"{"x":17,"group":"big"}"#

    /// `expected_value` plus the contributions, per output.
    func total(_ explanation: [String: Any], output: String? = nil) throws -> (sum: Double, raw: Double) {
        let contributions = try #require(explanation["contributions"] as? [String: Any])
        if let output {
            let perField = try #require(contributions[output] as? [String: Double])
            let expected = try #require((explanation["expected_value"] as? [String: Double])?[output])
            let raw = try #require((explanation["raw_score"] as? [String: Double])?[output])
            return (expected + perField.values.reduce(0, +), raw)
        }
        let expected = try #require(explanation["expected_value"] as? Double)
        let raw = try #require(explanation["raw_score"] as? Double)
        return (expected + (contributions as? [String: Double] ?? [:]).values.reduce(0, +), raw)
    }

    @Test(arguments: [("", "log_odds"), ("model=random_forest&version=1.0.0", "probability")])
    func binaryContributionsSumToTheRawScoreInItsUnits(pin: String, units: String) throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.predict("churn", Self.churnRow, query: pin + (pin.isEmpty ? "" : "&") + "explain=true")
        let explanation = try #require(answer["explanation"] as? [String: Any])
        #expect(explanation["method"] as? String == "tree_path_dependent")
        #expect(explanation["units"] as? String == units)
        #expect(explanation["class"] as? String == "yes")
        let contributions = try #require(explanation["contributions"] as? [String: Double])
        #expect(contributions.keys.sorted() == ["plan", "tenure", "x"])
        let (sum, raw) = try total(explanation)
        #expect(abs(sum - raw) < 1e-9, "\(explanation)")
        // The raw score is the answer's, in the units named: P(yes) is the sigmoid of the
        // log-odds, or the forest's mean itself.
        let probability = try #require(answer["probability"] as? Double)
        let positive = answer["label"] as? String == "yes" ? probability : 1 - probability
        let fromRaw = units == "log_odds" ? 1 / (1 + exp(-raw)) : raw
        #expect(abs(fromRaw - positive) < 1e-12, "\(answer)")
    }

    @Test(arguments: [("", "probability"), ("model=gradient_boosting&version=1.0.0", "softmax_score")])
    func multiclassGivesEveryClassByLabel(pin: String, units: String) throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.predict("shapes", Self.shapesRow, query: pin + (pin.isEmpty ? "" : "&") + "explain=true")
        let explanation = try #require(answer["explanation"] as? [String: Any])
        #expect(explanation["units"] as? String == units)
        #expect(explanation["class"] == nil)
        let probabilities = try #require(answer["probabilities"] as? [String: Double])
        let classes = probabilities.keys.sorted()
        #expect(classes == ["circle", "square", "triangle"])
        let byClass = try #require(explanation["contributions"] as? [String: [String: Double]])
        #expect(byClass.keys.sorted() == classes)
        var raws: [String: Double] = [:]
        for name in classes {
            #expect(byClass[name]?.keys.sorted() == ["color", "x", "y"])
            let (sum, raw) = try total(explanation, output: name)
            #expect(abs(sum - raw) < 1e-9, "\(name): \(explanation)")
            raws[name] = raw
        }
        let normaliser = units == "softmax_score" ? classes.map { exp(raws[$0] ?? 0) }.reduce(0, +) : 1
        for name in classes {
            let fromRaw = units == "softmax_score" ? exp(raws[name] ?? 0) / normaliser : raws[name] ?? 0
            #expect(abs(fromRaw - (probabilities[name] ?? -1)) < 1e-9, "\(name): \(answer)")
        }
    }

    @Test func regressionContributionsSumToThePrediction() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.predict("mass", Self.massRow, query: "explain=true")
        let explanation = try #require(answer["explanation"] as? [String: Any])
        #expect(explanation["units"] as? String == "value")
        #expect(explanation["class"] == nil)
        #expect((explanation["contributions"] as? [String: Double])?.keys.sorted() == ["group", "x"])
        let (sum, raw) = try total(explanation)
        #expect(abs(sum - raw) < 1e-9)
        #expect(abs(raw - (answer["prediction"] as? Double ?? .nan)) < 1e-12, "\(answer)")
    }

    /// Without `explain`, or with it false, the answer is the one clients always had.
    @Test(arguments: ["", "explain=false", "explain=0"])
    func withoutExplainTheAnswerIsUnchanged(query: String) throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.request("POST", "/churn/predict", query: query, body: Self.churnRow)
        #expect(answer.status == 200)
        let json = try parseJSON(answer.body)
        #expect(
            json.keys.sorted() == [
                "ab_test", "feedback_token", "label", "model", "probability", "request_id", "status",
            ])
        #expect(answer.body.hasSuffix(#""status":"production"},"ab_test":null}"#), "\(answer.body)")
    }

    @Test func anExplainThatIsNotAFlagIs400() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.request("POST", "/churn/predict", query: "explain=please", body: Self.churnRow)
        #expect(answer.status == 400)
        #expect(
            try parseJSON(answer.body)["message"] as? String
                == "explain must be true or false (also 1, yes, on or 0, no, off, in any case), got 'please'")
        // The name alone asks for the explanation; given twice, which was meant cannot be told
        // (trial14 B3: `?explain` was false, and the second value was never read).
        let bare = try cgi.request("POST", "/churn/predict", query: "explain", body: Self.churnRow)
        #expect(bare.status == 200, "\(bare.body)")
        #expect(try parseJSON(bare.body)["explanation"] != nil)
        for query in ["explain=true&explain=maybe", "explain=false&explain=true"] {
            let twice = try cgi.request("POST", "/churn/predict", query: query, body: Self.churnRow)
            #expect(twice.status == 400, "\(twice.body)")
            #expect(twice.body.contains(#"{"field":"explain","message":"is given 2 times; give it once"}"#))
        }
        // A form field given twice is refused as a JSON body's repeated key is.
        let repeated = try cgi.request(
            "POST", "/churn/predict", body: "x=20&plan=pro&plan=basic&tenure=3.5",
            contentType: "application/x-www-form-urlencoded")
        #expect(repeated.status == 400, "\(repeated.body)")
        #expect(repeated.body.contains("the form field plan is given 2 times"), "\(repeated.body)")
        // An empty value, in the query or as the form's field, says nothing: no explanation
        // (schemathesis sent `explain=` both ways, which openapi.json allows).
        let form = "x=20&plan=pro&tenure=3.5&explain="
        let empty = try cgi.request(
            "POST", "/churn/predict", query: "explain=", body: form, contentType: "application/x-www-form-urlencoded")
        #expect(empty.status == 200, "\(empty.body)")
        #expect(try parseJSON(empty.body)["explanation"] == nil)
    }

    /// Nothing in the query is ignored (trial15 #5): a parameter a route does not read, or a
    /// case variant of one, is 400 naming it and those it reads, in the repeated parameter's
    /// shape; `explain` in the query and the form's box must agree (they were OR-ed).
    @Test func unknownQueryParametersAre400AndDisagreeingFlagsExplain() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        for (route, method, query, name, accepts) in [
            (
                "/churn/predict", "POST", "EXPLAIN=true", "EXPLAIN",
                "POST /{endpoint}/predict accepts status, model, version, explain"
            ),
            (
                "/churn/predict", "POST", "explain=true&bogus=1", "bogus",
                "POST /{endpoint}/predict accepts status, model, version, explain"
            ),
            (
                "/churn/jobs", "POST", "skip_invalid&Status=production", "Status",
                "POST /{endpoint}/jobs accepts skip_invalid, status, model, version, explain"
            ),
            ("/health", "GET", "verbose=1", "verbose", "GET /health accepts no query parameters"),
        ] {
            let answer = try cgi.request(method, route, query: query, body: Self.churnRow, accept: "application/json")
            #expect(answer.status == 400, "\(route)?\(query): \(answer.body)")
            let json = try parseJSON(answer.body)
            #expect(
                (json["message"] as? String)?.hasPrefix("unknown query parameter '\(name)'") == true, "\(answer.body)")
            #expect((json["message"] as? String)?.hasSuffix("; " + accepts) == true, "\(answer.body)")
            #expect(answer.body.contains(#"{"field":"\#(name)","message":"is not a query parameter of "#))
        }
        let form = "x=20&plan=pro&tenure=3.5&explain=true"
        // The query and the form disagreeing: either one true explains (openapi.json cannot
        // state a rule across query and body, so such a request is valid by it).
        for (query, body) in [
            ("explain=false", form), ("explain=true", form.replacingOccurrences(of: "=true", with: "=false")),
        ] {
            let answer = try cgi.request(
                "POST", "/churn/predict", query: query, body: body, contentType: "application/x-www-form-urlencoded")
            #expect(answer.status == 200, "\(answer.body)")
            #expect(try parseJSON(answer.body)["explanation"] != nil, "\(answer.body)")
        }
        let agreeing = try cgi.request(
            "POST", "/churn/predict", query: "explain=yes", body: form, contentType: "application/x-www-form-urlencoded"
        )
        #expect(agreeing.status == 200, "\(agreeing.body)")
        #expect(try parseJSON(agreeing.body)["explanation"] != nil)
    }

    /// A JSON body carries fields only: `explain` in it is an unknown field, which belongs in
    /// the query (trial15 #9: it was only "not a field").
    @Test func explainInAJSONBodyIsNotAField() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.request(
            "POST", "/churn/predict", body: #"{"x":20,"plan":"pro","tenure":3.5,"explain":true}"#)
        #expect(answer.status == 400)
        #expect(
            answer.body.contains(
                #"{"field":"explain","message":"is not a field of this endpoint; explain is a query parameter: "#
                    + #"add ?explain=true to the address instead"}"#), "\(answer.body)")
    }

    /// income_classifier's versions are format-2 files (no cover): explain is refused with 409
    /// naming the version and what to do, nothing is logged, and the same body without explain
    /// is answered.
    @Test func aModelWithoutCoverIsRefusedWith409() throws {
        let cgi = try PredictCGIDeploymentTests.CGI()
        defer { cgi.log.remove() }
        let refused = try cgi.request(
            "POST", "/income_classifier/predict", query: "explain=true", body: DeploymentFixture.referenceRecord)
        #expect(refused.status == 409, "\(refused.body)")
        let message = try #require(try parseJSON(refused.body)["message"] as? String)
        #expect(
            message.hasPrefix(
                "income_classifier/random_forest@1.0.0 cannot explain its predictions: its model file records no "
                    + "per-node cover"), "\(message)")
        #expect(message.contains("ask without explain=true, or pin a version that can"))
        #expect(try cgi.rowCount() <= 0)
        let form = try cgi.request(
            "POST", "/income_classifier/predict", body: AnswerPagesForm.income + "&explain=true",
            contentType: "application/x-www-form-urlencoded", accept: "text/html")
        #expect(form.status == 409)
        #expect(form.body.contains("cannot explain its predictions"), "\(form.body)")
        let answered = try cgi.request("POST", "/income_classifier/predict", body: DeploymentFixture.referenceRecord)
        #expect(answered.status == 200)
    }

    /// An ONNX import records no cover either: the committed scikit-learn forest (skl2onnx),
    /// imported into a copy of the penguin data and registry, is refused with 409 when asked to
    /// explain, and answered without.
    @Test func anONNXImportIsRefusedWith409() throws {
        let folder = try TemporaryFolder.repository("modelpress-explain-onnx", copying: ["data/penguins", "registry"])
        defer { folder.remove() }
        let files = FileManager.default
        let research = folder.url.appendingPathComponent("research")
        try files.createDirectory(at: research.appendingPathComponent("imports"), withIntermediateDirectories: true)
        try files.copyItem(
            at: ImportCLITests.fixtures.appendingPathComponent("onnx-rf-multiclass.onnx"),
            to: research.appendingPathComponent("imports/species.onnx"))
        let pipeline = [
            #"endpoint = "penguin_species""#, #"model = "onnx_forest""#, #"version = "0.0.1""#,
            #"trained_on = "split""#, "[data]", #"training = "research/data/penguins/penguins.csv""#,
            #"label = "species""#, #"task = "multiclass""#, #"ignore = ["year"]"#,
        ]
        try Data(pipeline.joined(separator: "\n").utf8).write(
            to: research.appendingPathComponent("imports/species.toml"))
        let imported = try run(
            Executables.modelpress,
            ["import", "research/imports/species.onnx", "--pipeline", "research/imports/species.toml", "--by", "t"],
            in: folder.url)
        try #require(imported.status == 0, "\(imported.errorOutput)")
        try Data(#"{"snapshot":"research/registry/serving.json"}"#.utf8).write(
            to: folder.url.appendingPathComponent("deployment.json"))
        let body =
            #"{"island":"Biscoe","bill_length_mm":44,"bill_depth_mm":16,"flipper_length_mm":205,"#
            + #""body_mass_g":4400,"sex":"female"}"#
        func predict(_ query: String) throws -> ProcessResult {
            try run(
                Executables.predictCGI,
                environment: [
                    "REQUEST_METHOD": "POST", "PATH_INFO": "/penguin_species/predict", "QUERY_STRING": query,
                    "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "\(body.utf8.count)",
                    "MODELPRESS_DEPLOYMENT": folder.url.path,
                ], input: Data(body.utf8))
        }
        let refused = try predict("model=onnx_forest&version=0.0.1&explain=true")
        #expect(refused.output.hasPrefix("Status: 409 Conflict\r\n"), "\(refused.output)")
        #expect(
            refused.output.contains(
                #""message":"penguin_species/onnx_forest@0.0.1 cannot explain its predictions: its model file "#
                    + "records no per-node cover"))
        #expect(try predict("model=onnx_forest&version=0.0.1").output.hasPrefix("Status: 200 OK\r\n"))
    }

    /// The form's box: the answer page shows the chart in the theme's shell; unticked, no chart.
    @Test func theFormsBoxAddsTheChartToTheAnswerPage() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let form = "x=20&plan=pro&tenure=3.5"
        let explained = try cgi.request(
            "POST", "/churn/predict", body: form + "&explain=true", contentType: "application/x-www-form-urlencoded",
            accept: "text/html")
        #expect(explained.status == 200, "\(explained.body)")
        #expect(explained.body.contains("<h2 id=\"why\">Why this prediction</h2>"))
        #expect(explained.body.contains("Measured in the log-odds of yes: the model's expected value"))
        #expect(explained.body.contains("<figure class=\"chart explanation-chart\">\n<svg "))
        #expect(explained.body.components(separatedBy: "<rect class=\"bar ").count == 4, "one bar per field")
        #expect(
            explained.body.contains(
                "<title id=\"explanation-title\">Each field&#39;s contribution to the log-odds of yes</title>"))
        let plain = try cgi.request(
            "POST", "/churn/predict", body: form, contentType: "application/x-www-form-urlencoded",
            accept: "text/html")
        #expect(plain.status == 200)
        #expect(plain.body.contains("<h1>Prediction: "))
        #expect(!plain.body.contains("explanation"))
        // A refused form comes back with the box as it was ticked.
        let refused = try cgi.request(
            "POST", "/churn/predict", body: "x=many&plan=pro&tenure=3.5&explain=true",
            contentType: "application/x-www-form-urlencoded", accept: "text/html")
        #expect(refused.status == 400)
        #expect(refused.body.contains("name=\"explain\" type=\"checkbox\" value=\"true\" checked>"), "\(refused.body)")
        let unticked = try cgi.request(
            "POST", "/churn/predict", body: "x=many&plan=pro&tenure=3.5",
            contentType: "application/x-www-form-urlencoded", accept: "text/html")
        #expect(unticked.body.contains("name=\"explain\" type=\"checkbox\" value=\"true\">"), "\(unticked.body)")
        // The published form has the box.
        let page = try String(
            contentsOf: try Self.repository.get().appendingPathComponent("public/endpoints/churn/predict.html"),
            encoding: .utf8)
        #expect(page.contains("<input id=\"explain\" name=\"explain\" type=\"checkbox\" value=\"true\">"))
    }

    /// A multiclass page charts the predicted class's contributions.
    @Test func aMulticlassPageChartsThePredictedClass() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.request(
            "POST", "/shapes/predict", query: "explain=true", body: "x=12&y=2.5&color=red",
            contentType: "application/x-www-form-urlencoded", accept: "text/html")
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body.contains("<h1>Prediction: square</h1>"))
        #expect(answer.body.contains("Measured in the probability of square:"))
        #expect(answer.body.contains("to the predicted class's score"))
    }

    /// `?explain=true` on a job adds the explanation's columns, which sum per row.
    @Test func anExplainedJobHasContributionColumns() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let id = try finishedJob(
            cgi, "shapes", query: "explain=true", body: "x,y,color,id\n12,2.5,red,a\n25,1,blue,b\n",
            contentType: "text/csv")
        let result = csvRows(try cgi.request("GET", "/jobs/\(id)/result", query: "format=csv").body)
        let classes = ["circle", "square", "triangle"]
        let explanationColumns =
            ["explanation_units"]
            + classes.flatMap { c in
                ["expected_value_\(c)", "raw_score_\(c)"] + ["x", "y", "color"].map { "contribution_\(c)_\($0)" }
            }
        #expect(Array(result.header.suffix(explanationColumns.count)) == explanationColumns, "\(result.header)")
        #expect(result.rows.count == 2)
        for row in result.rows {
            let cell = { (name: String) in Double(row[result.header.firstIndex(of: name)!]) ?? .nan }
            #expect(row[result.header.firstIndex(of: "explanation_units")!] == "probability")
            for c in classes {
                let sum =
                    cell("expected_value_\(c)")
                    + ["x", "y", "color"].map { cell("contribution_\(c)_\($0)") }.reduce(0, +)
                #expect(abs(sum - cell("raw_score_\(c)")) < 1e-9)
                #expect(abs(cell("raw_score_\(c)") - cell("probability_\(c)")) < 1e-12)
            }
        }
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try cgi.request("GET", "/jobs/\(id)/result", query: "format=json").body.utf8))
                as? [[String: Any]])
        #expect((json.first?["explanation"] as? [String: Any])?["units"] as? String == "probability")
    }

    /// The upload page's box: a multipart form's `explain` field asks the same as the query.
    @Test func theUploadFormsBoxExplainsAJob() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        let body = [
            "--b0undary", #"Content-Disposition: form-data; name="file"; filename="rows.csv""#,
            "Content-Type: text/csv", "", "x,plan,tenure", "20,pro,3.5", "--b0undary",
            #"Content-Disposition: form-data; name="explain""#, "", "on", "--b0undary--", "",
        ].joined(separator: "\r\n")
        let id = try finishedJob(cgi, "churn", body: body, contentType: "multipart/form-data; boundary=b0undary")
        let result = csvRows(try cgi.request("GET", "/jobs/\(id)/result", query: "format=csv").body)
        #expect(
            Array(result.header.suffix(6))
                == [
                    "explanation_units", "expected_value", "raw_score", "contribution_x", "contribution_plan",
                    "contribution_tenure",
                ], "\(result.header)")
        #expect(result.rows.first?[result.header.firstIndex(of: "explanation_units") ?? 0] == "log_odds")
        // The box is read as the query's flag is: a value that is no flag, or the box twice, is
        // 400 naming it (it was true for any value), and `?skip_invalid` alone is true.
        func form(_ boxes: [String]) -> String {
            ([
                "--b0undary", #"Content-Disposition: form-data; name="file"; filename="rows.csv""#,
                "Content-Type: text/csv", "", "x,plan,tenure", "20,pro,3.5", "x,Gold,1",
            ] + boxes.flatMap { ["--b0undary", #"Content-Disposition: form-data; name="explain""#, "", $0] }
                + ["--b0undary--", ""]).joined(separator: "\r\n")
        }
        for (boxes, message) in [
            (["maybe"], "explain must be true or false (also 1, yes, on or 0, no, off, in any case), got 'maybe'"),
            (["on", "off"], "the form field explain is given 2 times ('on', 'off'); give it once"),
        ] {
            let refused = try cgi.request(
                "POST", "/churn/jobs", body: form(boxes), contentType: "multipart/form-data; boundary=b0undary",
                accept: "application/json")
            #expect(refused.status == 400, "\(refused.body)")
            #expect(try parseJSON(refused.body)["message"] as? String == message, "\(refused.body)")
        }
        let skipped = try cgi.request(
            "POST", "/churn/jobs", query: "skip_invalid", body: form(["off"]),
            contentType: "multipart/form-data; boundary=b0undary", accept: "application/json")
        #expect(skipped.status == 202, "\(skipped.body)")
        #expect(try parseJSON(skipped.body)["rows_skipped"] as? Int == 1)
        // The query and the box disagreeing: either one true is true (openapi.json cannot state
        // a rule across the query and the body).
        let disagreeing = try cgi.request(
            "POST", "/churn/jobs", query: "explain=false&skip_invalid", body: form(["on"]),
            contentType: "multipart/form-data; boundary=b0undary", accept: "application/json")
        #expect(disagreeing.status == 202, "\(disagreeing.body)")
    }

    /// The upload form is as strict as the query (trial17 #4): an unknown or mis-cased field is
    /// 400 naming each, a second file (as `file` or under another name) is 400, not ignored.
    @Test func theUploadFormRefusesWhatItWouldIgnore() throws {
        let cgi = try CGI()
        defer { cgi.log.remove() }
        func part(_ name: String, file: String? = nil, _ content: String) -> [String] {
            [
                "--b0undary",
                #"Content-Disposition: form-data; name="\#(name)""# + (file.map { "; filename=\"\($0)\"" } ?? ""),
            ]
                + (file == nil ? [] : ["Content-Type: text/csv"]) + ["", content]
        }
        let rows = "x,plan,tenure\r\n20,pro,3.5"
        for (parts, message, fields) in [
            (
                part("file", file: "a.csv", rows) + part("bogus", "1") + part("Skip_Invalid", "on"),
                "unknown form fields 'bogus', 'Skip_Invalid' (names are lower case: skip_invalid); the upload form "
                    + "takes file, skip_invalid, explain", ["bogus", "Skip_Invalid"]
            ),
            (
                part("file", file: "a.csv", rows) + part("file2", file: "b.csv", rows),
                "unknown form field 'file2' (a job takes one file, as 'file'); the upload form takes file, "
                    + "skip_invalid, explain", ["file2"]
            ),
            (
                part("file", file: "a.csv", rows) + part("file", file: "b.csv", rows),
                "the form gives 2 files as 'file' ('a.csv', 'b.csv'); a job takes one file: send each as a job of "
                    + "its own", ["file"]
            ),
            // A text field named file is no upload (trial19 #13: read as a CSV with one column).
            (
                part("file", "notafile"),
                "file must be a file upload, not a text field; send the rows as a file (curl -F file=@rows.csv), "
                    + "or as the body with Content-Type: text/csv", ["file"]
            ),
        ] {
            let refused = try cgi.request(
                "POST", "/churn/jobs", body: (parts + ["--b0undary--", ""]).joined(separator: "\r\n"),
                contentType: "multipart/form-data; boundary=b0undary", accept: "application/json")
            #expect(refused.status == 400, "\(refused.body)")
            let json = try parseJSON(refused.body)
            #expect(json["message"] as? String == message, "\(refused.body)")
            #expect((json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == fields)
        }
    }

    /// Submits a job through predict.cgi and waits for it to succeed; its id.
    func finishedJob(
        _ cgi: CGI, _ endpoint: String, query: String = "", body: String, contentType: String
    ) throws -> String {
        let submitted = try cgi.request(
            "POST", "/\(endpoint)/jobs", query: query, body: body, contentType: contentType, accept: "application/json")
        try #require(submitted.status == 202, "\(submitted.body)")
        let id = try #require(try parseJSON(submitted.body)["task_id"] as? String)
        let deadline = Date().addingTimeInterval(45)
        var status: [String: Any] = [:]
        while Date() < deadline {
            status = try parseJSON(try cgi.request("GET", "/jobs/\(id)").body)
            if ["SUCCESS", "FAILURE"].contains(status["status"] as? String) { break }
            usleep(100_000)
        }
        try #require(status["status"] as? String == "SUCCESS", "\(status)")
        return id
    }

    /// A job asking income_classifier's cover-less version to explain is refused when submitted.
    @Test func anExplainedJobOnAModelWithoutCoverIsRefusedAtOnce() throws {
        let cgi = try PredictCGIDeploymentTests.CGI()
        defer { cgi.log.remove() }
        let answer = try cgi.request(
            "POST", "/income_classifier/jobs", query: "explain=true", body: try JobDeployment.adultCSV(rows: 3),
            contentType: "text/csv")
        #expect(answer.status == 409, "\(answer.body)")
        #expect(answer.body.contains("income_classifier/random_forest@1.0.0 cannot explain its predictions"))
    }
}

/// The Adult reference record as the site's form posts it.
enum AnswerPagesForm {
    static let income =
        "age=37&workclass=Private&fnlwgt=34146&education=HS-grad&education-num=9"
        + "&marital-status=Married-civ-spouse&occupation=Craft-repair&relationship=Husband&race=White&sex=Male"
        + "&capital-gain=0&capital-loss=0&hours-per-week=68&native-country=United-States"
}
