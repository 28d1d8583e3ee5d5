import Basics

extension TrainingRecord {
    /// Why two versions' test metrics cannot be compared, or nil when they can: the one rule of
    /// train's next steps, `modelpress diff` and its `test_rows_comparable`. They were measured
    /// on the same rows when both declared a test file with the same SHA-256 (at any path), or
    /// both held out rows of a training file with the same SHA-256 with the same
    /// `test_lines_sha256` (the same seed, share and file draw the same rows; see
    /// `DataSplit.rows`). With `texts`, files of other bytes holding the same text as modelpress
    /// reads it (CRLF line ends, a byte order mark: `DataText`) count as the same file.
    /// - Returns: a clause naming each version's test rows, nil when comparable: "… were
    ///   measured on other test files: …" with each file's SHA-256 when the files the rows come
    ///   from differ (or one version held out rows and the other declared a test file), else
    ///   "… on other test rows: …" with each one's seed and `test_lines_sha256` (trial20 #7:
    ///   equal row hashes were printed as the evidence that rows of two files differ).
    public func testRowsDiffer(from other: TrainingRecord, texts: DataText? = nil) -> String? {
        func rows(_ record: TrainingRecord, fileHash: Bool) -> String {
            let file = record.testRowsSource
            let hash = " (SHA-256 \(file.sha256.prefix(12)))"
            guard let split = record.split else { return "\(record.id) on test file \(file.path)\(hash)" }
            return "\(record.id) on \(counted(split.testRows, "row")) held out of \(file.path)"
                + (fileHash ? hash : "")
                + " with seed \(split.seed)"
                + (fileHash ? "" : " (test_lines_sha256 \(split.testLinesSHA256.prefix(12)))")
        }
        guard !testFileDiffers(from: other, texts: texts) else {
            return "the test metrics were measured on other test files: \(rows(self, fileHash: true)); "
                + rows(other, fileHash: true)
        }
        guard let mine = split, let theirs = other.split, mine.testLinesSHA256 != theirs.testLinesSHA256 else {
            return nil
        }
        return "the test metrics were measured on other test rows: \(rows(self, fileHash: false)); "
            + rows(other, fileHash: false)
    }

    /// Whether the two versions' test rows come from other files (by SHA-256, or by text with
    /// `texts`), or one held out rows while the other declared a test file: their metrics are
    /// then compared by scoring one on the other's rows (`modelpress evaluate A --on B`), not by
    /// training again, which a change of data would undo; rows held out of the same file with
    /// another seed are not this (train again with the same seed).
    public func testFileDiffers(from other: TrainingRecord, texts: DataText? = nil) -> Bool {
        let mine = testRowsSource, theirs = other.testRowsSource
        return (split == nil) != (other.split == nil)
            || (mine.sha256 != theirs.sha256 && texts?.same(mine, theirs) != true)
    }

    /// The file the test rows come from: the training file when they were held out of it
    /// (`split`), else the test file.
    public var testRowsSource: DataFile { split == nil ? testData : trainingData }
}
