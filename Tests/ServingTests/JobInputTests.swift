import Models
import Testing

@testable import Serving

@Suite struct JobInputTests {
    @Test func multipartFormGivesTheFileAndFields() throws {
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"skip_invalid\"\r\n\r\non\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--XyZ--\r\n"
        let form = try MultipartForm(body: Array(body.utf8), boundary: "XyZ")
        #expect(form.parts.map(\.name) == ["skip_invalid", "file"])
        #expect(form.part("file")?.filename == "rows.csv")
        #expect(form.part("file").map { String(decoding: $0.bytes, as: UTF8.self) } == "a,b\r\n1,2\r\n")
        #expect(form.part("skip_invalid")?.bytes == Array("on".utf8))
        #expect(MultipartForm.parameter("boundary", in: "multipart/form-data; boundary=----abc") == "----abc")
        #expect(throws: ServingError.self) { try MultipartForm(body: Array("no parts".utf8), boundary: "XyZ") }
    }

    @Test func missingValuesAreAcceptedOnlyWhenAsked() throws {
        let schema = Models.Schema(
            fields: [.numeric("age", minimum: 0, maximum: 120), .categorical("color", ["red", "blue"])], label: "y",
            labelValues: ["no", "yes"])
        let strict = InputValidator(schema: schema)
        let lenient = InputValidator(schema: schema, acceptsMissing: true)
        let gappy: [String: InputValue] = ["age": .text(" "), "color": .text("?")]
        #expect(throws: ServingError.self) { try strict.validate(gappy) }
        #expect(try lenient.validate(gappy) == ["age": .missing, "color": .missing])
        #expect(
            try lenient.validate(["age": .null, "color": .text("red")]) == ["age": .missing, "color": .category("red")])
        #expect(throws: ServingError.self) { try lenient.validate(["age": .text("x"), "color": .text("red")]) }
    }
}
