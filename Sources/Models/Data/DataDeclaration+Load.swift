import Basics
import Foundation
import Parallelism

/// A declared data set, read: the training and test data sets and what reading them found.
public struct LoadedData: Sendable {
    public var train: Dataset
    public var test: Dataset
    /// The declaration as used, with the task, the positive class and the separator filled in
    /// (what training.json records).
    public var declaration: DataDeclaration
    public var trainingFile: TrainingRecord.DataFile
    /// The test file, or the training file when the test rows were held out of it (`split`).
    public var testFile: TrainingRecord.DataFile
    public var split: DataSplit?
    /// What was inferred (kinds, task, positive class, split), one line each, for people.
    public var notes: [String]
    /// What looks wrong but does not stop training, one line each.
    public var warnings: [String]

    /// Lets the training rows' raw columns go: `train` keeps its schema and has no rows after.
    /// Training needs the rows binned (`BinnedDataset`), a byte a cell, and the raw columns only
    /// until the bins are fitted: a million rows of 16 numeric and 4 categorical fields hold
    /// 144 MB that the fit and the artifact's writing then do without (issue 26). The test rows
    /// are a data set of their own and stay.
    public mutating func releaseTrainingRows() {
        let schema = train.schema
        let none = [[Double]](repeating: [], count: schema.fields.count)
        train = Dataset(schema: schema, numbers: none, codes: none.map { _ in [] }, labels: [])
    }
}

extension DataDeclaration {
    /// A label of whole numbers with more distinct values than this is inferred to be regression.
    static let regressionClassLimit = 20
    /// A label of at most this many distinct whole numbers, inferred to be regression, is offered
    /// the multiclass task: more are seldom classes.
    static let fewClasses = 50
    /// The largest size a regression label may have: a residual of two such labels stays within
    /// single precision (`GradientPair`), whose largest finite number is about 3.4e38.
    static let largestTarget = 1e37

