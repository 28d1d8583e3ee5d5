import ServingCore
import Testing

@testable import PredictCGICore

@Suite struct CGIRequestTests {
    @Test func metaVariablesAreReadByName() throws {
        let request = CGIRequest.make(
            "POST", "/income_classifier/predict",
            variables: [
                "SCRIPT_NAME": "/cgi-bin/predict.cgi", "QUERY_STRING": "status=production&model=&version=1.0.0",
                "HTTP_X_CLIENT_ID": "client-7", "HTTP_PROXY": "http://evil.example", "MODELPRESS_DEPLOYMENT": "/srv/m",
            ])
        #expect(request.method == "POST")
        #expect(request.pathInfo == "/income_classifier/predict")
        #expect(request.scriptName == "/cgi-bin/predict.cgi")
        let query = try request.query(accepting: ["status", "model", "version"], route: "POST /{endpoint}/predict")
        #expect(try query.value("status") == "production")
        #expect(try query.value("model") == nil)
        #expect(try query.value("version") == "1.0.0")
        #expect(request.clientID == "client-7")
        #expect(request.deploymentFolder == "/srv/m")
        #expect(request.contentLength == nil)
    }

    /// A flag (`explain`, `skip_invalid`): the name alone is true, empty is false, the accepted
    /// words are the ones the refusal names, and a parameter given twice is refused, as a JSON
    /// body's repeated key is (trial14 B3: `?explain` was false, `explain=true&explain=maybe` true).
    @Test func flagsAndRepeatedParameters() throws {
        struct Request {
            var query: QueryParameters
            func flag(_ name: String) throws(ServingError) -> Bool { try query.flag(name, form: nil) }
            func givenFlag(_ name: String) throws(ServingError) -> Bool? { try query.flag(name) }
        }
        func request(_ query: String) throws(ServingError) -> Request {
            Request(
                query: try CGIRequest.make("POST", "/e/predict", variables: ["QUERY_STRING": query])
                    .query(accepting: ["a", "b", "other", "explain", "status"], route: "POST /{endpoint}/predict"))
        }
        #expect(try request("explain").flag("explain"))
        #expect(try request("a=1&explain&b=2").flag("explain"))
        #expect(try !request("explain=").flag("explain"))
        #expect(try request("explain=").givenFlag("explain") == nil)
        #expect(try !request("other=1").flag("explain"))
        for word in ["true", "TRUE", "1", "yes", "On"] { #expect(try request("explain=\(word)").flag("explain")) }
        for word in ["false", "0", "No", "off"] { #expect(try !request("explain=\(word)").flag("explain")) }
        for query in ["explain=true&explain=maybe", "explain=false&explain=true", "explain&explain=1"] {
            #expect(throws: ServingError.self) { try request(query).flag("explain") }
            do {
                _ = try request(query).flag("explain")
            } catch {
                #expect(error.status.code == 400)
                #expect(error.message.hasPrefix("the query parameter explain is given 2 times ("), "\(error.message)")
                #expect(error.errors.map(\.field) == ["explain"])
            }
        }
        do {
            _ = try request("explain=maybe").flag("explain")
            Issue.record("explain=maybe was taken")
        } catch {
            // The message names every word that is accepted, and only those.
            #expect(
                error.message
                    == "explain must be true or false (also 1, yes, on or 0, no, off, in any case), got 'maybe'")
        }
        #expect(throws: ServingError.self) { try request("status=production&status=testing").query.value("status") }
    }

    /// A parameter the route does not read is refused, naming it and the ones it reads, in the
    /// shape of the repeated-parameter refusal; a case variant says names are lower case
    /// (trial15 #5: `?EXPLAIN=true` and `?bogus=1` were 200 as if not sent).
    @Test(arguments: [
        (
            "EXPLAIN=true",
            "unknown query parameter 'EXPLAIN' (names are lower case: explain); POST /{endpoint}/predict accepts "
                + "status, model, version, explain", "EXPLAIN"
        ),
        (
            "status=production&bogus=1",
            "unknown query parameter 'bogus'; POST /{endpoint}/predict accepts status, model, version, explain",
            "bogus"
        ),
        (
            "explian=1",
            "unknown query parameter 'explian' (did you mean explain?); POST /{endpoint}/predict accepts status, "
                + "model, version, explain", "explian"
        ),
        // A long name is cut with `…`, as values are, so that it does not look exact (trial19 #13).
        (
            String(repeating: "x", count: 5_000) + "=1",
            "unknown query parameter '\(String(repeating: "x", count: 40))…'; POST /{endpoint}/predict accepts "
                + "status, model, version, explain", String(repeating: "x", count: 5_000)
        ),
    ])
    func unknownQueryParametersAreRefused(query: String, message: String, field: String) throws {
        let request = CGIRequest.make("POST", "/e/predict", variables: ["QUERY_STRING": query])
        let error = try #require(throws: ServingError.self) {
            try request.query(accepting: ["status", "model", "version", "explain"], route: "POST /{endpoint}/predict")
        }
        #expect(error.status.code == 400)
        #expect(error.message == message)
        #expect(error.errors.map(\.field) == [field])
        let none = try #require(throws: ServingError.self) {
            try CGIRequest.make("GET", "/health", variables: ["QUERY_STRING": "x=1"])
                .query(accepting: [], route: "GET /health")
        }
        #expect(none.message == "unknown query parameter 'x'; GET /health accepts no query parameters")
    }

    /// Several unknown parameters are all named, in the message and each in `errors`, a name
    /// given twice once (trial17 #5: only the first was named).
    @Test func everyUnknownQueryParameterIsNamed() throws {
        let request = CGIRequest.make(
            "POST", "/e/jobs", variables: ["QUERY_STRING": "skip_invalid=true&bogus=1&Other=2&bogus=3&explian"])
        let error = try #require(throws: ServingError.self) {
            try request.query(accepting: ["skip_invalid", "explain"], route: "POST /{endpoint}/jobs")
        }
        #expect(error.status.code == 400)
        #expect(
            error.message
                == "unknown query parameters 'bogus', 'Other', 'explian' (did you mean explain?); POST /{endpoint}/jobs "
                + "accepts skip_invalid, explain")
        #expect(error.errors.map(\.field) == ["bogus", "Other", "explian"])
        #expect(
            error.errors[2].message
                == "is not a query parameter of POST /{endpoint}/jobs (did you mean explain?); it accepts "
                + "skip_invalid, explain")
        let cased = try #require(throws: ServingError.self) {
            try CGIRequest.make("POST", "/e/jobs", variables: ["QUERY_STRING": "Skip_Invalid=1&EXPLAIN"])
                .query(accepting: ["skip_invalid", "explain"], route: "POST /{endpoint}/jobs")
        }
        #expect(
            cased.message
                == "unknown query parameters 'Skip_Invalid' (names are lower case: skip_invalid), 'EXPLAIN' (names are "
                + "lower case: explain); POST /{endpoint}/jobs accepts skip_invalid, explain")
    }

    /// A flag in the query and in the form: either alone answers, the same in both is fine,
    /// different values are refused naming it (trial15 #5: they were OR-ed).
    @Test func aFlagInTheQueryAndTheFormMustAgree() throws {
        func flag(_ query: String, form: Bool?) throws(ServingError) -> Bool {
            try CGIRequest.make("POST", "/e/predict", variables: ["QUERY_STRING": query])
                .query(accepting: ["explain"], route: "POST /{endpoint}/predict").flag("explain", form: form)
        }
        #expect(try flag("", form: nil) == false)
        #expect(try flag("", form: true))
        #expect(try flag("explain=", form: true))
        #expect(try flag("explain", form: nil))
        #expect(try flag("explain=yes", form: true))
        #expect(try flag("explain=false", form: false) == false)
        // Either one true is true: a rule across query and body is one openapi.json cannot state.
        #expect(try flag("explain=false", form: true))
        #expect(try flag("explain=true", form: false))
    }

    @Test func anUnsetMethodIsGet() {
        let request = CGIRequest(variable: { _ in nil }, input: { _ in 0 })
        #expect(request.method == "GET")
        #expect(request.pathInfo.isEmpty)
        #expect(request.mediaType == nil)
    }

    @Test(arguments: [
        ("text/html,application/xhtml+xml,*/*;q=0.8", true),
        ("TEXT/HTML", true),
        ("application/json, text/html", false),
        ("application/json", false),
        ("*/*", false),
        ("text/html, application/json", true),
        // q-values (RFC 9110 §12.5.1; trial15: they were ignored).
        ("text/html;q=0.1, application/json;q=0.9", false),
        ("application/json;q=0, text/html", true),
        ("text/html;q=0", false),
        ("text/html; q=0.000", false),
        ("application/json;q=0.5, text/html;q=0.8", true),
        ("text/*;q=0.9, application/json;q=0.5", true),
        ("text/*, text/html;q=0", false),
        ("*/*;q=0.1, text/html", true),
        ("text/html;q=0.8, */*;q=0.8", true),
        ("*/*, text/html;q=0.5", false),
        ("image/png", false),
        ("text/html;q=2", false),
        ("text/html;level=1;q=0.7, application/json;q=0.6", true),
    ])
    func htmlIsAnsweredWhenTheClientAsksForIt(accept: String, html: Bool) {
        let request = CGIRequest.make("POST", "/e/predict", variables: ["HTTP_ACCEPT": accept])
        #expect(request.wantsHTML == html)
    }

    /// A job's result is JSON only when Accept prefers it to CSV (trial15: any mention of
    /// application/json, even with q=0, was JSON).
    @Test(arguments: [
        ("application/json", true),
        ("application/json;q=0, text/csv", false),
        ("text/csv;q=0.5, application/json", true),
        ("text/csv, application/json", false),
        ("*/*", false),
        ("application/*;q=0.9, text/csv;q=0.8", true),
    ])
    func aJobResultIsJSONWhenPreferredToCSV(accept: String, json: Bool) {
        let request = CGIRequest.make("GET", "/jobs/x/result", variables: ["HTTP_ACCEPT": accept])
        #expect(request.prefers("application/json", to: "text/csv") == json)
        #expect(!CGIRequest.make("GET", "/jobs/x/result", variables: [:]).prefers("application/json", to: "text/csv"))
    }

    /// A request under `script` with PATH_INFO `path` and REQUEST_URI `uri`, as a server sends it.
    private func request(script: String, path: String, uri: String?) -> CGIRequest {
        var variables = ["SCRIPT_NAME": script]
        variables["REQUEST_URI"] = uri
        return CGIRequest.make("POST", path, variables: variables)
    }

    @Test(arguments: [
        // lighttpd, Apache, and nginx with fastcgi_split_path_info: SCRIPT_NAME + PATH_INFO is the path.
        ("/cgi-bin/predict.cgi", "/income_classifier/jobs", "/cgi-bin/predict.cgi/income_classifier/jobs?x=1"),
        // Percent-encoded and doubled slashes in the request as sent; `+` in a path is itself.
        ("/models/predict.cgi", "/a+b/predict", "/models//predict%2Ecgi/a+b/predict"),
        ("/cgi-bin/predict.cgi", "/health", nil),  // no REQUEST_URI: nothing to check against
    ])
    func scriptNameIsTrustedWhenItAndPathInfoMakeUpTheRequestPath(script: String, path: String, uri: String?) {
        var lines: [String] = []
        let deployment = Deployment(root: "/srv/m", cgiURL: "/elsewhere/predict.cgi")
        #expect(request(script: script, path: path, uri: uri).scriptPath(in: deployment) { lines.append($0) } == script)
        #expect(lines.isEmpty)
    }

    /// nginx with Debian's fastcgi_params and no split: SCRIPT_NAME is the whole path, and the
    /// links a job answer hands out would have been `…/income_classifier/jobs/jobs/<id>`.
    @Test func aScriptNameThatIsTheWholePathFallsBackOnTheRecordedCGIURLAndIsLogged() {
        let sent = request(
            script: "/cgi-bin/predict.cgi/income_classifier/jobs", path: "/income_classifier/jobs",
            uri: "/cgi-bin/predict.cgi/income_classifier/jobs")
        var lines: [String] = []
        let recorded = Deployment(root: "/srv/m", cgiURL: "https://example.org/models/predict.cgi/")
        #expect(sent.scriptPath(in: recorded) { lines.append($0) } == "/models/predict.cgi")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("SCRIPT_NAME '/cgi-bin/predict.cgi/income_classifier/jobs'") == true)
        #expect(lines.first?.contains("cgi_url in deployment.json: '/models/predict.cgi'") == true)

        lines = []
        #expect(sent.scriptPath(in: Deployment(root: "/srv/m")) { lines.append($0) } == "/cgi-bin/predict.cgi")
        #expect(lines.count == 1 && lines[0].contains("the request's path less PATH_INFO"))
    }

    @Test func aPathInfoTheRequestPathDoesNotEndWithKeepsScriptNameAndIsLogged() {
        let sent = request(script: "/cgi-bin/predict.cgi", path: "/health", uri: "/somewhere/else")
        var lines: [String] = []
        #expect(sent.scriptPath(in: nil) { lines.append($0) } == "/cgi-bin/predict.cgi")
        #expect(lines.count == 1 && lines[0].contains("SCRIPT_NAME all the same"))
    }
}
