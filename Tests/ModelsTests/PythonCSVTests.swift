import Foundation
import Models
import Testing

/// The CSV reader against Python's csv module: `scripts/make-csv-fixtures` generated the texts
/// (quoted separators, doubled quotes, line breaks inside quotes, LF / CRLF / CR / mixed, a BOM,
/// `;` and tab, empty fields, no final line end, non-ASCII) and recorded what `csv.reader`
/// reads from each, or that it refuses the text.
@Suite struct PythonCSVTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var separator: String
            var text: String
            var records: [[String]]?
            var error: String?
        }

        var python: String
        var cases: [Case]

        static func load() throws -> Fixture {
            let url = try #require(
                Bundle.module.url(forResource: "python-csv", withExtension: "json", subdirectory: "Fixtures"))
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        }
    }

    @Test func readsWhatPythonReads() throws {
        let fixture = try Fixture.load()
        #expect(fixture.cases.count >= 300)
        #expect(fixture.cases.contains { $0.error != nil } && fixture.cases.contains { $0.records != nil })
        for (number, test) in fixture.cases.enumerated() {
            let separator = try #require(test.separator.utf8.first)
            let dialect = CSVTable.Dialect(
                separator: separator, trimsSpaces: false, commentPrefix: nil, missingMarkers: [""])
            let read = Result { try CSVTable(parsing: Array(test.text.utf8), dialect: dialect).records.map(\.fields) }
            switch (read, test.records) {
            case (.success(let records), let expected?):
                #expect(records == expected, "case \(number + 1): \(test.text.debugDescription)")
            case (.failure, nil):
                continue
            case (.success(let records), nil):
                Issue.record(
                    "case \(number + 1): \(test.text.debugDescription) was read as \(records); Python: \(test.error ?? "")"
                )
            case (.failure(let error), _?):
                Issue.record("case \(number + 1): \(test.text.debugDescription) was refused: \(error)")
            }
        }
    }
}