    /// Reads the declared files and builds the data sets.
    ///
    /// Kinds are inferred on the whole training file (numeric when every present value is a
    /// number); categories, classes' order, the training range and whether a field was ever
    /// missing come from the training rows. Without a test file, `split` holds out
    /// `testFraction` of the training file's rows, per class for classification.
    /// - Parameters:
    ///   - seed: draws the held-out rows.
    ///   - root: the folder the declared paths are relative to.
    ///   - checked: whether each file must be listed in its folder's SHA256SUMS (false only to
    ///     look at data that is not committed yet, as `data inspect` does).
    ///   - progress: called with a line for people after each step of reading a large file
    ///     (`DataTable.progressBytes` or more): read, parsed, typed.
    ///   - minimumLeaf: the `min_samples_leaf` the model will be trained with, when known: a class
    ///     too small to fill a leaf is warned about (`rareClassWarnings`).
    ///   - recorded: the SHA-256 a version's training.json records for the training file and,
    ///     when it has one, the test file: a file whose bytes differ is altered even when its
    ///     folder's SHA256SUMS was rewritten for it (`verify` retraining an old version).
    ///   - read: the training file as `read(root:progress:)` read it for a profile, used instead
    ///     of reading it again when unchecked (`checked` false, no `recorded`) and read alike.
    ///   - fieldOrder: the order the input fields must have, and whose it is (`endpoint rent`),
    ///     when the file's columns may come in another: the endpoint's for a later version, the
    ///     recorded schema's for `verify`. When the file's input columns are exactly these
    ///     names in another order, the fields take this order (a note says so); otherwise the
    ///     file's order stands, and registration says what differs (trial29 #11: a new month's
    ///     export with its columns in another order was refused).
    /// - Throws: `DataFileError` naming the file, line and column, and what to do: files that
    ///   are missing, altered, empty or ragged; a header with a blank or repeated name; a
    ///   declared name the file does not have; a label with one class, or missing, or not a
    ///   number for regression, or beyond `largestTarget` in size; a numeric override on a
    ///   column with text; a test label that is not a training class.
    /// - Complexity: O(rows × columns).
    public func load(
        seed: UInt64, root: URL = URL(fileURLWithPath: "."), checked: Bool = true,
        progress: (@Sendable (String) -> Void)? = nil, minimumLeaf: Int? = nil,
        recorded: (training: String, test: String?)? = nil, reusing read: ReadDataFile? = nil,
        fieldOrder: (names: [String], of: String)? = nil
    ) throws -> LoadedData {
        let reused = checked || recorded != nil ? nil : read?.table(for: self, root: root)
        // Rows without a label are left out when the columns are read (`columnsLeavingOutUnlabelled`).
        var file =
            try reused
            ?? DataTable(
                reading: training, declaration: self, root: root, expectedSHA256: recorded?.training, checked: checked,
                keepsUnlabelled: true, progress: progress, verifiesLater: true)
        var used = self
        used.separator = file.separator
        // The file's digest is checked once its columns are read, or before an error in it.
        var layout: (fields: [Int], names: [String], label: Int)
        do { layout = try file.layout(of: self) } catch {
            try file.verify()
            throw error
        }
        var notes: [String] = []
        if let (names, whose) = fieldOrder, names != layout.names, names.count == layout.names.count,
            Set(names) == Set(layout.names)
        {
            let position = Dictionary(uniqueKeysWithValues: zip(layout.names, layout.fields))
            layout.fields = names.compactMap { position[$0] }
            layout.names = names
            notes.append(
                "fields: \(training) has the input columns of \(whose) in another order; they are read in the order "
                    + "of \(whose): \(ShortList.text(names.map(CategoryName.cited), limit: 10))")
        }
        // A model of no input answers one value for every row; the model file refuses it, so
        // refused here, before training (trial20 #1: 100 trees, then "model file is corrupt").
        guard !layout.fields.isEmpty else {
            try file.verify()
            let others = file.header.filter { $0 != label }
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    others.isEmpty
                        ? "the file has no column besides the label, and a model needs at least one input field"
                        : "no input fields: every column besides the label is in ignore = [...] ("
                            + ShortList.text(others.map(CategoryName.cited), limit: 10)
                            + "), and a model needs at least one; remove an input from ignore = [...]"))
        }
        var warnings: [String] = []
        if let warning = separatorWarning(file) { warnings.append(warning) }
        // Each column is read once, on every core: profiles and typed columns come from it.
        var read = file.columnsLeavingOutUnlabelled(
            layout.fields + [layout.label], numeric: layout.fields.map { _ in true } + [task == .regression])
        try file.verify()
        if let warning = file.unlabelledWarning { warnings.append(warning) }
        let labelColumn = read[layout.fields.count]
        let labelProfile = ColumnProfile(name: label, column: labelColumn, of: file.table)
        // Before the task is resolved, whose errors (such as a declared binary task's count of
        // classes) would hide it; a declared regression refuses any text in the label anyway.
        if self.task != .regression,
            let error = file.controlCharacterError(labelProfile, column: layout.label, isLabel: true)
        {
            throw error
        }
        let (task, classes) = try resolveLabel(
            labelProfile, file: file, column: layout.label, notes: &notes, labelWarnings: &warnings)
        used.task = task
        used.positive = task == .binary ? classes[1] : nil
        let groups =
            try task.isClassification
            ? file.classIndices(labelColumn, column: layout.label, classes: classes, label: label) : nil

        var split: DataSplit?
        var trainingRows: [Int]?
        var testRows: [Int] = []
        if test == nil {
            let rows = DataSplit.rows(
                rowCount: file.table.recordCount, groups: groups, fraction: testFraction, seed: seed)
            guard !rows.test.isEmpty else {
                throw DataFileError(
                    file: file.table.file,
                    reason: .malformed(
                        "\(file.table.recordCount) row(s) are too few to hold out test rows; declare a test file"))
            }
            trainingRows = rows.training
            testRows = rows.test
            split = DataSplit(
                seed: seed, testFraction: testFraction, stratified: groups != nil, trainingRows: rows.training.count,
                testRows: rows.test.count,
                testLinesSHA256: DataSplit.digest(lines: rows.test.map { file.table.line(of: $0) }))
            notes.append(
                "test rows: \(rows.test.count) of \(file.table.recordCount) held out of \(training) "
                    + "(test_fraction \(testFraction), seed \(seed)\(groups != nil ? ", stratified by class" : ""))")
        }

        var fields: [Field] = []
        var kindNotes: [String] = []
        var strayMarkers: [String] = []
        var strayColumns = 0
        // The columns' profiles, whole and over the training rows, on every core (one thread took
        // 36 ms for a million rows × 20 fields).
        func profiles(_ index: Int) -> (whole: ColumnProfile, fitted: ColumnProfile) {
            let whole = ColumnProfile(name: layout.names[index], column: read[index], of: file.table)
            let fitted = trainingRows.map {
                ColumnProfile(name: layout.names[index], column: read[index], of: file.table, rows: $0)
            }
            return (whole, fitted ?? whole)
        }
        let profiled = Parallel.map(count: layout.fields.count, profiles)
        for (index, (name, column)) in zip(layout.names, layout.fields).enumerated() {
            var (whole, fitted) = profiled[index]
            let kind = try resolveKind(whole, file: file, column: column)
            // Names as `data inspect` shows them: quoted when they hold a comma or a space at an end.
            kindNotes.append(
                "\(CategoryName.shown(name, limit: CategoryName.shownLength)) \(kind.rawValue)"
                    + (kinds[name] != nil ? " (declared)" : ""))
            if kind == .categorical && read[index].isNumeric {
                // Numbers declared categorical: their categories are the text as written.
                read[index] = file.table.column(column)
                (whole, fitted) = profiles(index)
            }
            if kind == .categorical, let error = file.controlCharacterError(whole, column: column, isLabel: false) {
                throw error
            }
            fields.append(field(name: name, kind: kind, fitted: fitted))
            let before = strayMarkers.count
            warnings += columnWarnings(whole, column: column, of: file.table, strayMarkers: &strayMarkers)
            if strayMarkers.count > before { strayColumns += 1 }
        }
        if let together = missingTogether(strayMarkers, columns: strayColumns) { warnings.append(together) }
        notes.append("kinds: " + kindNotes.joined(separator: ", "))
        let schema = Schema(fields: fields, label: label, labelValues: classes)
        let whole = try Dataset(table: file.table, schema: schema, columns: layout.fields + [layout.label], read: read)
        file.report(progress, "typed \(read.count) columns")
        // Every field over the limit, whatever else its warnings say (an identifier kept, dates,
        // numbers read as text): what a model does with them is a judgement of its own (trial23 #1).
        for (f, field) in fields.enumerated() where field.categories.count > FeatureBinning.maximumCategories {
            let codes = trainingRows.map { rows in rows.map { whole.codes[f][$0] } } ?? whole.codes[f]
            if let warning = Self.categoryLimitWarning(
                place: "\(file.table.file) (column \(CategoryName.cited(field.name)))", categories: field.categories,
                rowCounts: FeatureBinning.rowCounts(codes: codes, categoryCount: field.categories.count),
                rows: codes.count, what: trainingRows == nil ? "rows" : "training rows")
            {
                warnings.append(warning)
            }
        }

        let trainingFile = TrainingRecord.DataFile(path: training, sha256: file.sha256)
        if let trainingRows {
            if let groups {
                warnings += rareClassWarnings(
                    classes: classes, file: file.table.file, rows: groups, testRows: testRows.map { groups[$0] },
                    minimumLeaf: minimumLeaf)
            }
            return LoadedData(
                train: whole.subset(trainingRows), test: whole.subset(testRows), declaration: used,
                trainingFile: trainingFile, testFile: trainingFile, split: split, notes: notes, warnings: warnings)
        }
        // The training file's text is not used past here, so it can go before the test file is read.
        let trainingPath = file.table.file
        let (testSet, testFile, testWarning, _) = try testData(
            schema: schema, root: root, expectedSHA256: recorded?.test, checked: checked, progress: progress)
        if let testWarning { warnings.append(testWarning) }
        if task.isClassification {
            warnings += rareClassWarnings(
                classes: classes, file: trainingPath, rows: whole.labels.map(Int.init),
                testRows: testSet.labels.map(Int.init), testFile: testFile.path, minimumLeaf: minimumLeaf)
        }
        return LoadedData(
            train: whole, test: testSet, declaration: used, trainingFile: trainingFile, testFile: testFile,
            split: nil, notes: notes, warnings: warnings)
    }

    /// One line per class with fewer than `rareClassRows` rows in `file`, none held out for
    /// testing, or too few training rows to be predicted with leaves of `minimumLeaf` rows: its
    /// test metrics rest on a handful of rows, or are undefined, or it is never the answer.
    ///
    /// A leaf of at least L training rows holds at most n of a class with n; among k classes it
    /// is the leaf's most frequent only if k × n ≥ L, so below that no leaf, and so no tree or
    /// average of trees, answers it (bootstrap draws may repeat its rows, which seldom helps;
    /// trial19 #13: 2 training rows of `rare` with min_samples_leaf = 20 scored 0.06 at the
    /// class's centre).
    /// - Parameters:
    ///   - rows: the class index of every row of the training file.
    ///   - testRows: the class index of every test row (held out of `rows`, or of `testFile`).
    ///   - testFile: the declared test file; nil for a split of the training file.
    ///   - minimumLeaf: the model's `min_samples_leaf`, when known.
    func rareClassWarnings(
        classes: [String], file: String, rows: [Int], testRows: [Int], testFile: String? = nil,
        minimumLeaf: Int? = nil
    ) -> [String] {
        var counts = [Int](repeating: 0, count: classes.count)
        var tested = [Int](repeating: 0, count: classes.count)
        for row in rows { counts[row] += 1 }
        for row in testRows { tested[row] += 1 }
        return classes.indices.compactMap { index in
            let place = "\(file) (column \(CategoryName.cited(label)))"
            let rows = "class \(CategoryName.cited(classes[index])) has \(counted(counts[index], "row"))"
            let trained = counts[index] - (testFile == nil ? tested[index] : 0)
            let leaf = minimumLeaf.flatMap { leaf in
                classes.count * trained < leaf
                    ? "with min_samples_leaf = \(leaf) every leaf holds at least \(leaf) training rows, at most "
                        + "\(trained) of this class, so it is never the most frequent class of a leaf and the model "
                        + "(practically) never predicts it; set min_samples_leaf = \(max(1, trained)) or less in "
                        + "[hyperparameters] for it to be predicted"
                    : nil
            }
            if tested[index] == 0 {
                let why =
                    testFile.map { "\($0) has none of it" }
                    ?? "a split holds out none of a class with fewer than 2 rows"
                return "\(place): \(rows), and \(why), so it gets no test rows: its metrics (and macro ROC AUC) "
                    + "are undefined; add rows of it, declare a test file with some, or remove the class"
                    + (leaf.map { "; \($0)" } ?? "")
            }
            let test =
                testFile.map { "and \(tested[index]) in \($0)" } ?? "\(tested[index]) of them held out for testing"
            guard counts[index] < Self.rareClassRows else {
                return leaf.map { "\(place): \(rows) (\(trained) for training): \($0), or add rows of it" }
            }
            return "\(place): \(rows), \(test): metrics of so few rows are noise; add rows of it or merge it "
                + "into another class" + (leaf.map { "; \($0)" } ?? "")
        }
    }

    /// The declared test file as a data set of `schema`, the file's path and digest, and the
    /// warning naming its rows left out for a missing label (`DataTable.unlabelledWarning`), as
    /// the training file's are named.
    /// - Throws: `DataFileError` for the file, a column it lacks, or a cell `Dataset` refuses.
    func testData(
        schema: Schema, root: URL, expectedSHA256: String? = nil, checked: Bool = true,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws -> (Dataset, TrainingRecord.DataFile, unlabelled: String?, header: [String]) {
        let path = test ?? training
        var file = try DataTable(
            reading: path, declaration: self, root: root, expectedSHA256: expectedSHA256, checked: checked,
            keepsUnlabelled: true, progress: progress, verifiesLater: true)
        // The file's digest is checked once its columns are read, or before an error in it.
        let columns: [Int]
        do { columns = try file.columns(schema.fields.map(\.name) + [schema.label], what: "training column") } catch {
            try file.verify()
            throw error
        }
        let read = file.columnsLeavingOutUnlabelled(
            columns, numeric: schema.fields.map { $0.kind == .numeric } + [schema.task == .regression])
        try file.verify()
        return (
            try Dataset(table: file.table, schema: schema, columns: columns, read: read),
            TrainingRecord.DataFile(path: path, sha256: file.sha256),
            file.unlabelledWarning,
            file.header
        )
    }

    /// The task and the classes (empty for regression; negative then positive for binary).
    /// Classes that differ only in case or spaces are warned about (in `labelWarnings`); classes
    /// that read as the same number are refused.
    private func resolveLabel(
        _ profile: ColumnProfile, file: DataTable, column: Int, notes: inout [String], labelWarnings: inout [String]
    ) throws -> (PredictionTask, [String]) {
        let numbers = profile.presentCount > 0 && profile.firstText == nil
        let inferred: PredictionTask
        if let task {
            inferred = task
        } else if numbers && (!profile.allIntegers || profile.distinctCount > Self.regressionClassLimit) {
            inferred = .regression
            // Only a few whole numbers may be classes (grades, ratings); 800 prices are not (trial19 #13).
            let classes = profile.allIntegers && profile.distinctCount <= Self.fewClasses
            notes.append(
                "task: regression inferred (label \(CategoryName.cited(label)) has \(profile.distinctCount) distinct "
                    + (profile.allIntegers ? "whole numbers" : "numbers")
                    + (classes ? "; declare task = \"multiclass\" if they are classes)" : ")"))
        } else {
            inferred = Set(profile.distinct.map(Dataset.className)).count == 2 ? .binary : .multiclass
        }
        // Numbers written with a decimal comma read as text until `decimal = ","` says otherwise.
        let read =
            file.table.dialect.decimalComma
            ? nil : { (_: String) in Self.decimalCommaAdvice }
        let marks = NumberMarks.judge(profile.distinct)
        let decimalHint = marks.map { $0.advice(readDecimalComma: read) }
        // Numbers written with separators are a number-format question before they are classes
        // (trial20 #1: `2,948` … inferred as 98 classes, trained to accuracy 0): refused, not
        // guessed, unless the task is declared.
        if task == nil, let marks, let text = profile.firstText {
            throw DataFileError(
                file: file.table.file, line: text.line, column: column + 1, field: label,
                reason: .malformed(
                    "the label's values are numbers that are not read as numbers, so no task is inferred from them: "
                        + marks.advice(readDecimalComma: read)
                        + "; then regression is inferred; or declare task = \"multiclass\" (or \"binary\") if "
                        + "they are classes"))
        }
        // Numbers but for a few texts: most likely a missing label written as a word (trial36: one
        // `free` among 50 prices made them 48 classes, without a word from `new`); refused, not
        // guessed, unless the task is declared.
        if task == nil, profile.firstText != nil, strayText(profile, column: column, of: file.table) != nil,
            let texts = labelTexts(profile, column: column, file: file)
        {
            throw DataFileError(
                file: file.table.file, line: texts.line, column: column + 1, field: label,
                reason: .malformed(
                    "the label's values are numbers but for \(texts.said), so no task is inferred from them; if "
                        + "those mean the label is missing, declare them missing, and their rows are left out: "
                        + texts.advice
                        + "; if they are classes beside the numbers, declare task = \"multiclass\" (--task with new)"))
        }
        if inferred == .regression {
            if let text = profile.firstText {
                // Every text named, with how to leave its rows out (trial37 #2: one word was named,
                // and "fix the row" for a word in a third of the rows).
                if decimalHint == nil, let texts = labelTexts(profile, column: column, file: file) {
                    throw DataFileError(
                        file: file.table.file, line: texts.line, column: column + 1, field: label,
                        reason: .malformed(
                            "a regression label must be a number, and \(texts.said) are not; if those mean the "
                                + "label is missing, declare them missing, and their rows are left out: "
                                + texts.advice + "; else fix the rows or declare a classification task"))
                }
                throw DataFileError(
                    file: file.table.file, line: text.line, column: column + 1, field: label,
                    reason: .malformed(
                        "\(CategoryName.cited(text.value)) is not a number, and a regression label must be one; "
                            + (decimalHint ?? "fix the row or declare a classification task")))
            }
            if max(abs(profile.minimum ?? 0), abs(profile.maximum ?? 0)) > Self.largestTarget {
                // Only on the way to the error: the first such row, for its line.
                let table = file.table
                let record = (0..<table.recordCount).first {
                    abs(table.number(table.cell($0, column)) ?? 0) > Self.largestTarget
                }
                throw DataFileError(
                    file: table.file, line: record.map(table.line(of:)), column: column + 1, field: label,
                    reason: .malformed(
                        (record.map { "the label \(CategoryName.cited(table.cell($0, column)))" } ?? "a label")
                            + " is beyond the "
                            + "\(numberText(Self.largestTarget)) in size a regression label may reach (training keeps "
                            + "each row's residual in single precision, whose largest number is about 3.4e38); divide "
                            + "the label by a power of ten and multiply the predictions back"))
            }
            return (.regression, [])
        }
        let classes = Set(profile.distinct.map { String(Dataset.className($0)) }).sorted(by: ColumnProfile.byteOrder)
        switch classes.count {
        case 0:
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed("every label is missing; fill in the label column"))
        case 1:
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    "the label has one class (\(CategoryName.cited(classes[0]))) in \(profile.presentCount) rows, so a model would "
                        + "always answer it; check the label column or add rows of the other classes"))
        case let count where count > Dataset.maximumClasses:
            // Numbers and some words: the words named, with how to leave their rows out, after
            // which regression is inferred (trial37 #2: "declare task = regression" led to an
            // error naming one of them).
            if decimalHint == nil, let texts = labelTexts(profile, column: column, file: file) {
                throw DataFileError(
                    file: file.table.file, line: texts.line, column: column + 1, field: label,
                    reason: .malformed(
                        "the label has \(classes.count) classes (at most \(Dataset.maximumClasses)): its values are "
                            + "numbers but for \(texts.said); if those mean the label is missing, declare them "
                            + "missing, and their rows are left out (regression is then inferred): " + texts.advice))
            }
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    "the label has \(classes.count) classes (at most \(Dataset.maximumClasses)); "
                        + (decimalHint ?? "declare task = \"regression\" if it is a number")))
        default:
            break
        }
        // Classes that read as the same number are one class written two ways (trial19 #4: `0`,
        // `0.0`, `1`, `1.0` as pandas writes a float column): refused, as a model of them would
        // split one answer in two and feedback of `1` would name two classes.
        let groups = CategoryName.nearDuplicateGroups(classes, number: file.table.number)
        if !groups.isEmpty {
            let counts = Self.rowCounts(
                of: Set(groups.joined()), column: column, of: file.table, name: { String(Dataset.className($0)) })
            let place = "\(file.table.file) (column \(CategoryName.cited(label)))"
            let numbers = groups.filter { CategoryName.isNumberGroup($0, number: file.table.number) }
            if !numbers.isEmpty {
                throw DataFileError(
                    file: file.table.file, column: column + 1, field: label,
                    reason: .malformed(
                        "the label has classes that read as the same number: \(Self.listed(numbers, counts: counts)); "
                            + "one class written two ways would be learned as two, and its rows split between them "
                            + "(pandas writes whole numbers as 0.0 in a column with a missing value, so joined "
                            + "exports mix both); " + Self.oneWayAdvice(numbers)))
            }
            labelWarnings += nearDuplicateWarnings(
                groups, counts: counts, number: file.table.number, place: place, what: "classes")
        }
        if task == nil {
            // A few whole numbers are read as classes (grades, ratings); a count may be meant as a
            // number (trial28 #12: rooms 1–6 became six classes), so the other reading is named.
            let counts = numbers && inferred == .multiclass
            notes.append(
                "task: \(inferred.rawValue) inferred (label \(CategoryName.cited(label)) has \(classes.count) classes: "
                    + "\(ShortList.text(CategoryName.listed(classes).map { CategoryName.shown($0, limit: CategoryName.shownLength) }))"
                    + (counts
                        ? "; if they are counts or amounts, not classes, declare task = \"regression\" in the "
                            + "pipeline (modelpress new --task regression)" + ")" : ")")
            )
        }
        if inferred == .multiclass && classes.count == 2 {
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    "task is multiclass but the label has 2 classes (\(classes.joined(separator: ", "))); "
                        + "two classes are a binary task: declare task = \"binary\" or leave task out"))
        }
        guard inferred == .binary else { return (inferred, classes) }
        guard classes.count == 2 else {
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    "task is binary but the label has \(classes.count) classes (\(ShortList.text(CategoryName.listed(classes).map { CategoryName.shown($0, limit: CategoryName.shownLength) }))); "
                        + "declare task = \"multiclass\""))
        }
        let positive = self.positive ?? classes[1]
        guard let index = classes.firstIndex(of: positive) else {
            throw DataFileError(
                file: file.table.file, field: label,
                reason: .malformed(
                    "positive = \(CategoryName.cited(positive)) is not a class of the label (\(ShortList.text(CategoryName.listed(classes).map { CategoryName.shown($0, limit: CategoryName.shownLength) })))"
                ))
        }
        if self.positive == nil {
            notes.append(
                "positive class: \(CategoryName.cited(positive)) (the second in byte order; declare positive = \"…\" to choose)"
            )
        }
        return (.binary, [classes[1 - index], positive])
    }

    /// The texts among a label's numbers, when numbers are most of its distinct values: each
    /// with its rows and its first line, most rows first (`'free' ×330 (line 5), 'n/a' ×12 (line
    /// 32)`, ten at most, then how many more), the line of the first, and the `missing` advice
    /// that leaves their rows out (`missingAdvice`); nil otherwise.
    /// - Complexity: O(rows) (the label's cells are read again as text).
    private func labelTexts(
        _ profile: ColumnProfile, column: Int, file: DataTable
    ) -> (said: String, line: Int?, advice: String)? {
        let texts = Set(profile.distinct.filter { file.table.number($0) == nil })
        guard !texts.isEmpty, texts.count * 2 < profile.distinctCount else { return nil }
        var counts: [String: (count: Int, line: Int)] = [:]
        for (record, cell) in file.table.cells(of: column).enumerated() where texts.contains(cell) {
            counts[cell, default: (0, file.table.line(of: record))].count += 1
        }
        let order = counts.keys.sorted {
            counts[$0]!.count != counts[$1]!.count
                ? counts[$0]!.count > counts[$1]!.count : ColumnProfile.byteOrder($0, $1)
        }
        guard !order.isEmpty else { return nil }
        let total = counts.values.reduce(0) { $0 + $1.count }
        let shown = order.prefix(10).map {
            "\(CategoryName.cited($0)) ×\(counts[$0]!.count) (line \(counts[$0]!.line))"
        }
        let said =
            "\(total) of \(profile.presentCount): " + shown.joined(separator: ", ")
            + (order.count > 10 ? " and \(order.count - 10) more" : "")
        let first = counts.values.map(\.line).min()
        return (said, first, missingAdvice(missing + order.filter { !missing.contains($0) }))
    }

    /// The column's kind: the declared one, else the inferred one.
    /// - Throws: `DataFileError` for a column with no values, or a numeric override on text.
    private func resolveKind(_ profile: ColumnProfile, file: DataTable, column: Int) throws -> Field.Kind {
        guard profile.presentCount > 0 else {
            throw DataFileError(
                file: file.table.file, field: profile.name,
                reason: .malformed("every value of the column is missing; add it to ignore = [...]"))
        }
        let kind = kinds[profile.name] ?? profile.inferredKind
        if kind == .categorical, bounds[profile.name] != nil {
            throw DataFileError(
                file: file.table.file, field: profile.name,
                reason: .malformed(
                    "[data.bounds] limits a numeric field and the column is categorical; remove its bounds"))
        }
        if kind == .numeric, let text = profile.firstText {
            throw DataFileError(
                file: file.table.file, line: text.line, column: column + 1, field: profile.name,
                reason: .malformed(
                    "\(CategoryName.cited(text.value)) is not a number but [data.columns] declares the column numeric; fix the value, "
                        + "add it to missing = [...], or declare the column categorical"))
        }
        return kind
    }

    /// The schema field for a column of `kind` fitted on the training rows' profile.
    private func field(name: String, kind: Field.Kind, fitted: ColumnProfile) -> Field {
        let limits = bounds[name]
        return Field(
            name: name, kind: kind, categories: kind == .categorical ? fitted.sortedValues : [],
            minimum: limits?.first, maximum: limits?.last,
            nullable: fitted.missingCount > 0 || nullable.contains(name),
            trainingMinimum: kind == .numeric ? fitted.minimum : nil,
            trainingMaximum: kind == .numeric ? fitted.maximum : nil, trainingMissing: fitted.missingCount)
    }
}

