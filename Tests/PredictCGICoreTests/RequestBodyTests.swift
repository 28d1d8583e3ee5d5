import Serving
import Testing

@testable import PredictCGICore

@Suite struct RequestBodyTests {
    private func fields(_ request: CGIRequest, limit: Int = 1024) throws(ServingError) -> [String: InputValue] {
        try RequestBody.fields(of: request, limit: limit)
    }

    private func refusal(_ request: CGIRequest, limit: Int = 1024) -> ServingError? {
        do {
            _ = try fields(request, limit: limit)
            return nil
        } catch {
            return error
        }
    }

    @Test func aJSONObjectBecomesNamedValues() throws {
        // A name repeated in the object is refused (InputValidatorTests), not read as its last value.
        let body = #"{"age":38,"sex":"Male","ok":true,"gone":null,"list":[1,2],"object":{"a":1}}"#
        let read = try fields(.make("POST", "/e/predict", contentType: "application/json", body: body))
        #expect(
            read == [
                "age": .number(38), "sex": .text("Male"), "ok": .bool(true), "gone": .null, "list": .nested,
                "object": .nested,
            ])
    }

    @Test func aFormBecomesText() throws {
        let request = CGIRequest.make(
            "POST", "/e/predict", contentType: "application/x-www-form-urlencoded; charset=UTF-8",
            body: "age=37&native-country=United-States&note=a+b%26c")
        #expect(
            try fields(request) == [
                "age": .text("37"), "native-country": .text("United-States"), "note": .text("a b&c"),
            ])
    }

    @Test func theMediaTypeIgnoresCaseAndParameters() throws {
        let request = CGIRequest.make("POST", "/e/predict", contentType: "Application/JSON ; charset=utf-8", body: "{}")
        #expect(request.mediaType == "application/json")
        #expect(try fields(request).isEmpty)
    }

    @Test func aBodyArrivingInPiecesIsReadWhole() throws {
        let body = Array(#"{"sex":"Female","age":29}"#.utf8)
        let request = CGIRequest.make(
            "POST", "/e/predict", variables: ["CONTENT_TYPE": "application/json"], body: body, chunk: 1)
        #expect(try fields(request) == ["sex": .text("Female"), "age": .number(29)])
    }

    @Test(arguments: [
        ("application/json", "", 400, "the body is empty"),
        ("application/json", "[1,2]", 400, "not a JSON object"),
        ("application/json", #"{"age":"#, 400, #"not valid JSON: line 1, column 8: the value of "age": expected"#),
        (
            "application/json", #"{"sex":"Female","alcohol":NaN}"#, 400,
            #"the body is not valid JSON: line 1, column 27: the value of "alcohol": expected a number (JSON has no NaN or Infinity; send null for a missing value)"#
        ),
        ("application/json", #"{"a":-Infinity}"#, 400, #"the value of "a": expected a number (JSON has no NaN"#),
        ("text/plain", "age=1", 415, "text/plain is not accepted"),
    ])
    func badBodiesAreRefused(contentType: String, body: String, code: Int, message: String) throws {
        let error = try #require(refusal(.make("POST", "/e/predict", contentType: contentType, body: body)))
        #expect(error.status.code == code)
        #expect(error.message.contains(message))
    }

    @Test func aBodyWithoutContentTypeIs415() throws {
        let error = try #require(refusal(.make("POST", "/e/predict", body: Array("{}".utf8))))
        #expect(error.reason == .unsupportedMediaType)
    }

    /// curl's `-d` sends a form's Content-Type unless told otherwise: a JSON object under it is the
    /// client's media type mistake, not fifteen missing fields.
    @Test func jsonSentAsAFormIs415() throws {
        let request = CGIRequest.make(
            "POST", "/e/predict", contentType: "application/x-www-form-urlencoded", body: #" {"age":37}"#)
        let error = try #require(refusal(request))
        #expect(error.reason == .unsupportedMediaType)
        #expect(error.message.contains("send Content-Type: application/json"))
        #expect(error.errors.isEmpty)
    }

    @Test func aBodyOverTheLimitIsRefusedUnread() throws {
        let body = Array(repeating: UInt8(ascii: " "), count: 2000)
        let source = BodySource(bytes: body, chunk: .max)
        let variables = ["CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "2000"]
        let request = CGIRequest(variable: { variables[$0] }, input: source.read)
        let error = try #require(refusal(request, limit: 1999))
        #expect(error.reason == .payloadTooLarge)
        #expect(error.message == "the body has 2000 bytes; the limit is 1999")
        #expect(source.consumed == 0)
    }

    @Test(arguments: ["abc", "-1", "1e3", "+2", " 2", "0x2"])
    func aMalformedContentLengthIs400(length: String) throws {
        let request = CGIRequest.make(
            "POST", "/e/predict", variables: ["CONTENT_TYPE": "application/json", "CONTENT_LENGTH": length],
            body: Array("{}".utf8))
        let error = try #require(refusal(request))
        #expect(error.message == "CONTENT_LENGTH '\(length)' is not a byte count")
    }

    @Test func aShortBodyIs400() throws {
        let request = CGIRequest.make(
            "POST", "/e/predict", variables: ["CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "100"],
            body: Array(#"{"age":37}"#.utf8))
        let error = try #require(refusal(request))
        #expect(error.message == "the body ended after 10 of 100 bytes")
    }
}
