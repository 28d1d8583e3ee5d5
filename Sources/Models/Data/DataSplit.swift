import Basics

/// The held-out rows of a training file without a test file: which share, drawn with which
/// seed, and a digest of the rows drawn, so evaluation and `verify` can draw them again and
/// prove they did (training.json's `split`).
public struct DataSplit: Encodable, Equatable, Sendable {
    public var seed: UInt64
    /// The share of rows asked for, in (0, 1).
    public var testFraction: Double
    /// Whether each class was split on its own (classification), keeping class shares.
    public var stratified: Bool
    public var trainingRows: Int
    public var testRows: Int
    /// SHA-256 (hex) of the held-out rows' file line numbers, one decimal number and `\n` each.
    public var testLinesSHA256: String

    enum CodingKeys: String, CodingKey {
        case seed, stratified
        case testFraction = "test_fraction"
        case trainingRows = "training_rows"
        case testRows = "test_rows"
        case testLinesSHA256 = "test_lines_sha256"
    }

    init(
        seed: UInt64, testFraction: Double, stratified: Bool, trainingRows: Int, testRows: Int,
        testLinesSHA256: String
    ) {
        self.seed = seed
        self.testFraction = testFraction
        self.stratified = stratified
        self.trainingRows = trainingRows
        self.testRows = testRows
        self.testLinesSHA256 = testLinesSHA256
    }

    /// Which rows go to training and which are held out, each in ascending order.
    ///
    /// Every group (a class, or all rows when `groups` is nil) holds out
    /// `round(fraction × size)` of its rows, at least one and leaving at least one, when it has
    /// two or more (a group of one stays in training), chosen by a partial Fisher–Yates shuffle
    /// of the group's rows in file order with `SplitMix64(seed:salt: "split")` — the same rows
    /// for the same file, seed and fraction on every machine. Stratifying per class is what
    /// scikit-learn's `train_test_split(stratify=y)` does; its rounding differs. The training
    /// benchmark draws its splits here too, so every library it compares fits the same rows.
    /// - Parameters:
    ///   - rowCount: the rows of the file.
    ///   - groups: per row, its class index; nil for an unstratified split.
    /// - Complexity: O(rows).
    public static func rows(
        rowCount: Int, groups: [Int]?, fraction: Double, seed: UInt64
    ) -> (training: [Int], test: [Int]) {
        var members: [[Int]]
        if let groups {
            members = Array(repeating: [], count: (groups.max() ?? -1) + 1)
            for (row, group) in groups.enumerated() { members[group].append(row) }
        } else {
            members = [Array(0..<rowCount)]
        }
        var generator = SplitMix64(seed: seed, salt: "split")
        var isTest = [Bool](repeating: false, count: rowCount)
        for var group in members where group.count >= 2 {
            let take = min(max(Int((Double(group.count) * fraction).rounded()), 1), group.count - 1)
            for i in 0..<take {
                let j = i + generator.below(group.count - i)
                group.swapAt(i, j)
                isTest[group[i]] = true
            }
        }
        let all = 0..<rowCount
        return (all.filter { !isTest[$0] }, all.filter { isTest[$0] })
    }

    /// What names a version's test rows, for telling whether two versions' test metrics were
    /// measured on the same rows: the test file's SHA-256 when there was one; else the training
    /// file's SHA-256 and the held-out lines' digest (`split`). Equal identities, the same rows;
    /// `TrainingRecord.testRowsDiffer` applies the same rule and says how they differ.
    /// - Parameters:
    ///   - dataSHA256: the test file's SHA-256, or the training file's for a split (or what
    ///     `DataText.identity` names the file by: its text, whatever its line ends).
    ///   - split: the split the rows were held out by; nil for a test file.
    public static func testRowsIdentity(dataSHA256: String, split: DataSplit?) -> String {
        split.map { "\(dataSHA256) lines \($0.testLinesSHA256)" } ?? dataSHA256
    }

    /// The digest recorded for held-out rows at these file lines.
    static func digest(lines: [Int]) -> String {
        var text = ""
        for line in lines { text += "\(line)\n" }
        return Digest.sha256(Array(text.utf8))
    }
}