extension DataTable {
    /// Where the declared columns are: the input fields in file order (neither ignored nor the
    /// label), their names, and the label.
    /// - Throws: `DataFileError` for a declared name the file does not have, or an ignored label.
    func layout(of declaration: DataDeclaration) throws -> (fields: [Int], names: [String], label: Int) {
        let label = try columns([declaration.label], what: "label")[0]
        _ = try columns(declaration.ignore, what: "ignored column")
        _ = try columns(declaration.nullable, what: "nullable column")
        _ = try columns(declaration.kinds.keys.sorted(), what: "[data.columns] entry")
        _ = try columns(declaration.bounds.keys.sorted(), what: "[data.bounds] entry")
        if declaration.ignore.contains(declaration.label) {
            throw DataFileError(
                file: table.file, field: declaration.label,
                reason: .malformed("the label is also in ignore = [...]; remove it from one of them"))
        }
        let ignored = Set(declaration.ignore)
        let fields = header.indices.filter { $0 != label && !ignored.contains(header[$0]) }
        for column in fields + [label] {
            if let error = nameError(
                column: column, declaredHeader: declaration.header != nil, isLabel: column == label)
            {
                throw error
            }
        }
        return (fields, fields.map { header[$0] }, label)
    }

    /// The error for a category of column `column` (profiled as `profile`) that holds a control
    /// character the registry, forms, JSON and pages cannot carry (`ControlCharacters.isForbidden`:
    /// NUL, ESC, DELETE, C1), with the line of its first row; nil when there is none. A category
    /// is a choice in the site's form and an entry of the endpoint's definition, whose check
    /// refuses it (trial36 #2: `new` failed there, after writing the pipeline and the card, and
    /// `train --no-register` kept it). `data inspect` warns with the same text.
    func controlCharacterError(_ profile: ColumnProfile, column: Int, isLabel: Bool) -> DataFileError? {
        guard let (line, value) = profile.firstForbidden,
            let (scalar, position) = ControlCharacters.first(in: value)
        else { return nil }
        let name = table.file.split(separator: "/").last.map(String.init) ?? table.file
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let removal =
            scalar.value < 0x80
            ? " (`tr -d '\\000-\\010\\013\\014\\016-\\037\\177' < \(name) > \(stem)-clean.csv` "
                + "drops all such characters but tabs and line breaks)" : ""
        return DataFileError(
            file: table.file, line: line, column: column + 1, field: profile.name,
            reason: .malformed(
                "the \(isLabel ? "class" : "category") \(CategoryName.cited(value)) has "
                    + "\(ControlCharacters.described(scalar)) at character \(position), which the registry and the "
                    + "site cannot carry; remove it from the file\(removal)"))
    }

