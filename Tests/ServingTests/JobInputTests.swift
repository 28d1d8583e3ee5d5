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

    @Test func aCSVSavedByExcelReads() throws {
        let schema = Models.Schema(
            fields: [.numeric("age"), .categorical("color", ["red"])], label: "y", labelValues: ["n", "y"])
        let body = "\u{FEFF}age,color\r\n30,red\r\n\r\n41,\"red\"\r\n"
        let rows = try JobInput(bytes: Array(body.utf8), format: .csv, schema: schema, maxRows: 10).rows
        #expect(
            rows.map(\.values) == [
                ["age": .text("30"), "color": .text("red")], ["age": .text("41"), "color": .text("red")],
            ])
    }

    /// A job's CSV is read as the served versions read theirs: their markers are missing, and
    /// a decimal comma is a number when a version declared `decimal = ","`.
    @Test func aJobReadsItsCSVAsTheVersionsReadTheirs() throws {
        let schema = Models.Schema(
            fields: [
                .numeric("bill"), Field(name: "sex", kind: .categorical, categories: ["f", "m"], nullable: true),
            ],
            label: "y", labelValues: ["n", "y"])
        let body = Array("bill;sex\n41,4;NA\n".utf8)
        let read = try JobInput(
            bytes: body, format: .csv, schema: schema,
            reading: VersionCSVReading(missingMarkers: ["NA"], decimalComma: true), maxRows: 10)
        #expect(read.rows.map(\.values) == [["bill": .number(41.4), "sex": .null]])
        let plain = try JobInput(bytes: body, format: .csv, schema: schema, maxRows: 10)
        #expect(plain.rows.map(\.values) == [["bill": .text("41,4"), "sex": .text("NA")]])
        #expect(plain.numberMarks == .decimalComma(example: "41,4"))
    }

    /// A CSV's numeric cells that the decimal mark does not read are judged together, per field:
    /// commas before three digits group thousands (never advised as a decimal comma), a comma
    /// with other decimals is one, dots before a decimal comma group thousands (trial19 #1).
    @Test func aJobCSVsUnreadNumbersAreJudgedByField() throws {
        let schema = Models.Schema(fields: [.numeric("bill"), .numeric("tip")], label: "y", labelValues: ["n", "y"])
        func marks(_ text: String, decimalComma: Bool = false) throws -> NumberMarks? {
            try JobInput(
                bytes: Array(text.utf8), format: .csv, schema: schema,
                reading: VersionCSVReading(missingMarkers: [], decimalComma: decimalComma), maxRows: 10
            ).numberMarks
        }
        #expect(try marks("bill;tip\n1,950;2\n975;3\n") == .thousandsCommas(example: "1,950"))
        #expect(try marks("bill;tip\n1,950;2\n12,5;3\n") == .decimalComma(example: "12,5"))
        #expect(try marks("bill;tip\n1.356,31;2\n535,04;3\n") == .thousandsDots(example: "1.356,31"))
        #expect(
            try marks("bill;tip\n1.356,31;2\n535,04;3\n", decimalComma: true) == .thousandsDots(example: "1.356,31"))
        #expect(try marks("bill;tip\n1;2\nx;3\n") == nil)
        // The first field in schema order that has such cells is the one judged.
        #expect(try marks("tip;bill\n2,5;1,950\n3;975\n") == .thousandsCommas(example: "1,950"))
        // Commas before three digits and no plain number: the data does not decide, as in
        // `data inspect` (trial21 #2); one plain number decides.
        #expect(try marks("bill;tip\n1,950;2\n1,071;3\n") == .ambiguousCommas(example: "1,071"))
        #expect(try marks("bill;tip\n1,950;2\n1,071;3\n975;4\n") == .thousandsCommas(example: "1,071"))
        #expect(try marks("bill;tip\n1'078.72;2\n975;3\n") == .thousandsApostrophes(example: "1'078.72"))
    }

    @Test func missingValuesAreAcceptedOnlyInNullableFields() throws {
        let schema = Models.Schema(
            fields: [
                .numeric("age", minimum: 0, maximum: 120),
                Field(name: "color", kind: .categorical, categories: ["red", "blue"], nullable: true),
            ], label: "y", labelValues: ["no", "yes"])
        let validator = InputValidator(schema: schema)
        let gappy: [String: InputValue] = ["age": .text(" "), "color": .text("?")]
        let refused = try #require(throws: ServingError.self) { try validator.validate(gappy) }
        #expect(refused.errors.map(\.field) == ["age"])
        #expect(try validator.validate(["age": .text("3"), "color": .null]) == ["age": .number(3), "color": .missing])
        #expect(throws: ServingError.self) { try validator.validate(["age": .text("x"), "color": .text("red")]) }
    }
}

