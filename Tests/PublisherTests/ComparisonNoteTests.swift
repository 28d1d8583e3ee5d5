import Testing

@testable import Publisher

/// The endpoint comparison's one note on test rows (`EndpointPage.rowsNote`).
@Suite struct ComparisonNoteTests {
    static func split(_ seed: UInt64) -> TestRowsSource {
        TestRowsSource(path: "research/data/penguins/penguins.csv", sha256: "9a1f", rows: 69, seed: seed)
    }

    static func file(_ path: String, sha256: String = "78be") -> TestRowsSource {
        TestRowsSource(path: path, sha256: sha256, rows: 69, seed: nil)
    }

    /// Trial21 #5's endpoint: seed 42 (production) and seed 7 held out of one file, one test file
    /// at two paths, and its CRLF copy. Each version is grouped by its rows' identity — the
    /// bolding's rule — with its own path, and the never-bold list is exactly the versions
    /// outside production's group.
    @Test func eachGroupNamesItsRowsAndTheNeverBoldAreTheOthers() throws {
        let versions: [(name: String, testRows: String?, source: TestRowsSource?)] = [
            ("gradient_boosting@1.0.0", "9a1f lines 42", Self.split(42)),
            ("random_forest@1.0.0", "9a1f lines 42", Self.split(42)),
            ("random_forest@1.1.0", "9a1f lines 7", Self.split(7)),
            ("random_forest@1.2.0", "78be", Self.file("research/data/penguins/ptest.csv")),
            ("random_forest@1.3.0", "78be", Self.file("research/data/pcopy/ptest.csv")),
            ("random_forest@1.4.0", "c0de", Self.file("research/data/pcopy/ptest_crlf.csv", sha256: "c0de")),
        ]
        let groups = EndpointPage.testRowGroups(versions)
        #expect(groups.map { $0.members.count } == [2, 1, 2, 1])
        let note = try #require(
            EndpointPage.rowsNote(groups: groups, reference: "random_forest@1.0.0", production: true))
        let expected: String =
            "the versions were measured on 4 different sets of test rows: gradient_boosting@1.0.0, "
            + "random_forest@1.0.0 on 69 rows held out of research/data/penguins/penguins.csv with seed 42; "
            + "random_forest@1.1.0 on 69 rows held out of research/data/penguins/penguins.csv with seed 7; "
            + "random_forest@1.2.0, random_forest@1.3.0 on test file research/data/penguins/ptest.csv "
            + "(random_forest@1.2.0) and research/data/pcopy/ptest.csv (random_forest@1.3.0), the same bytes "
            + "(69 rows); random_forest@1.4.0 on test file research/data/pcopy/ptest_crlf.csv (69 rows). Bold "
            + "marks the best among the versions measured on the same rows as random_forest@1.0.0 (production); "
            + "random_forest@1.1.0, random_forest@1.2.0, random_forest@1.3.0, random_forest@1.4.0 were measured "
            + "on other rows, so their metrics are not comparable with those and never bold"
        #expect(note == expected)
        // Without production, the newest's rows are the reference.
        let newest = try #require(
            EndpointPage.rowsNote(groups: groups, reference: "random_forest@1.3.0", production: false))
        #expect(
            newest.contains(
                "the same rows as random_forest@1.3.0 (the newest); gradient_boosting@1.0.0, "
                    + "random_forest@1.0.0, random_forest@1.1.0, random_forest@1.4.0 were measured on other rows"))
    }

    /// Test files of other bytes with the same text (a CRLF copy, trial21 #9) are one set of rows,
    /// said so; a path whose bytes changed between versions gets each group's digest.
    @Test func theSameRowsInOtherBytesAreSaidSo() throws {
        let groups = EndpointPage.testRowGroups([
            ("random_forest@1.2.0", "text:5e7", Self.file("research/data/penguins/ptest.csv")),
            ("random_forest@1.4.0", "text:5e7", Self.file("research/data/pcopy/ptest_crlf.csv", sha256: "c0de")),
            ("random_forest@1.5.0", "d00d", Self.file("research/data/penguins/ptest.csv", sha256: "d00d")),
        ])
        let note = try #require(
            EndpointPage.rowsNote(groups: groups, reference: "random_forest@1.4.0", production: true))
        #expect(
            note.hasPrefix(
                "the versions were measured on 2 different sets of test rows: random_forest@1.2.0, random_forest@1.4.0 "
                    + "on test file research/data/penguins/ptest.csv (random_forest@1.2.0) and "
                    + "research/data/pcopy/ptest_crlf.csv (random_forest@1.4.0), the same rows in other bytes (line "
                    + "ends or a byte order mark) (SHA-256 78be, 69 rows); random_forest@1.5.0 on test file "
                    + "research/data/penguins/ptest.csv (SHA-256 d00d, 69 rows). Bold"), "\(note)")
    }

    @Test func oneSetOfRowsNeedsNoNote() {
        let groups = EndpointPage.testRowGroups([
            ("random_forest@1.2.0", "78be", Self.file("research/data/penguins/ptest.csv")),
            ("random_forest@1.3.0", "78be", Self.file("research/data/pcopy/ptest.csv")),
        ])
        #expect(EndpointPage.rowsNote(groups: groups, reference: "random_forest@1.3.0", production: true) == nil)
    }
}
