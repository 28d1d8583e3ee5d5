import Testing

@testable import PredictCGICore

@Suite struct CGIRequestTests {
    @Test func metaVariablesAreReadByName() {
        let request = CGIRequest.make(
            "POST", "/income_classifier/predict",
            variables: [
                "SCRIPT_NAME": "/cgi-bin/predict.cgi", "QUERY_STRING": "status=production&model=&version=1.0.0",
                "HTTP_X_CLIENT_ID": "client-7", "HTTP_PROXY": "http://evil.example", "MODELPRESS_DEPLOYMENT": "/srv/m",
            ])
        #expect(request.method == "POST")
        #expect(request.pathInfo == "/income_classifier/predict")
        #expect(request.scriptName == "/cgi-bin/predict.cgi")
        #expect(request.query("status") == "production")
        #expect(request.query("model") == nil)
        #expect(request.query("version") == "1.0.0")
        #expect(request.clientID == "client-7")
        #expect(request.deploymentFolder == "/srv/m")
        #expect(request.contentLength == nil)
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
    ])
    func htmlIsAnsweredWhenTheClientAsksForIt(accept: String, html: Bool) {
        let request = CGIRequest.make("POST", "/e/predict", variables: ["HTTP_ACCEPT": accept])
        #expect(request.wantsHTML == html)
    }
}