/// JSON and JSON-lines job bodies: what they accept and what a wrong one says.
@Suite struct JobInputJSONTests {
    static let schema = Models.Schema(
        fields: [.numeric("age", minimum: 0, maximum: 120)], label: "y", labelValues: ["no", "yes"])
    /// Fields a to j: the keys the reading tests send.
    static let letters = Models.Schema(
        fields: ["a", "b", "c", "d", "e", "f", "i", "j"].map { .numeric($0) }, label: "y", labelValues: ["no", "yes"])

    func input(_ text: String, _ format: JobInput.Format) throws(ServingError) -> JobInput {
        try JobInput(bytes: Array(text.utf8), format: format, schema: Self.letters, maxRows: 100)
    }

    func rows(
        _ text: String, _ format: JobInput.Format, maxRows: Int = 100, schema: Models.Schema = Self.letters
    ) throws(ServingError) -> [JobInput.Row] {
        try JobInput(bytes: Array(text.utf8), format: format, schema: schema, maxRows: maxRows).rows
    }

    func refusal(
        _ text: String, _ format: JobInput.Format, maxRows: Int = 100, oneObject: Bool = false
    ) -> ServingError? {
        do {
            _ = try JobInput(
                bytes: Array(text.utf8), format: format, schema: Self.schema, maxRows: maxRows, oneObject: oneObject)
            Issue.record("accepted \(text.debugDescription)")
            return nil
        } catch { return error }
    }

    @Test func anArrayGivesOneRowPerObjectWithEveryKindOfValue() throws {
        let body = #"[{"a":1,"b":"x","c":null,"d":true,"e":[1],"f":{"g":1},"i":-0.5e2,"j":"\u00e9"}, {}]"#
        let read = try rows(body, .json)
        #expect(read.map(\.number) == [1, 2])
        #expect(
            read[0].values == [
                "a": .number(1), "b": .text("x"), "c": .null, "d": .bool(true), "e": .nested, "f": .nested,
                "i": .number(InputNumber(-50, text: "-0.5e2")), "j": .text("é"),
            ])
        #expect(read[1].values.isEmpty)
        // A repeated name is refused (trial 13, finding 13), as that row's problem: the other
        // rows are read (trial15 #8: one such object failed the whole input).
        let repeated = try input(#"[{"a":1,"a":2}, {"a":3}]"#, .json)
        #expect(repeated.rows.map(\.number) == [2])
        #expect(
            repeated.problems == [
                .init(field: "row 1", message: #""a" appears twice in one object; send each field once"#)
            ])
        #expect(try rows("\u{FEFF}[{\"a\":1}]", .json).map(\.values) == [["a": .number(1)]])
    }

