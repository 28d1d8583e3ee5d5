import Basics
import Foundation
import JSONWriting
import Models

/// The headline metrics of two evaluation reports side by side with their changes, as
/// `dvc metrics diff` shows them: a terminal table, Markdown, or JSON. The metrics are the
/// task's (`EvaluationReport.headline`), then the calibration error of a classifier.
public struct MetricsDiff: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var metric: String
        public var a: Double?
        public var b: Double?
        /// `b − a`; nil when either side is undefined.
        public var change: Double? { a.flatMap { a in b.map { $0 - a } } }
    }

    public var labelA: String
    public var labelB: String
    public var rows: [Row]
    /// Caveats worth reading before the numbers (different data, different threshold).
    public var notes: [String]
    /// Whether both reports' metrics were measured on the same test rows: false when the
    /// reports name other data (`differentData`) or `testRows(differ:)` was told so, true when
    /// it was told they are the same, nil when unknown (a held-out split's rows are not in a report).
    public var testRowsComparable: Bool?
    /// Why the test rows differ, printed as a warning before the numbers (trial19 #3).
    public var testRowsWarning: String?
    /// The note that the reports name other data (`differentData`), if they do.
    private var dataNote: String?

    /// Why `testRowsComparable` is false: the warning, else the note that the reports name
    /// other data; never nil when it is false (trial20 #7: `false` with a null warning left a
    /// script nothing to show), nil otherwise.
    public var testRowsReason: String? {
        testRowsComparable == false ? testRowsWarning ?? dataNote : nil
    }

    /// - Parameter texts: when given, reports on files of other bytes but the same text as
    ///   modelpress reads it (CRLF line ends, a byte order mark) count as on the same data.
    public init(_ a: EvaluationReport, _ b: EvaluationReport, labelA: String, labelB: String, texts: DataText? = nil) {
        self.labelA = labelA
        self.labelB = labelB
        let metricsA = a.headline, metricsB = b.headline
        let names =
            metricsA.map(\.name) + metricsB.map(\.name).filter { name in !metricsA.contains { $0.name == name } }
        func value(_ metrics: [(name: String, estimate: MetricEstimate)], _ name: String) -> Double? {
            metrics.first { $0.name == name }?.estimate.value
        }
        rows = names.map { Row(metric: $0, a: value(metricsA, $0), b: value(metricsB, $0)) }
        if a.task != .regression || b.task != .regression {
            rows.append(Row(metric: "ece", a: a.expectedCalibrationError, b: b.expectedCalibrationError))
        }
        notes = []
        if a.task != b.task {
            notes.append(
                "the reports are of different tasks (\(a.task.rawValue), \(b.task.rawValue)); a metric one lacks is shown as —"
            )
        }
        if let note = Self.differentData([(labelA, a.dataset), (labelB, b.dataset)], texts: texts) {
            notes.append(note)
            dataNote = note
            testRowsComparable = false
        }
        if let thresholdA = a.binary?.threshold, let thresholdB = b.binary?.threshold, thresholdA != thresholdB {
            notes.append("thresholds differ (\(thresholdA) vs \(thresholdB)); threshold metrics are not comparable")
        }
    }

    /// The note `diff` gives when the two reports were computed on different test data (SHA-256 or row count; the same bytes at another path are the same
    /// data, trial20 #7; with `texts`, so is the same text in other bytes, trial21 #9): each data
    /// set with the labels of the reports computed on it, in order of first appearance; nil when
    /// they all agree.
    public static func differentData(
        _ reports: [(label: String, dataset: EvaluationReport.Dataset)], texts: DataText? = nil
    ) -> String? {
        var groups: [(dataset: EvaluationReport.Dataset, labels: [String])] = []
        func same(_ a: EvaluationReport.Dataset, _ b: EvaluationReport.Dataset) -> Bool {
            guard a.rows == b.rows else { return false }
            return a.sha256 == b.sha256
                || texts?.same(.init(path: a.path, sha256: a.sha256), .init(path: b.path, sha256: b.sha256)) == true
        }
        for (label, dataset) in reports {
            if let index = groups.firstIndex(where: { same($0.dataset, dataset) }) {
                groups[index].labels.append(label)
            } else {
                groups.append((dataset, [label]))
            }
        }
        guard groups.count > 1 else { return nil }
        let described = groups.map { group in
            let samePath = groups.filter { $0.dataset.path == group.dataset.path }.count > 1
            let rows = groupedDigits(group.dataset.rows)
            let which = samePath ? " (SHA-256 \(group.dataset.sha256.prefix(12)), \(rows) rows)" : ""
            return group.labels.joined(separator: ", ") + ": " + group.dataset.path + which
        }
        return
            "the reports were computed on different data (\(described.joined(separator: "; "))); changes mix model and data"
    }

    /// Records what the versions' training records say of their test rows
    /// (`TrainingRecord.testRowsDiffer`, the one rule): nil when they are the same rows, else
    /// why not.
    public mutating func testRows(differ reason: String?) {
        testRowsWarning = reason
        testRowsComparable = reason == nil && dataNote == nil
    }

    /// The warning line before the numbers, when the test rows differ.
    private var warningLines: [String] {
        testRowsWarning.map { ["warning: the changes are not comparable: \($0)"] } ?? []
    }

    /// An aligned plain-text table.
    public func table(precision: Int = 4) -> String {
        let header = ["Metric", labelA, labelB, "Change"]
        let body = rows.map {
            [$0.metric, Self.format($0.a, precision), Self.format($0.b, precision), Self.signed($0.change, precision)]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        let lines = ([header] + body).map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        return (warningLines + lines + notes.map { "note: \($0)" }).joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown(precision: Int = 4) -> String {
        var lines =
            warningLines.map { "> \($0)\n" } + [
                "| Metric | \(Self.escape(labelA)) | \(Self.escape(labelB)) | Change |", "|---|---:|---:|---:|",
            ]
        for row in rows {
            lines.append(
                "| \(row.metric) | \(Self.format(row.a, precision)) | \(Self.format(row.b, precision)) | \(Self.signed(row.change, precision)) |"
            )
        }
        lines += notes.map { "\n> note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"a": label, "b": label, "metrics": {name: {"a", "b", "change"}}, "notes": [...],
    /// "test_rows_comparable": true|false|null, "test_rows_warning": text|null}`, sorted keys,
    /// full precision, undefined values as null.
    public func jsonData() throws -> Data {
        struct Entry: Encodable {
            var a: Double?, b: Double?, change: Double?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(a, forKey: .a)
                try container.encode(b, forKey: .b)
                try container.encode(change, forKey: .change)
            }
            enum CodingKeys: String, CodingKey { case a, b, change }
        }
        struct Document: Encodable {
            var a: String, b: String, metrics: [String: Entry], notes: [String]
            var comparable: Bool?, warning: String?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(a, forKey: .a)
                try container.encode(b, forKey: .b)
                try container.encode(metrics, forKey: .metrics)
                try container.encode(notes, forKey: .notes)
                try container.encode(comparable, forKey: .comparable)
                try container.encode(warning, forKey: .warning)
            }
            enum CodingKeys: String, CodingKey {
                case a, b, metrics, notes
                case comparable = "test_rows_comparable"
                case warning = "test_rows_warning"
            }
        }
        var metrics: [String: Entry] = [:]
        for row in rows { metrics[row.metric] = Entry(a: row.a, b: row.b, change: row.change) }
        let document = Document(
            a: labelA, b: labelB, metrics: metrics, notes: notes, comparable: testRowsComparable,
            warning: testRowsReason)
        return Data(try JSONWriter.encode(document, .document) + [0x0A])
    }

    static func format(_ value: Double?, _ precision: Int) -> String {
        value.map { figure($0, decimals: precision) } ?? "—"
    }

    static func signed(_ value: Double?, _ precision: Int) -> String {
        value.map { figure($0, decimals: precision, signed: true) } ?? "—"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
