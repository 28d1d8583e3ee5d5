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
        /// The file the test rows come from: the training file split, else the test file.
        func source(_ record: TrainingRecord) -> DataFile {
            record.split == nil ? record.testData : record.trainingData
        }
        func rows(_ record: TrainingRecord, fileHash: Bool) -> String {
            let file = source(record)
            let hash = " (SHA-256 \(file.sha256.prefix(12)))"
            guard let split = record.split else { return "\(record.id) on test file \(file.path)\(hash)" }
            return "\(record.id) on \(counted(split.testRows, "row")) held out of \(file.path)"
                + (fileHash ? hash : "")
                + " with seed \(split.seed)"
                + (fileHash ? "" : " (test_lines_sha256 \(split.testLinesSHA256.prefix(12)))")
        }
        let sameFile =
            (split == nil) == (other.split == nil)
            && (source(self).sha256 == source(other).sha256 || texts?.same(source(self), source(other)) == true)
        guard sameFile else {
            return "the test metrics were measured on other test files: \(rows(self, fileHash: true)); "
                + rows(other, fileHash: true)
        }
        guard let mine = split, let theirs = other.split, mine.testLinesSHA256 != theirs.testLinesSHA256 else {
            return nil
        }
        return "the test metrics were measured on other test rows: \(rows(self, fileHash: false)); "
            + rows(other, fileHash: false)
    }
}
