import Foundation
import Serving
import Testing

@testable import PredictCGICore

@Suite struct RouterTests {
    private func respond(_ request: CGIRequest) -> CGIResponse {
        Router.respond(to: request, startedAt: Clock.monotonicMicroseconds())
    }

    @Test func healthAnswersAWholeCGIResponse() {
        let response = respond(.make("GET", "/health"))
        #expect(
            response.text
                == "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nContent-Length: 39\r\n\r\n"
                + #"{"status":"OK","service":"predict.cgi"}"#)
    }

    @Test func headIsAllowedWhereGetIs() {
        #expect(respond(.make("HEAD", "/health")).status == 200)
    }

    @Test(arguments: [
        ("POST", "/health", "GET, HEAD"),
        ("GET", "/income_classifier/predict", "POST"),
        ("GET", "/income_classifier/jobs", "POST"),
        ("DELETE", "/jobs/0123456789abcdef0123456789abcdef", "GET, HEAD"),
        ("PUT", "/jobs/0123456789abcdef0123456789abcdef/result", "GET, HEAD"),
        ("GET", "/requests/1/feedback", "POST"),
    ])
    func aWrongMethodIs405WithAllow(method: String, path: String, allow: String) {
        let response = respond(.make(method, path))
        #expect(response.status == 405)
        #expect(response.header("Allow") == allow)
        #expect(response.body.contains("\(method) is not allowed on \(path)"))
    }

    @Test(arguments: [
        ("", "no route given"),
        ("/", "no route given"),
        ("/nothing", "no route /nothing"),
        ("/a/b/c/d", "no route /a/b/c/d"),
        ("/requests/abc/feedback", "'abc' is not a request id"),
        ("/requests/0/feedback", "'0' is not a request id"),
        ("/jobs/xyz", "'xyz' is not a job id"),
        ("/jobs/XYZ/result", "'XYZ' is not a job id"),
    ])
    func whatIsNoRouteIs404(path: String, message: String) {
        let method = path.hasSuffix("feedback") ? "POST" : "GET"
        let response = respond(.make(method, path))
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.body.contains(message))
    }

    @Test func segmentsSkipEmptyParts() {
        #expect(Router.segments(of: "//income_classifier///predict/") == ["income_classifier", "predict"])
        #expect(Router.segments(of: "").isEmpty)
    }

    @Test func aRouteThatNeedsTheDeploymentIs503WithoutOne() {
        let response = respond(.make("POST", "/income_classifier/predict", contentType: "application/json", body: "{}"))
        #expect(response.status == 503)
        #expect(response.body.contains("MODELPRESS_DEPLOYMENT"))
    }

    @Test func predictServesTheRepositorysProductionModelAndLogsTheRequest() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        let body = """
            {"age":37,"workclass":"Private","fnlwgt":34146,"education":"HS-grad","education-num":9,\
            "marital-status":"Married-civ-spouse","occupation":"Craft-repair","relationship":"Husband",\
            "race":"White","sex":"Male","capital-gain":0,"capital-loss":0,"hours-per-week":68,\
            "native-country":"United-States"}
            """
        let response = respond(
            .make(
                "POST", "/income_classifier/predict", contentType: "application/json", body: body,
                variables: deployment.variables))
        #expect(response.status == 200, "\(response.body)")
        #expect(response.body.hasPrefix(#"{"status":"OK","label":"<=50K","#))
        #expect(FileManager.default.fileExists(atPath: deployment.folder + "/var/requests.sqlite"))

        let html = respond(
            .make(
                "POST", "/income_classifier/predict", contentType: "application/json", body: body,
                variables: deployment.variables.merging(["HTTP_ACCEPT": "text/html"]) { $1 }))
        #expect(html.header("Content-Type") == "text/html; charset=utf-8")
        #expect(html.body.contains("<h1>Prediction: &lt;=50K</h1>"))
    }

    @Test func predictRefusesAnUnknownEndpointAndABadBody() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        let unknown = respond(
            .make(
                "POST", "/no_such_endpoint/predict", contentType: "application/json", body: #"{"age":37}"#,
                variables: deployment.variables))
        #expect(unknown.status == 404)
        let text = respond(
            .make(
                "POST", "/income_classifier/predict", contentType: "text/plain", body: "age=37",
                variables: deployment.variables))
        #expect(text.status == 415)
    }
}
