import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models

extension ModelPress {
    struct DataCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Look at a data file before declaring it in a pipeline.",
            subcommands: [Inspect.self]
        )

        struct Inspect: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the schema modelpress infers from a CSV file.",
                discussion: """
                    Reads a CSV (RFC 4180: quoted cells may hold the separator, quotes and line \
                    breaks) with a header row, or with the column names given by --header, and \
                    prints, per column, the kind modelpress infers (numeric when every present \
                    value is a number, else categorical), how many cells are missing, the range \
                    of a numeric column and the categories of a categorical one (in single quotes, or \
                    double quotes when they hold a ', line breaks as \\n, when they hold a comma, \
                    a quote, a line break or surrounding spaces; control and invisible format \
                    characters such as U+202E escaped, as \\x07 or \\u202e). It warns about a \
                    column with one value, categories that differ only in letter case, surrounding spaces or line endings or \
                    read as the same number (2 and 2.0; each named with its rows), a column \
                    name holding a line break, a tab or another control or format character \
                    (new and train refuse it), a column of \
                    numbers with a few text cells (naming them and their lines: declare them in \
                    missing, or the column stays categorical) and a column that looks like an \
                    identifier, and about numbers written with a decimal comma (41,4: read \
                    as text unless --decimal , is given) or thousands separators (1,950, 1 228, \
                    1'078.72, 1.356,31: remove them; judged before any identifier, and when read as \
                    text they make nearly a category per row, the warning says most later values \
                    would be refused), about percentages (12%: read as text, each a category in \
                    byte order; remove the % when exporting, or declare the column categorical), \
                    about a categorical column of more than the 254 categories a \
                    model keeps (whatever else is said of it; with --label, of the training rows), \
                    about points or commas \
                    before three digits read as decimals (1.250 beside 10,09 with --decimal ,) \
                    and a default missing marker such as NA that \
                    may be a code (North America) beside other short codes. With --label it also infers the task (binary, multiclass or \
                    regression), the positive class of a binary label and the 80/20 split, \
                    reports what training would refuse (a label with one class or with classes that \
                    read as the same number, 0 and 0.0, a column with text where numbers are \
                    declared, a ragged row), and warns about classes with \
                    very few rows (a class of one row gets no test rows). Copy what you want to \
                    keep into the pipeline's [data] table (research/pipelines/README.md lists \
                    every key; the options here are its keys); `modelpress new` writes a starting \
                    pipeline for you. --missing adds a marker to the default ones ("", NA, N/A, ?, \
                    null), and --no-default-missing drops those; the pipeline's missing = [...] is \
                    the whole list.

                    The file does not need to be listed in a SHA256SUMS file yet.

                    Examples:
                      modelpress data inspect research/data/penguins/penguins.csv
                      modelpress data inspect research/data/penguins/penguins.csv --label species
                      modelpress data inspect sales.csv --label revenue --separator ";" --missing "-"
                      modelpress data inspect codes.csv --no-default-missing --missing ""
                      modelpress data inspect rows.tsv --separator tab --header id name age label
                      modelpress data inspect kunden.csv --label Segment --decimal ,
                    """
            )

            @Argument(help: "The CSV file, or - for standard input.")
            var file: String

            @Option(help: "The label column: also infer the task and check the file as training would.")
            var label: String?

            @Option(help: "The separator: ',', ';' or 'tab' (default: detected).")
            var separator: String?

            @Option(
                help: ArgumentHelp(
                    "A cell that means missing, besides the default ones (\"\", NA, N/A, ?, null); repeat for several.",
                    valueName: "cell"))
            var missing: [String] = []

            @Flag(help: "Only the --missing cells mean missing, not the default ones.")
            var noDefaultMissing = false

            @Option(
                parsing: .upToNextOption,
                help: "The column names of a file without a header row, in file order, label included.")
            var header: [String] = []

            @Flag(help: "Spaces around a cell are not part of it.")
            var trimSpaces = false

            @Option(help: "Lines starting with this character are skipped.")
            var comment: String?

            @Option(help: "The decimal mark of the numbers: '.' or ',' (',' reads 41,4 as 41.4; default: '.').")
            var decimal: String?

            func validate() throws {
                if let separator, DataCommand.separator(separator) == nil {
                    throw ValidationError("--separator must be ',', ';' or 'tab'")
                }
                if let comment, comment.utf8.count != 1 {
                    throw ValidationError("--comment must be one character, such as '#'")
                }
                try DataCommand.validate(decimal: decimal)
            }

            func run() throws {
                // `-` as `predict --input` reads it (`InputFile`): from where it stands to its end.
                var declaration = DataDeclaration(training: file, label: label ?? "")
                declaration.separator = separator.flatMap(DataCommand.separator)
                declaration.missing = DataDeclaration.missingMarkers(adding: missing, defaults: !noDefaultMissing)
                if !header.isEmpty { declaration.header = header }
                declaration.trimSpaces = trimSpaces
                declaration.comment = comment
                declaration.decimal = decimal
                // Progress on a large file as train prints it, on standard error: the profile is the output.
                let progress: @Sendable (String) -> Void = { printError($0) }
                // Read once, for the profile and the load below (trial24: it was parsed twice).
                let read = try reportingDataErrors { try declaration.read(progress: progress) }
                let profile = try reportingDataErrors { try declaration.profile(of: read, progress: progress) }
                print(DataCommand.describe(profile))
                if !profile.warnings.isEmpty { print("") }
                for warning in profile.warnings { print("warning: \(warning)") }
                guard let label else { return }
                // A column with no value at all would stop the load; the task is still worth
                // saying, as training sees it once the column is ignored (which train asks for).
                let empty = profile.columns.filter { $0.missingCount == profile.rows && $0.name != label }.map(\.name)
                if !empty.isEmpty {
                    declaration.ignore += empty
                    print(
                        "\nnote: \(ShortList.text(empty.map { CategoryName.cited($0) })) \(empty.count == 1 ? "has" : "have") no value; "
                            + "train refuses \(empty.count == 1 ? "it" : "them") until the pipeline has ignore = "
                            + "[\(empty.map { "\"\($0)\"" }.joined(separator: ", "))]; the rest is read as if it did")
                }
                let loaded: LoadedData
                do {
                    loaded = try declaration.load(seed: 42, checked: false, progress: progress, reusing: read)
                } catch let error as DataFileError where profile.warnings.contains(error.description) {
                    // A column's name or a category new and train refuse, warned of above in full.
                    let place = [error.line.map { "line \($0)" }, error.column.map { "column \($0)" }].compactMap { $0 }
                    let column = error.field.map { CategoryName.cited($0) } ?? "the column"
                    throw CommandFailure(
                        "\(error.file): new and train refuse this file for the warning above"
                            + (place.isEmpty ? "" : " (\(place.joined(separator: ", ")))") + "; fix it first"
                            + (error.field == label
                                ? "" : ", or leave \(column) out (ignore = [...] in [data], --ignore with new)"))
                } catch let error as DataFileError {
                    throw CommandFailure(error.description)
                }
                print("")
                for note in loaded.notes where !note.hasPrefix("kinds:") { print(note) }
                let schema = loaded.train.schema
                print("label \(CategoryName.cited(label)): \(schema.task.rawValue)", terminator: "")
                print(
                    schema.task.isClassification
                        ? ", classes \(ShortList.text(schema.labelValues.map { CategoryName.shown($0, limit: CategoryName.shownLength) }))"
                        : "")
                if schema.task.isClassification {
                    for line in DataCommand.classCounts(schema.labelValues, loaded.train.labels + loaded.test.labels) {
                        print(line)
                    }
                }
                let shown = Set(profile.warnings)
                for warning in loaded.warnings where !shown.contains(warning) { print("warning: \(warning)") }
            }
        }

        /// The lines `data inspect` prints about a classification label's classes (trial26 #2):
        /// each class's rows and share, most first, and for a binary label with a rare class
        /// (`RareClass`) what train then ranks by.
        /// - Parameters:
        ///   - classes: the label's classes; `labels` index them.
        ///   - labels: every row's class.
        static func classCounts(_ classes: [String], _ labels: [UInt8]) -> [String] {
            var counts = [Int](repeating: 0, count: classes.count)
            for label in labels where Int(label) < counts.count { counts[Int(label)] += 1 }
            let total = max(labels.count, 1)
            func share(_ count: Int) -> String { String(format: "%.2f%%", 100 * Double(count) / Double(total)) }
            let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            var lines = [
                "class counts: "
                    + order.map { "\(category(classes[$0])) \(groupedDigits(counts[$0])) (\(share(counts[$0])))" }
                    .joined(separator: ", ")
            ]
            if classes.count == 2, RareClass.isImbalanced(positives: counts[1], rows: labels.count) {
                let rare = counts[1] < counts[0] ? 1 : 0
                let ranking: String = rare == 1 ? "average precision" : "balanced accuracy"
                let under = Int(RareClass.share * 100)
                let rareShare = share(counts[rare]), majorityShare = share(counts[1 - rare])
                let note: String =
                    "note: \(category(classes[rare])) is \(rareShare) of the rows (under \(under)%): always "
                    + "answering \(category(classes[1 - rare])) scores \(majorityShare) accuracy; train ranks the "
                    + "versions by \(ranking) and shows balanced accuracy"
                lines.append(note)
            }
            return lines
        }

        /// The separator a command-line word names.
        static func separator(_ word: String) -> String? {
            switch word {
            case ",", ";": word
            case "tab", "\\t", "\t": "\t"
            default: nil
            }
        }

        /// Refuses a `--decimal` that is not a decimal mark the `decimal` key takes.
        static func validate(decimal: String?) throws {
            if let decimal, !DataDeclaration.decimalMarks.contains(decimal) {
                throw ValidationError("--decimal must be '.' or ','")
            }
        }

        /// The column table `data inspect` prints.
        static func describe(_ profile: DataProfile) -> String {
            let shown = profile.separator == "\t" ? "tab" : "'\(profile.separator)'"
            var lines = [
                "\(profile.file): \(counted(profile.rows, "row"))"
                    + (profile.unlabelledRows > 0 ? " (\(profile.unlabelledRows) without a label left out)" : "")
                    + ", \(profile.columns.count) columns, separator \(shown)", "",
            ]
            let names = profile.columns.map { CategoryName.shown($0.name, limit: CategoryName.shownLength) }
            let width = max(6, names.map(\.count).max() ?? 0)
            lines.append(
                "column".padding(toLength: width, withPad: " ", startingAt: 0) + "  kind          missing  values")
            for (column, name) in zip(profile.columns, names) {
                var values: String
                if column.inferredKind == .numeric, let low = column.minimum, let high = column.maximum {
                    // Six significant digits, as pandas' describe() shows them (trial28 #12).
                    values = "\(significant(low, digits: 6)) to \(significant(high, digits: 6))"
                } else if column.sortedValues.isEmpty {
                    values = "none: every value is missing"
                } else {
                    let sorted = column.sortedValues
                    values =
                        "\(counted(sorted.count, "category", "categories")): "
                        + sorted.prefix(8).map(category).joined(separator: ", ")
                    if sorted.count > 8 { values += ", …" }
                }
                lines.append(
                    name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + column.inferredKind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(repeating: " ", count: max(0, 9 - String(column.missingCount).count))
                        + "\(column.missingCount)  \(values)")
            }
            return lines.joined(separator: "\n")
        }

        /// A category as the list shows it (`CategoryName.shown`): as is, or quoted with
        /// line breaks, tabs and other control characters escaped when it holds a comma, a quote,
        /// a `;` or a control character, or starts or ends with a space, so that the list reads
        /// unambiguously, stays on its line and never acts on the terminal; cut to
        /// `CategoryName.shownLength` characters (a category can be a 135 KB note).
        static func category(_ value: String) -> String {
            CategoryName.shown(value, limit: CategoryName.shownLength)
        }
    }
}

/// Runs `body`, printing a data error as one line on standard error and exiting 1 instead of
/// dumping usage.
func reportingDataErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DataFileError {
        throw CommandFailure(error.description)
    }
}
