import Foundation
import Testing

@testable import Models

@Suite struct DatasetTests {
    @Test func malformedRowsNameFileLineAndField() {
        let text = "|1x3 Cross validator\n39, State-gov, x7\n"
        #expect(
            throws: DataFileError(
                file: "t.csv", line: 2, reason: .malformed("expected 4 comma-separated values, found 3"))
        ) {
            try CSVTable(text: text, file: "t.csv", columns: 4)
        }
        let schema = Schema(
            fields: [.numeric("age"), .categorical("workclass", ["Private"])], label: "income",
            labelValues: ["<=50K", ">50K"])
        do {
            let table = try CSVTable(
                text: "39, Private, <=50K\nforty, Private, >50K.\n", file: "t.csv", columns: 3)
            _ = try Dataset(table: table, schema: schema)
            Issue.record("a non-number was accepted")
        } catch let error as DataFileError {
            #expect(
                error.description
                    == "t.csv:2, column 1 (field 'age'): 'forty' is not a number and the field is numeric; fix the value or mark it missing"
            )
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            let table = try CSVTable(text: "39, Private, rich\n", file: "t.csv", columns: 3)
            _ = try Dataset(table: table, schema: schema)
            Issue.record("a bad label was accepted")
        } catch let error as DataFileError {
            #expect(
                error.description
                    == "t.csv:1, column 3 (field 'income'): label 'rich' is not one of the training classes <=50K, >50K; "
                    + "a model cannot predict a class it never saw: fix the row, or add rows of 'rich' to the training data"
            )
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func alteredFileFailsItsChecksum() throws {
        let folder = Fixtures.temporaryFile("").deletingLastPathComponent()
        let file = folder.appendingPathComponent("adult.data")
        try Data("39, State-gov\n".utf8).write(to: file)
        try Data("\(String(repeating: "0", count: 64))  adult.data\n".utf8).write(
            to: folder.appendingPathComponent("SHA256SUMS"))
        do {
            _ = try CSVTable(contentsOf: file, columns: 2, checksums: Checksums(folder: folder))
            Issue.record("an altered file was read")
        } catch let error as DataFileError {
            guard case .altered = error.reason else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.hasPrefix("\(file.path): file was altered: SHA-256 is "))
        }
    }

    @Test func unseenCategoryIsMissing() throws {
        let schema = Schema(fields: [.categorical("c", ["a", "b"])], label: "y", labelValues: ["n", "p"])
        let table = try CSVTable(text: "a, n\nzzz, p\n?, n\n", file: "t", columns: 2)
        let data = try Dataset(table: table, schema: schema)
        #expect(data.codes[0] == [0, -1, -1])
        #expect(data.labels == [0, 1, 0])
    }
}
