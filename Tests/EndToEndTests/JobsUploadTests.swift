import Foundation
import Testing

/// What `POST /{endpoint}/jobs` refuses, and how it says so: every bad row with its number and
/// field, limits with 413, unknown ids with 404, never a file outside the results.
@Suite struct JobsUploadTests {
    static let header =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
        + "capital-gain,capital-loss,hours-per-week,native-country"
    static let good =
        "39,State-gov,77516,Bachelors,13,Never-married,Adm-clerical,Not-in-family,White,Male,2174,0,40,United-States"

    func errors(_ body: String) throws -> [String: String] {
        let items = try #require(try parseJSON(body)["errors"] as? [[String: String]])
        return Dictionary(items.map { ($0["field"] ?? "", $0["message"] ?? "") }, uniquingKeysWith: { $0 + "; " + $1 })
    }

    @Test func invalidRowsAreListedByRowAndFieldAndRefused() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let bad1 = Self.good.replacingOccurrences(of: "39,", with: "abc,")
        let bad2 = Self.good.replacingOccurrences(of: "State-gov", with: "Martian").replacingOccurrences(
            of: ",40,", with: ",400,")
        let csv = [Self.header, Self.good, bad1, Self.good, bad2].joined(separator: "\n")
        let refused = try deployment.request("POST", "/income_classifier/jobs", body: csv)
        #expect(refused.status == 400)
        #expect(
            try parseJSON(refused.body)["message"] as? String == "2 of 4 rows are not valid; fix them, or add "
                + "?skip_invalid=true to run only the valid rows")
        let listed = try errors(refused.body)
        #expect(listed.keys.sorted() == ["row 2: age", "row 4: hours-per-week", "row 4: workclass"])
        #expect(listed["row 2: age"] == "must be a number, got 'abc'")
        #expect(listed["row 4: hours-per-week"] == "must be at most 168, got 400")
        #expect(try deployment.sql("jobs.sqlite", "select count(*) from job") == "0")

        let skipping = try deployment.request("POST", "/income_classifier/jobs", query: "skip_invalid=true", body: csv)
        #expect(skipping.status == 202)
        let answer = try parseJSON(skipping.body)
        #expect(answer["rows"] as? Int == 2 && answer["rows_skipped"] as? Int == 2)
        #expect((answer["skipped"] as? [[String: String]])?.count == 3)
        let id = try #require(answer["task_id"] as? String)
        _ = try deployment.runWorkerOnce()
        let result = try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv")
        // The result keeps the rows' own numbers, so a client can match them to its file.
        #expect(csvRows(result.body).rows.map { $0[0] } == ["1", "3"])
    }

    /// A CSV written with decimal commas (Excel in many locales) for versions that read a decimal
    /// point: refused with one hint saying so, besides each row's problem.
    @Test func decimalCommasAreNamedOnceInTheRefusal() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let header = Self.header.replacingOccurrences(of: ",", with: ";")
        let row = Self.good.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "39;", with: "39,5;")
        let refused = try deployment.request(
            "POST", "/income_classifier/jobs", body: [header, row].joined(separator: "\n"))
        #expect(refused.status == 400, "\(refused.body)")
        let message = try #require(try parseJSON(refused.body)["message"] as? String)
        #expect(
            message.contains(
                "; numbers such as '39,5' are written with a decimal comma; the served versions read a decimal "
                    + "point: write them as 39.5;"), "\(message)")
        #expect(try errors(refused.body)["row 1: age"] == "must be a number, got '39,5'")
    }

    /// A job's rows follow the schema as a single prediction does: only the fields it marks
    /// nullable (workclass, occupation, native-country) may be missing, so an empty row is refused.
    @Test func rowsMayLackOnlyNullableFieldsAsInAPrediction() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let gaps = Self.good.replacingOccurrences(of: "State-gov", with: "?").replacingOccurrences(
            of: "United-States", with: "")
        let empty = String(repeating: ",", count: 13)
        let refused = try deployment.request(
            "POST", "/income_classifier/jobs", body: [Self.header, gaps, empty].joined(separator: "\n"))
        #expect(refused.status == 400, "\(refused.body)")
        let listed = try errors(refused.body)
        // Row 1's gaps are in nullable fields; row 2 has no value at all.
        #expect(listed == ["row 2": "has no value for any field (line 3); fill it in or remove it"])
        let predict = try deployment.request(
            "POST", "/income_classifier/predict", body: #"{"age":null}"#, contentType: "application/json")
        #expect(predict.status == 400)
        #expect(try errors(predict.body)["age"] == "is missing (null), and this endpoint's schema does not let it be")
        // JSON rows: a nullable field left out is missing, as in a prediction.
        let json = try deployment.request(
            "POST", "/income_classifier/jobs", body: "[" + Self.jsonRow(without: "occupation") + "]",
            contentType: "application/json")
        #expect(json.status == 202, "\(json.body)")
    }

    /// A job's CSV is read as `modelpress predict` reads a file: `;` detected, a column that is
    /// not a field (an id) passed through to the result beside `row`, `client_id` still the
    /// routing key and not echoed.
    @Test func aSemicolonFileWithAnIDColumnIsReadAndTheIDComesBack() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let semicolons = { (line: String) in line.replacingOccurrences(of: ",", with: ";") }
        let bad = Self.good.replacingOccurrences(of: "State-gov", with: "Martian")
        let csv =
            (["id;" + semicolons(Self.header) + ";client_id"]
            + [("A", Self.good), ("B", bad), ("C", Self.good)].map { "\($0.0);" + semicolons($0.1) + ";k" })
            .joined(separator: "\r\n")
        let submitted = try deployment.request(
            "POST", "/income_classifier/jobs", query: "skip_invalid=true", body: "\u{FEFF}" + csv)
        #expect(submitted.status == 202, "\(submitted.body)")
        let skipped = try #require(try parseJSON(submitted.body)["skipped"] as? [[String: String]])
        #expect(skipped.map { $0["field"] } == ["row 2: workclass"])
        let id = try #require(try parseJSON(submitted.body)["task_id"] as? String)
        _ = try deployment.runWorkerOnce()
        let result = csvRows(try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv").body)
        #expect(
            Array(result.header.prefix(16)) == ["row"] + Self.header.split(separator: ",").map(String.init) + ["id"])
        #expect(!result.header.contains("client_id"))
        #expect(result.rows.map { [$0[0], $0[15]] } == [["1", "A"], ["3", "C"]])
        let json = try deployment.request("GET", "/jobs/\(id)/result", query: "format=json").body
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.map { ($0["extra"] as? [String: String]) ?? [:] } == [["id": "A"], ["id": "C"]])
    }

    /// `good` as a JSON object, without one field.
    static func jsonRow(without left: String) -> String {
        let names = header.split(separator: ",").map(String.init)
        let values = good.split(separator: ",").map(String.init)
        let members = zip(names, values).filter { $0.0 != left }.map { name, value in
            "\"\(name)\":" + (Double(value) != nil ? value : "\"\(value)\"")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    @Test func malformedCSVAndJSONSayWhere() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let header = try deployment.request(
            "POST", "/income_classifier/jobs",
            body: Self.header.replacingOccurrences(of: "fnlwgt", with: "weight") + "\n" + Self.good)
        #expect(header.status == 400)
        // A column that is not a field is passed through; the field it replaced is missing.
        #expect(try errors(header.body) == ["fnlwgt": "the header has no column for this field"])

        let short = try deployment.request(
            "POST", "/income_classifier/jobs", body: [Self.header, Self.good, "39,State-gov"].joined(separator: "\n"))
        #expect(short.status == 400)
        #expect(
            (try parseJSON(short.body)["message"] as? String)?.hasPrefix("1 of 2 rows are not valid; fix them") == true)
        #expect(try errors(short.body) == ["row 2": "has 2 cells (line 3); the header has 14 columns"])

        let quote = try deployment.request(
            "POST", "/income_classifier/jobs", body: [Self.header, Self.good, "\"39,State-gov"].joined(separator: "\n"))
        #expect(quote.status == 400)
        #expect(
            (try parseJSON(quote.body)["message"] as? String)?.contains(
                "line 3, column 1: the quoted field opened here is never closed")
                == true)

        let object = try jsonRow()
        let array = try deployment.request(
            "POST", "/income_classifier/jobs", body: "[\(object), 42, \(object)]", contentType: "application/json")
        #expect(array.status == 400)
        #expect(try errors(array.body) == ["row 2": "is not an object of field names and values"])

        let lines = try deployment.request(
            "POST", "/income_classifier/jobs", body: "\(object)\n{\"age\": 3\n\(object)\n",
            contentType: "application/x-ndjson")
        #expect(lines.status == 400)
        #expect(try errors(lines.body)["row 2"]?.hasPrefix("line 2: is not JSON (column ") == true)

        let typed = try deployment.request(
            "POST", "/income_classifier/jobs",
            body: "[\(object), \(object.replacingOccurrences(of: "\"age\":39", with: "\"age\":\"old\""))]",
            contentType: "application/json")
        #expect(try errors(typed.body) == ["row 2: age": "must be a number, got 'old'"])

        let fine = try deployment.request(
            "POST", "/income_classifier/jobs", body: "\(object)\n\n\(object)\n", contentType: "application/x-ndjson")
        #expect(fine.status == 202)
        #expect(try parseJSON(fine.body)["rows"] as? Int == 2)

        // With skip_invalid such rows are skipped as any bad row is (trial15 #8: one refused
        // the whole job), and a key that is no field comes back as a CSV column does (#9).
        let tagged = object.replacingOccurrences(of: "{", with: #"{"id":"A","#)
        let twice = object.replacingOccurrences(of: "{", with: #"{"age":40,"#)
        let skipping = try deployment.request(
            "POST", "/income_classifier/jobs", query: "skip_invalid=true", body: "[\(tagged), [1, 2], \(twice)]",
            contentType: "application/json")
        #expect(skipping.status == 202, "\(skipping.body)")
        let skipped = try #require(try parseJSON(skipping.body)["skipped"] as? [[String: String]])
        #expect(
            skipped == [
                ["field": "row 2", "message": "is not an object of field names and values"],
                ["field": "row 3", "message": #""age" appears twice in one object; send each field once"#],
            ])
        let id = try #require(try parseJSON(skipping.body)["task_id"] as? String)
        _ = try deployment.runWorkerOnce()
        let json = try deployment.request("GET", "/jobs/\(id)/result", query: "format=json").body
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.map { ($0["extra"] as? [String: String]) ?? [:] } == [["id": "A"]], "\(json)")
    }

    /// A JSON job's extra keys come back as sent: in the order sent (JSON, JSON lines and the
    /// CSV result's columns), a number as its text (`7`, `1.50`, `-0.0`, an id above 2^53),
    /// `true` and `null` as themselves, a key a row lacks left out (trial17 #6, trial19 #7:
    /// keys came back sorted, `5` as `5.0`, ids rounded).
    @Test func extraKeysComeBackAsSent() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let object = try jsonRow()
        let first = object.replacingOccurrences(
            of: "{",
            with: #"{"extra_id":7,"vip":true,"note":"a \"b\"","big":12345678901234567890,"neg":-0.0,"f":1.50,"e":1e2,"#)
        let second = object.replacingOccurrences(of: "{", with: #"{"zz":1,"vip":null,"score":2.5,"#)
        for (body, type) in [
            ("\(first)\n\(second)\n", "application/x-ndjson"), ("[\(first),\(second)]", "application/json"),
        ] {
            let submitted = try deployment.request("POST", "/income_classifier/jobs", body: body, contentType: type)
            #expect(submitted.status == 202, "\(submitted.body)")
            let id = try #require(try parseJSON(submitted.body)["task_id"] as? String)
            _ = try deployment.runWorkerOnce()
            let json = try deployment.request("GET", "/jobs/\(id)/result", query: "format=json").body
            #expect(
                json.contains(
                    #""extra":{"extra_id":7,"vip":true,"note":"a \"b\"","big":12345678901234567890,"neg":-0.0,"#
                        + #""f":1.50,"e":1e2}"#), "\(json)")
            // A row that sends its keys in another order than the columns' gets them back in its own.
            #expect(json.contains(#""extra":{"zz":1,"vip":null,"score":2.5}"#), "\(json)")
            // (csvRows splits at commas and keeps quotes: the note's cell as written.)
            let csv = csvRows(try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv").body)
            let names = ["extra_id", "vip", "note", "big", "neg", "f", "e", "zz", "score"]
            let start = try #require(csv.header.firstIndex(of: "extra_id"))
            #expect(Array(csv.header[start..<(start + names.count)]) == names, "\(csv.header)")
            #expect(
                csv.rows.map { Array($0[start..<(start + names.count)]) }
                    == [
                        ["7", "true", #""a ""b""""#, "12345678901234567890", "-0.0", "1.50", "1e2", "", ""],
                        ["", "", "", "", "", "", "", "1", "2.5"],
                    ], "\(csv.header)")
        }
    }

    /// A job's result starts with the input's cells as written, as `modelpress predict`'s does
    /// (trial19 #13: `+39` came back `39`, a JSON number's text as the value's).
    @Test func aJobsResultEchoesTheCellsAsWritten() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let row = Self.good.replacingOccurrences(of: "39,", with: "+39,").replacingOccurrences(
            of: ",40,", with: ",40.0,")
        let submitted = try deployment.request("POST", "/income_classifier/jobs", body: Self.header + "\n" + row)
        #expect(submitted.status == 202, "\(submitted.body)")
        let id = try #require(try parseJSON(submitted.body)["task_id"] as? String)
        let object = try jsonRow().replacingOccurrences(of: #""age":39"#, with: #""age":39.0"#)
        let json = try deployment.request(
            "POST", "/income_classifier/jobs", body: "[\(object)]", contentType: "application/json")
        #expect(json.status == 202, "\(json.body)")
        let jsonID = try #require(try parseJSON(json.body)["task_id"] as? String)
        _ = try deployment.runWorkerOnce()
        _ = try deployment.runWorkerOnce()
        let csv = csvRows(try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv").body)
        let age = try #require(csv.header.firstIndex(of: "age"))
        let hours = try #require(csv.header.firstIndex(of: "hours-per-week"))
        #expect(csv.rows.map { [$0[age], $0[hours]] } == [["+39", "40.0"]])
        let fromJSON = csvRows(try deployment.request("GET", "/jobs/\(jsonID)/result", query: "format=csv").body)
        #expect(fromJSON.rows.map { $0[age] } == ["39.0"], "\(fromJSON.header)")
    }

    @Test func limitsAndMediaTypes() throws {
        let deployment = try JobDeployment(
            settings: #"{"spawn_workers": 0, "max_job_body_bytes": 2000, "max_job_rows": 5}"#)
        defer { deployment.remove() }
        let six = ([Self.header] + Array(repeating: Self.good, count: 6)).joined(separator: "\n")
        let tooMany = try deployment.request("POST", "/income_classifier/jobs", body: six)
        #expect(tooMany.status == 413)
        #expect(
            try parseJSON(tooMany.body)["message"] as? String
                == "the job has more than 5 rows, the limit; split it into smaller jobs")
        let large = ([Self.header] + Array(repeating: Self.good, count: 30)).joined(separator: "\n")
        let tooLarge = try deployment.request("POST", "/income_classifier/jobs", body: large)
        #expect(tooLarge.status == 413)
        #expect(
            try parseJSON(tooLarge.body)["message"] as? String
                == "the body has \(large.utf8.count) bytes; the limit is 2000")
        let five = ([Self.header] + Array(repeating: Self.good, count: 5)).joined(separator: "\n")
        #expect(try deployment.request("POST", "/income_classifier/jobs", body: five).status == 202)

        #expect(
            try deployment.request("POST", "/income_classifier/jobs", body: five, contentType: "text/plain").status
                == 415)
        #expect(try deployment.request("POST", "/nowhere/jobs", body: five).status == 404)
        #expect(try deployment.request("GET", "/income_classifier/jobs").status == 405)
        #expect(
            try deployment.request("POST", "/income_classifier/jobs", query: "skip_invalid=maybe", body: five).status
                == 400)
    }

    @Test(arguments: [
        "/jobs/0123456789abcdef0123456789abcdef", "/jobs/0123456789abcdef0123456789abcdef/result",
        "/jobs/..%2F..%2Fetc",
        "/jobs/../../etc/passwd/result", "/jobs/0123456789ABCDEF0123456789ABCDEF",
    ])
    func unknownOrMalformedIdsAre404(path: String) throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0}"#)
        defer { deployment.remove() }
        let answer = try deployment.request("GET", path)
        #expect(answer.status == 404, "\(path): \(answer.body)")
        #expect(try parseJSON(answer.body)["status"] as? String == "Error")
        #expect(!answer.body.contains("root:"))
    }

    private func jsonRow() throws -> String {
        let values = Self.good.split(separator: ",").map(String.init)
        let names = Self.header.split(separator: ",").map(String.init)
        let pairs = zip(names, values).map { name, value in
            Double(value) != nil ? "\"\(name)\":\(value)" : "\"\(name)\":\"\(value)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
