/// LightGBM's text model format, as `Booster.save_model` writes it (LightGBM's
/// `GBDT::SaveModelToString`): a header of `key=value` lines starting with the line `tree`, one
/// block per tree (`Tree=N` then `key=value` lines of space-separated arrays), the line
/// `end of trees`, feature importances, the parameters, and the `pandas_categorical:` line
/// (JSON: per categorical column of a pandas frame, its categories in code order).
///
/// This type only splits the text into its parts and keeps each value's line for messages;
/// `LightGBMText+Trees` gives the parts their meaning.
struct LightGBMText: Sendable {
    /// A `key=value` line.
    struct Entry: Sendable {
        var value: Substring
        var line: Int
    }

    var file: String
    var header: [String: Entry] = [:]

    /// What a LightGBM text model says of the library that wrote it: its `version=` line is the
    /// model format's version (`v4`), not the library's, which the file does not record.
    static func versionNote(_ format: String?) -> String {
        "(library version not recorded" + (format.map { "; model format \($0)" } ?? "") + ")"
    }
    /// Per tree, in file order: its keys and the line of its `Tree=` line.
    var trees: [(entries: [String: Entry], line: Int)] = []
    /// The text after `pandas_categorical:`, when the line is there.
    var pandasCategorical: Entry?

    /// Splits `text` into its parts.
    /// - Throws: `ImportError`: `.corrupt` when the text does not start with `tree` or a line
    ///   has no `=`; `.truncated` when `end of trees` is missing or fewer trees than
    ///   `tree_sizes` announces are there.
    /// - Complexity: O(text length).
    init(text: String, file: String) throws(ImportError) {
        self.file = file
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
        guard lines.first == "tree" else {
            throw ImportError(
                file: file, line: 1,
                reason: .corrupt("a LightGBM text model starts with the line 'tree' (save it with Booster.save_model)"))
        }
        guard lines.contains("end of trees") else {
            let trees = lines.filter { $0.hasPrefix("Tree=") }.count
            throw ImportError(
                file: file, line: lines.count,
                reason: .truncated("the file ends before 'end of trees' (it has \(trees) tree\(trees == 1 ? "" : "s"))")
            )
        }
        var current: [String: Entry]?
        var currentLine = 0
        var ended = false
        func entry(_ line: Substring, _ number: Int) throws(ImportError) -> (String, Entry) {
            guard let equals = line.firstIndex(of: "=") else {
                throw ImportError(
                    file: file, line: number, reason: .corrupt("expected key=value, found '\(line.prefix(40))'"))
            }
            return (String(line[..<equals]), Entry(value: line[line.index(after: equals)...], line: number))
        }
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            if line.hasPrefix("pandas_categorical:") {
                pandasCategorical = Entry(value: line.dropFirst("pandas_categorical:".count), line: number)
                continue
            }
            if ended { continue }
            if line == "end of trees" {
                if let tree = current { trees.append((tree, currentLine)) }
                ended = true
                continue
            }
            if line.hasPrefix("Tree=") {
                if let tree = current { trees.append((tree, currentLine)) }
                current = [:]
                currentLine = number
                continue
            }
            if line.isEmpty { continue }
            // LightGBM writes `average_output` alone on its line when a random forest averages.
            let (key, value) =
                line == "average_output" ? ("average_output", Entry(value: "1", line: number)) : try entry(line, number)
            if current != nil {
                current?[key] = value
            } else {
                header[key] = value
            }
        }
        if let sizes = header["tree_sizes"] {
            let announced = sizes.value.split(separator: " ").count
            guard announced <= trees.count else {
                throw ImportError(
                    file: file, line: sizes.line,
                    reason: .truncated("tree_sizes announces \(announced) trees and the file has \(trees.count)"))
            }
        }
    }
}
