import Basics

extension TrainingRecord {
    /// Why two versions' test metrics cannot be compared, or nil when they can: they were
    /// measured on the same rows when both declared a test file with the same SHA-256, or both
    /// held out rows of the same training file (same SHA-256) with the same `test_lines_sha256`
    /// (the same seed, share and file draw the same rows; see `DataSplit.rows`). Train's next
    /// steps and `modelpress diff` ask here, so that neither compares numbers of other rows.
    /// - Returns: a clause naming each version's test rows ("… were measured on other test rows:
    ///   …"), nil when comparable.
    public func testRowsDiffer(from other: TrainingRecord) -> String? {
        func rows(_ record: TrainingRecord) -> String {
            guard let split = record.split else {
                return
                    "\(record.id) on test file \(record.testData.path) (SHA-256 \(record.testData.sha256.prefix(12)))"
            }
            return "\(record.id) on \(counted(split.testRows, "row")) held out of \(record.trainingData.path) "
                + "with seed \(split.seed) (test_lines_sha256 \(split.testLinesSHA256.prefix(12)))"
        }
        switch (split, other.split) {
        case (nil, nil) where testData.sha256 == other.testData.sha256: return nil
        case (let mine?, let theirs?)
        where trainingData.sha256 == other.trainingData.sha256 && mine.testLinesSHA256 == theirs.testLinesSHA256:
            return nil
        default:
            return "the test metrics were measured on other test rows: \(rows(self)); \(rows(other))"
        }
    }
}