    /// A key that is no field is passed through as a CSV column is (trial15 #9: JSON refused
    /// it): in the order first met, empty where a row lacks it; a nested value has no cell.
    @Test func keysThatAreNoFieldArePassedThroughAsCSVColumnsAre() throws {
        let read = try input(
            #"[{"a":1,"id":"x7","n":2.5}, {"a":2,"flag":true,"id":null}, {"a":3,"meta":{"k":1}}]"#, .json)
        #expect(read.extraColumns == ["id", "n", "flag"])
        // Each as sent, nil where the row has no such key (trial17 #6).
        #expect(read.rows.map(\.extras) == [[.text("x7"), .number(2.5), nil], [.null, nil, .bool(true)]])
        #expect(read.rows.map(\.values) == [["a": .number(1)], ["a": .number(2)]])
        #expect(read.problems.map(\.field) == ["row 3: meta"])
        // A key that looks like a misspelt field the row lacks is the validator's to refuse,
        // naming the field: passed through, `b` would be scored as missing without a word.
        let typo = try input(#"[{"a":1,"B":2,"Bee":3}]"#, .json)
        #expect(typo.extraColumns == ["Bee"])
        let checked = typo.validated(by: InputValidator(schema: Self.letters, reservedKeys: []))
        #expect(
            checked.problems.contains(
                .init(field: "row 1: B", message: "is not a field of this endpoint (did you mean b?)")))
        let schema = Models.Schema(fields: [.numeric("a")], label: "y", labelValues: ["no", "yes"])
        let csv = try JobInput(bytes: Array("a,id\n1,x7\n".utf8), format: .csv, schema: schema, maxRows: 10)
        #expect(csv.extraColumns == ["id"])
        #expect(csv.rows.map(\.extras) == [[.text("x7")]])
    }

    /// Keys that are no field become columns in the order the rows send them, JSON and JSON
    /// lines alike, and a number keeps its text (trial19 #7: keys came back sorted, `5` as
    /// `5.0`, an id above 2^53 rounded, `-0.0` as `0`).
    @Test func passedThroughKeysKeepTheirOrderAndNumbersTheirText() throws {
        let rows =
            #"{"a":1,"zz":5,"cust":"A","Aa":2}"# + "\n" + #"{"big":12345678901234567890,"a":2,"neg":-0.0,"ff":1.50}"#
            + "\n" + #"{"ff":3,"a":3,"zz":4}"#
        for (text, format) in [
            (rows, JobInput.Format.jsonLines), ("[" + rows.replacingOccurrences(of: "\n", with: ",") + "]", .json),
        ] {
            let read = try input(text, format)
            #expect(read.extraColumns == ["zz", "cust", "Aa", "big", "neg", "ff"])
            let second = read.rows[1].extras.map { $0.map(ResultEncoding.cell) }
            #expect(second == [nil, nil, nil, "12345678901234567890", "-0.0", "1.50"])
            #expect(read.rows[0].extras.compactMap { $0.map(ResultEncoding.json) } == ["5", #""A""#, "2"])
            // A row whose keys come in another order than the columns' keeps its own for its result.
            #expect(read.rows.map(\.extraOrder) == [nil, nil, [5, 0]])
            #expect(JobWorker.inOrder([("a", .null), ("b", nil), ("c", .bool(true))], [2, 0]).map(\.0) == ["c", "a"])
            // Stored and read back (`JobSubmission` → worker), a number is still its text.
            #expect(
                ResultEncoding.storedExtra("12345678901234567890")
                    == .number(InputNumber(1.2345678901234567e19, text: "12345678901234567890")))
        }
    }

