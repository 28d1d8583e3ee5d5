import Foundation
import Testing

/// predict.cgi run as a web server would run it: meta-variables in the environment, the body on stdin.
@Suite struct PredictCGIProcessTests {
    func cgi(_ variables: [String: String], body: String = "") throws -> ProcessResult {
        try run(Executables.predictCGI, environment: variables, input: Data(body.utf8))
    }

    @Test func healthIsAValidCGIResponse() throws {
        let result = try cgi(["REQUEST_METHOD": "GET", "PATH_INFO": "/health", "GATEWAY_INTERFACE": "CGI/1.1"])
        #expect(result.status == 0)
        #expect(
            result.output
                == "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nContent-Length: 39\r\n\r\n"
                + "{\"status\":\"OK\",\"service\":\"predict.cgi\"}")
        #expect(result.errorOutput.isEmpty)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let result = try cgi(["REQUEST_METHOD": "DELETE", "PATH_INFO": "/health"])
        #expect(result.output.hasPrefix("Status: 405 Method Not Allowed\r\n"))
        #expect(result.output.contains("\r\nAllow: GET, HEAD\r\n"))
        #expect(
            result.output.hasSuffix(
                "{\"status\":\"Error\",\"message\":\"DELETE is not allowed on /health; use GET\",\"errors\":[]}"))
    }

    @Test(arguments: ["", "/nowhere", "/\"quoted\""])
    func unknownRouteIs404JSON(path: String) throws {
        let result = try cgi(["REQUEST_METHOD": "GET", "PATH_INFO": path])
        #expect(result.output.hasPrefix("Status: 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\n"))
        let body = try #require(result.output.components(separatedBy: "\r\n\r\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "Error")
        #expect((json["message"] as? String)?.isEmpty == false)
    }

    @Test func contentLengthMatchesBody() throws {
        let result = try cgi(["REQUEST_METHOD": "GET", "PATH_INFO": "/\u{e9}t\u{e9}"])
        let parts = result.output.components(separatedBy: "\r\n\r\n")
        let length = parts[0].components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }
        #expect(length == "Content-Length: \(parts[1].utf8.count)")
    }
}
