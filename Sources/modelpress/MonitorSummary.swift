import Basics
import Evaluation
import Foundation
import Monitoring

/// What `modelpress monitor` prints: the drift report with where it came from, as a table for
/// a terminal or as JSON (the keys docs/architecture.md lists).
struct MonitorSummary: Encodable {
    struct Reference: Encodable {
        var madeAgain: Bool
        var trainingRows: Int
        var testRows: Int

        enum CodingKeys: String, CodingKey {
            case madeAgain = "made_again"
            case trainingRows = "training_rows"
            case testRows = "test_rows"
        }
    }

    struct Options: Encodable {
        var numericMethod: DriftMethod?
        var categoricalMethod: DriftMethod?
        /// Every measure's threshold in force, given or default.
        var thresholds: [String: Double]
        var psiThreshold: Double?

        enum CodingKeys: String, CodingKey {
            case numericMethod = "numeric_method"
            case categoricalMethod = "categorical_method"
            case thresholds
            case psiThreshold = "psi_threshold"
        }
    }

    var version: String
    var status: String
    var log: String
    var requests: Int
    var reference: Reference
    var options: Options
    var windowSeconds: Int64
    var windows: [DriftMonitor.Window]
    var drifted: Bool

    enum CodingKeys: String, CodingKey {
        case version, status, log, requests, reference, options
        case windowSeconds = "window_seconds"
        case windows, drifted
    }

    init(status: String, log: String, check: DriftCheck, options: DriftOptions) {
        let reference = check.reference
        self.version = check.version.description
        self.status = status
        self.log = log
        self.requests = check.requests
        self.reference = Reference(
            madeAgain: check.madeAgain, trainingRows: reference.fields.first?.rows ?? 0,
            testRows: reference.prediction.rows)
        self.options = Options(
            numericMethod: options.numericMethod, categoricalMethod: options.categoricalMethod,
            thresholds: Dictionary(
                uniqueKeysWithValues: DriftMethod.allCases.map { ($0.rawValue, options.threshold($0)) }),
            psiThreshold: options.psiThreshold)
        windowSeconds = check.report.windowSeconds
        windows = check.report.windows
        drifted = check.report.drifted
    }

    /// The report for a terminal: a heading, then per window a table of fields, then the verdict.
    var text: String {
        var out = "\(version) (\(status)): \(requests) request\(requests == 1 ? "" : "s") in \(log)\n"
        out +=
            "reference: \(reference.trainingRows) training rows, \(reference.testRows) test rows"
            + (reference.madeAgain ? " (made again from the declared data: the version has no reference.json)" : "")
            + "\n"
        for window in windows {
            out +=
                "\nwindow \(window.start) to \(window.end): \(window.requests) request\(window.requests == 1 ? "" : "s")"
            if let feedback = window.feedback {
                out += ", \(feedback.metric) \(DriftCheck.figure(feedback.value)) on \(feedback.rows) with feedback"
            }
            out += "\n"
            guard window.requests > 0 else { continue }
            let header = ["field", "measure", "value", "drifts if", "PSI", "missing", "train missing", "unseen", ""]
            var rows = [header]
            for drift in window.fields + (window.prediction.map { [$0] } ?? []) {
                let name =
                    drift.name == window.prediction?.name && drift == window.prediction
                    ? "prediction (\(drift.name))" : drift.name
                rows.append([
                    name, drift.method.rawValue, drift.value.map(DriftCheck.figure) ?? "n/a",
                    DriftCheck.condition(drift),
                    drift.psi.map(DriftCheck.figure) ?? "n/a", DriftCheck.share(drift.missingShare),
                    DriftCheck.share(drift.referenceMissingShare),
                    drift.unseenShare.map { share in
                        DriftCheck.share(share)
                            + ((drift.unseen ?? []).isEmpty ? "" : " (\((drift.unseen ?? []).joined(separator: ", ")))")
                    } ?? "",
                    drift.drifted ? "DRIFT" : "",
                ])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { column, cell in
                    column == 0 || column == 1 || column == row.count - 1
                        ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - cell.count) + cell
                }
                out +=
                    "  "
                    + cells.joined(separator: "  ").replacingOccurrences(
                        of: "\\s+$", with: "", options: .regularExpression) + "\n"
            }
        }
        let drifting = windows.filter { !$0.drifted.isEmpty }
        out += "\n"
        if drifting.isEmpty {
            out += "no drift: no window crossed a threshold\n"
        } else {
            out +=
                "drift: \(drifting.count) of \(windows.count) window\(windows.count == 1 ? "" : "s") crossed a threshold\n"
            for window in drifting { out += "  \(window.start): \(window.drifted.joined(separator: ", "))\n" }
        }
        return out
    }
}
