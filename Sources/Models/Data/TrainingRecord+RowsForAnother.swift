import Basics
import Foundation

extension TrainingRecord {
    /// Why `model`'s version cannot be scored on this version's test rows, one phrase each;
    /// empty when it can (`modelpress evaluate A --on B`: this record is B's, `model` A's).
    /// The label must be the same column of the same kind: the same name, both numbers
    /// (regression) or both classes, and then every class of these rows one `model` knows (for
    /// two binary tasks, the same positive class); a field `model` reads as a number must not be
    /// text here. Fields are checked
    /// against the file when it is read (`testDataset(root:scoredBy:)`): a column these rows'
    /// pipeline ignored may still be in it.
    public func unfitRows(for model: TrainingRecord) -> [String] {
        var problems: [String] = []
        let mine = schema, theirs = model.schema
        if mine.label != theirs.label {
            problems.append(
                "the rows are labelled \(CategoryName.cited(mine.label)), \(model.id) predicts "
                    + CategoryName.cited(theirs.label))
        }
        // A multiclass model may score rows of two of its classes (a binary task of their own).
        if (mine.task == .regression) != (theirs.task == .regression) {
            problems.append(
                "the label kinds differ: \(id)'s is \(mine.task.rawValue), \(model.id)'s \(theirs.task.rawValue)")
        } else if mine.task == .binary, theirs.task == .binary, mine.labelValues[1] != theirs.labelValues[1] {
            problems.append(
                "the positive classes differ: \(id)'s is \(CategoryName.cited(mine.labelValues[1])), "
                    + "\(model.id)'s \(CategoryName.cited(theirs.labelValues[1]))")
        } else {
            let unknown = mine.labelValues.filter { !theirs.labelValues.contains($0) }
            if !unknown.isEmpty {
                problems.append(
                    "the rows have \(unknown.count == 1 ? "a class" : "classes") \(model.id) never saw ("
                        + ShortList.text(unknown.map(CategoryName.cited)) + "), which it cannot predict")
            }
        }
        for field in theirs.fields where field.kind == .numeric && mine.field(named: field.name)?.kind == .categorical {
            problems.append(
                "field \(CategoryName.cited(field.name)) is a number to \(model.id) but text in these rows")
        }
        return problems
    }

    /// This version's test rows (its test file, or the rows its split held out of its training
    /// file, checked against the recorded SHA-256 and held-out rows as `testDataset(root:)` does)
    /// read as `model`'s version reads rows: its fields in its order, its categories (a category
    /// it never saw is kept in `Dataset.unlisted` and scored as missing) and its classes.
    /// - Parameters:
    ///   - root: the folder the record's paths are relative to (the repository root).
    ///   - model: the training record of the version to score the rows.
    /// - Throws: `DataFileError` naming the file when `unfitRows(for:)` finds a problem, when the
    ///   file lacks a column `model` needs, or as `testDataset(root:)`.
    /// - Complexity: O(rows × columns).
    public func testDataset(root: URL, scoredBy model: TrainingRecord) throws -> Dataset {
        var problems = unfitRows(for: model)
        let file = try DataTable(
            reading: testRowsSource.path, declaration: declaredData, root: root, expectedSHA256: testRowsSource.sha256)
        let lacking = model.schema.fields.map(\.name).filter { !file.header.contains($0) }
        if !lacking.isEmpty {
            problems.append(
                "the file lacks \(lacking.count == 1 ? "the field" : "the fields") "
                    + "\(ShortList.text(lacking.map(CategoryName.cited))) that \(model.id) needs")
        }
        guard problems.isEmpty else {
            throw DataFileError(
                file: file.table.file,
                reason: .malformed(
                    "\(model.id) cannot be scored on \(id)'s test rows: " + problems.joined(separator: "; ")))
        }
        let labelColumn = try file.columns([schema.label], what: "label column")[0]
        let columns = try file.columns(model.schema.fields.map(\.name), what: "column") + [labelColumn]
        let whole = try Dataset(table: file.table, schema: model.schema, columns: columns)
        guard let split else { return whole }
        return whole.subset(try heldOutRows(split, of: file, labelColumn: labelColumn).test)
    }
}