    /// The error for column `column`'s name when it cannot name a field: it holds a line break,
    /// a tab, another control character or an invisible format character such as the bidi
    /// override U+202E (`ControlCharacters.isHidden`). A field's name travels in forms, JSON, URLs,
    /// pages and terminal lines, where such a character breaks it or hides (trial19 #6: a line
    /// break made the site's form unusable, a BEL stopped `new` halfway). `data inspect` warns with
    /// the same text; nil when the name is fine. Ignoring the column is advised for an input
    /// only: the label cannot be ignored (trial21 #9), it is renamed and named so in `label`.
    func nameError(column: Int, declaredHeader: Bool, isLabel: Bool) -> DataFileError? {
        let name = header[column]
        guard let (offset, scalar) = name.unicodeScalars.enumerated().first(where: { ControlCharacters.isHidden($0.1) })
        else { return nil }
        return DataFileError(
            file: table.file, column: column + 1, field: name,
            reason: .malformed(
                "the column's name has \(ControlCharacters.described(scalar)) at character \(offset + 1), and a "
                    + "field's name must read as typed (forms, JSON, URLs and pages carry it); rename the column "
                    + (declaredHeader ? "in header = [...]" : "in the header row")
                    + (isLabel
                        ? " and name it so in label = \"…\" (--label with data inspect and new)"
                        : ", or add it to ignore = [...] if it is no input")))
    }
}