    /// One rule for a key or column that looks like a misspelt field, JSON and CSV alike
    /// (trial18 #2): a case variant is refused whatever the row gives the field, a near name
    /// only where the input does not name the field (`weight` beside `height` is its own column).
    @Test func aNameThatLooksLikeAMisspeltFieldIsRefusedByOneRule() throws {
        let schema = Models.Schema(
            fields: [
                Field(name: "income", kind: .numeric, nullable: true),
                Field(name: "height", kind: .numeric, nullable: true), .numeric("age"),
            ],
            label: "y", labelValues: ["no", "yes"])
        func checked(_ text: String, _ format: JobInput.Format) throws -> JobInput.Checked {
            try JobInput(bytes: Array(text.utf8), format: format, schema: schema, maxRows: 10)
                .validated(by: InputValidator(schema: schema))
        }
        let json = try checked(
            #"[{"age":1,"income":null,"Income":5}, {"age":2,"income":3,"INCOME":5}, {"age":3,"height":1,"weight":70},"#
                + #" {"age":4,"height":null,"weight":70}, {"age":5,"weight":70}, {"age":6,"incme":70}]"#, .json)
        #expect(json.valid.map(\.row.number) == [3, 4])
        #expect(
            json.problems == [
                .init(field: "row 1: Income", message: "is not a field of this endpoint (did you mean income?)"),
                .init(field: "row 2: INCOME", message: "is not a field of this endpoint (did you mean income?)"),
                .init(field: "row 5: weight", message: "is not a field of this endpoint (did you mean height?)"),
                .init(field: "row 6: incme", message: "is not a field of this endpoint (did you mean income?)"),
            ])
        // A CSV's header, by the same rule.
        #expect(try checked("age,height,weight\n1,,70\n", .csv).valid.count == 1)
        for (header, column, meant) in [("age,income,Income", "Income", "income"), ("age,weight", "weight", "height")] {
            let error = try #require(throws: ServingError.self) { try checked(header + "\n1,2,3\n", .csv) }
            #expect(error.errors.map(\.field) == [column], "\(error)")
            #expect(
                error.errors.first?.message.contains("is not a field of this endpoint (did you mean \(meant)?)") == true
            )
        }
    }

    /// A CSV may leave out the column of a field that may be missing, as a JSON row may leave
    /// out the key: every row has it missing (trial17 #7); a required field's column stays
    /// required, and a header that names no field is refused naming them all.
    @Test func aNullableFieldsColumnMayBeLeftOut() throws {
        let schema = Models.Schema(
            fields: [
                .numeric("age"), Field(name: "note", kind: .categorical, categories: ["a", "b"], nullable: true),
            ],
            label: "y", labelValues: ["no", "yes"])
        let read = try JobInput(bytes: Array("age,id\n4,x\n5,y\n".utf8), format: .csv, schema: schema, maxRows: 10)
        let checked = read.validated(by: InputValidator(schema: schema))
        #expect(
            checked.valid.map(\.values) == [
                ["age": .number(4), "note": .missing], ["age": .number(5), "note": .missing],
            ])
        #expect(read.extraColumns == ["id"])
        let noAge = try #require(throws: ServingError.self) {
            try JobInput(bytes: Array("note\na\n".utf8), format: .csv, schema: schema, maxRows: 10)
        }
        #expect(noAge.errors == [.init(field: "age", message: "the header has no column for this field")])
        #expect(
            noAge.message.hasPrefix("the CSV header must name the fields age (and may name note, which may be missing)")
        )
        // 160 fields and one missing column: the rule lists a few, so the column comes early (trial22 #6).
        let names = (0..<160).map { String(format: "c%03d", $0) }
        let wide = Models.Schema(fields: names.map { .numeric($0) }, label: "y", labelValues: ["no", "yes"])
        let header = names.filter { $0 != "c077" }.joined(separator: ",")
        let row = names.dropLast().map { _ in "1" }.joined(separator: ",")
        let noC077 = try #require(throws: ServingError.self) {
            try JobInput(bytes: Array("\(header)\n\(row)\n".utf8), format: .csv, schema: wide, maxRows: 10)
        }
        #expect(noC077.errors == [.init(field: "c077", message: "the header has no column for this field")])
        #expect(noC077.message.contains("c009, … (160 in all)") && !noC077.message.contains("c010"))
        #expect(noC077.description.count < 300, "\(noC077.description)")
        // The field `note` reads as a field, not as the CLI's `note:` (trial17 #7).
        let none = try #require(throws: ServingError.self) {
            try JobInput(bytes: Array("x\n1\n".utf8), format: .csv, schema: schema, maxRows: 10)
        }
        #expect(none.errors.map(\.field) == ["age", "note"])
        #expect(
            none.description.hasSuffix(
                "; age: the header has no column for this field; 'note': the header has no column for this field"))
    }

    /// JSON lines from a pipe (no file name) are read as JSON lines (trial15 #8), and so is a
    /// `.json` file that holds them; one object, over several lines or not, is JSON.
    @Test func aFileOfSeveralObjectsIsJSONLines() {
        func format(_ name: String, _ text: String) -> JobInput.Format {
            JobInput.Format.ofFile(named: name, bytes: Array(text.utf8))
        }
        #expect(format("-", "{\"a\":1}\n{\"a\":2}\n") == .jsonLines)
        #expect(format("rows.json", "\u{FEFF}{\"a\":1}\n{\"a\":2}") == .jsonLines)
        #expect(format("-", "{\n  \"a\": 1\n}\n") == .json)
        #expect(format("-", "[{\"a\":1}]") == .json)
        #expect(format("-", "a\n1\n") == .csv)
        #expect(format("-", "{\"a\": }\n{\"a\":2}") == .json)
    }

    @Test func jsonLinesSkipBlankLinesAndTakeCRLF() throws {
        let read = try rows("{\"a\":1}\r\n\r\n  \n{\"a\":2}\r\n", .jsonLines)
        #expect(read.map(\.number) == [1, 2])
        #expect(read.map(\.values) == [["a": .number(1)], ["a": .number(2)]])
        #expect(try rows("\u{FEFF}{\"a\":1}", .jsonLines).map(\.values) == [["a": .number(1)]])
    }

    @Test func arrayElementsThatAreNotObjectsAreNamedByRow() throws {
        let read = try input(#"[{"a":1}, 42, "s", null, [1]]"#, .json)
        #expect(read.rows.map(\.number) == [1])
        #expect(
            read.problems.map(\.field) == ["row 2", "row 3", "row 4", "row 5"]
                && read.problems.allSatisfy { $0.message == "is not an object of field names and values" })
    }

    @Test func aBodyThatIsNotAnArraySaysSo() {
        for body in [#"{"a":1}"#, "42", "null"] {
            #expect(refusal(body, .json)?.message == "a JSON job body must be an array of objects, one per row")
        }
        #expect(refusal("[]", .json)?.message == "the job has no rows; send at least one")
    }

    @Test func aMalformedArraySaysWhere() {
        #expect(
            refusal("[{\"a\":1},\n {\"a\": }]", .json)?.message
                == "the body is not a JSON array of rows: line 2, column 8: the value of \"a\": expected a number")
        #expect(
            refusal("", .json)?.message == "the input is empty: it has no JSON value; send an array of objects "
                + "keyed by field name, one per row")
        #expect(
            refusal(#"[{"a":1}] x"#, .json)?.message
                == "the body is not a JSON array of rows: line 1, column 11: unexpected text after the JSON value")
    }

    /// Objects one after another, not in an array, say how to send them (trial17 #17); a value
    /// that is broken itself does not get the hint.
    @Test func objectsOneAfterAnotherAreToldToBeAnArrayOrJSONLines() throws {
        for body in ["{\"a\":1}\n{\"a\":2}\n", "{\"a\":1}{\"a\":2}", "[{\"a\":1}]\n[{\"a\":2}]"] {
            let message = try #require(refusal(body, .json)?.message)
            #expect(message.hasPrefix("the body is not a JSON array of rows: line "), "\(message)")
            #expect(
                message.hasSuffix(
                    ": unexpected text after the JSON value; several JSON values one after another? Send the rows as "
                        + "one array ([{…}, {…}]), or as Content-Type: application/x-ndjson (JSON lines: one object "
                        + "per line)"), "\(message)")
        }
        let explain = try #require(
            refusal("[{\"a\":1}]\n[{\"a\":2}]", .json, oneObject: true)?.message)
        #expect(
            explain.hasSuffix(
                "several JSON values one after another? Put the rows in one array, or write one object per line in "
                    + "a file named .jsonl (JSON lines)"), "\(explain)")
        #expect(refusal("{\"a\": }\n{\"a\":2}", .json)?.message.contains("several") == false)
    }

    @Test func wrongLinesAreNamedByRowAndLine() throws {
        let read = try input("{\"a\":1}\n\n{\"a\": 3\n42\n[1]\nnull\n{\"b\":[1]}\n{\"a\":1,\"a\":1}", .jsonLines)
        #expect(read.rows.map(\.number) == [1, 6])
        #expect(
            read.problems == [
                .init(
                    field: "row 2",
                    message: "line 3: is not JSON (column 8: expected ',' or '}', found the end of the text)"),
                .init(field: "row 3", message: "line 4: is not an object of field names and values"),
                .init(field: "row 4", message: "line 5: is not an object of field names and values"),
                .init(field: "row 5", message: "line 6: is not an object of field names and values"),
                .init(field: "row 7", message: #"line 8: "a" appears twice in one object; send each field once"#),
            ])
        #expect(
            refusal("\n\n", .jsonLines)?.message
                == "the input is empty: it has no lines of JSON; send one object keyed by field name per line")
    }

    /// An empty input says it is empty, whatever its format (trial14 A6: empty CSV was told its
    /// header lacked every field); a CSV header alone keeps its own refusal.
    @Test func anEmptyInputSaysSo() {
        for text in ["", "\u{FEFF}", " \r\n\n"] {
            #expect(
                refusal(text, .csv)?.message.hasPrefix("the input is empty: it has no header and no rows; ") == true)
        }
        #expect(refusal("age\n", .csv)?.message == "the job has no rows; send at least one")
    }

    /// CSV that is JSON says where JSON goes (trial14 B6: it said only where the CSV broke).
    @Test func jsonSentAsCSVSaysWhereJSONGoes() {
        for text in [#"[{"age": 3}]"#, "  {\"age\": 3}\n"] {
            #expect(
                refusal(text, .csv)?.message
                    == "the text is JSON, not CSV: send JSON rows as Content-Type: application/json (an array of "
                    + "objects) or application/x-ndjson (one object per line)")
        }
        #expect(JobInput.Format.ofFile(named: "-", bytes: Array(" [1]".utf8)) == .json)
        #expect(JobInput.Format.ofFile(named: "rows.json", bytes: []) == .json)
        #expect(JobInput.Format.ofFile(named: "rows.jsonl", bytes: Array("{}".utf8)) == .jsonLines)
        #expect(JobInput.Format.ofFile(named: "rows.csv", bytes: Array("age\n".utf8)) == .csv)
    }

    /// A lone object is one row where the caller allows it (`modelpress explain`), not in a job.
    @Test func aLoneObjectIsOneRowOnlyWhenAllowed() throws {
        let one = try JobInput(
            bytes: Array(#"{"age": 3}"#.utf8), format: .json, schema: Self.schema, maxRows: 10, oneObject: true)
        #expect(one.rows.map(\.values) == [["age": .number(3)]])
        #expect(refusal(#"{"age": 3}"#, .json)?.message == "a JSON job body must be an array of objects, one per row")
    }

    /// `validated(by:)` keeps the good rows and names every bad one by its row, in row order.
    @Test func validationKeepsTheGoodRowsAndNamesTheBadOnes() throws {
        let input = try JobInput(
            bytes: Array("age\n3\nold\n\n5,6\n200\n".utf8), format: .csv, schema: Self.schema, maxRows: 10)
        let checked = input.validated(by: InputValidator(schema: Self.schema, reservedKeys: []))
        #expect(checked.valid.map(\.row.number) == [1])
        #expect(checked.invalidRows == 3)
        #expect(checked.problems.map(\.field) == ["row 2: age", "row 3", "row 4: age"])
    }

    @Test func tooManyRowsIsTooLarge() {
        #expect(refusal("[{},{},{}]", .json, maxRows: 2)?.reason == .payloadTooLarge)
        #expect(refusal("{}\nx\n{}\n{}", .jsonLines, maxRows: 2)?.reason == .payloadTooLarge)
    }
}
