import Foundation
import Testing

@testable import Models

@Suite struct AdultDataTests {
    static let loaded: (train: Dataset, test: Dataset)? = try? AdultData.load(folder: Fixtures.adultFolder)

    @Test func filesLoadWithTheirSchema() throws {
        let data = try #require(Self.loaded)
        #expect(data.train.rowCount == 32_561)
        #expect(data.test.rowCount == 16_281)
        let schema = data.train.schema
        #expect(schema.fields.map(\.name) == AdultData.fieldKinds.map(\.name))
        #expect(schema.label == "income")
        #expect(schema.labelValues == ["<=50K", ">50K"])
        let workclass = try #require(schema.field(named: "workclass"))
        #expect(workclass.categories == workclass.categories.sorted())
        #expect(!workclass.categories.contains("?"))
        #expect(workclass.categories.contains("Private"))
        // Test labels carry a trailing '.', which is dropped.
        #expect(data.test.labels.filter { $0 == 1 }.count == 3_846)
        #expect(data.train.labels.filter { $0 == 1 }.count == 7_841)
        // '?' is missing.
        #expect(data.train.codes[1].filter { $0 < 0 }.count == 1_836)
    }

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
            #expect(error.description == "t.csv:2 (field 'age'): 'forty' is not a number")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            let table = try CSVTable(text: "39, Private, rich\n", file: "t.csv", columns: 3)
            _ = try Dataset(table: table, schema: schema)
            Issue.record("a bad label was accepted")
        } catch let error as DataFileError {
            #expect(error.description == "t.csv:1 (field 'income'): label 'rich' is not one of <=50K, >50K")
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
