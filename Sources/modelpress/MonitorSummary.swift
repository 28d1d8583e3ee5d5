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
        /// The values a numeric field's reference sample keeps, when some field's present training
        /// values were more (its distances are measured against the sample); nil otherwise.
        var sampleSize: Int?

        enum CodingKeys: String, CodingKey {
            case madeAgain = "made_again"
            case trainingRows = "training_rows"
            case testRows = "test_rows"
            case sampleSize = "sample_size"
        }
    }

    struct Options: Encodable {
        var numericMethod: DriftMethod?
        var categoricalMethod: DriftMethod?
        /// Every measure's threshold in force, given or default.
        var thresholds: [String: Double]
        var psiThreshold: Double?
        var missingThreshold: Double
        var minimumRequests: Int

        enum CodingKeys: String, CodingKey {
            case numericMethod = "numeric_method"
            case categoricalMethod = "categorical_method"
            case thresholds
            case psiThreshold = "psi_threshold"
            case missingThreshold = "missing_threshold"
            case minimumRequests = "min_requests"
        }

        /// Every key, null where a method or threshold is not given (the JSON docs/architecture.md lists).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(numericMethod, forKey: .numericMethod)
            try container.encode(categoricalMethod, forKey: .categoricalMethod)
            try container.encode(thresholds, forKey: .thresholds)
            try container.encode(psiThreshold, forKey: .psiThreshold)
            try container.encode(missingThreshold, forKey: .missingThreshold)
            try container.encode(minimumRequests, forKey: .minimumRequests)
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
    /// When monitor ran: a window ending later is labelled as running up to now.
    var now: Timestamp

    enum CodingKeys: String, CodingKey {
        case version, status, log, requests, reference, options
        case windowSeconds = "window_seconds"
        case windows, drifted
    }

    init(status: String, log: String, check: DriftCheck, options: DriftOptions, now: Timestamp) {
        self.now = now
        let reference = check.reference
        self.version = check.version.description
        self.status = status
        self.log = log
        self.requests = check.requests
        // A field whose present values outnumber its sample was compared with the sample.
        let sampled = reference.fields.compactMap { field -> Int? in
            guard let sample = field.sample, sample.count < field.rows - (field.counts.first ?? 0) else { return nil }
            return sample.count
        }
        self.reference = Reference(
            madeAgain: check.madeAgain, trainingRows: reference.fields.first?.rows ?? 0,
            testRows: reference.prediction.rows, sampleSize: sampled.max())
        self.options = Options(
            numericMethod: options.numericMethod, categoricalMethod: options.categoricalMethod,
            thresholds: Dictionary(
                uniqueKeysWithValues: DriftMethod.allCases.map { ($0.rawValue, options.threshold($0)) }),
            psiThreshold: options.psiThreshold, missingThreshold: options.missingThreshold,
            minimumRequests: options.minimumRequests)
        windowSeconds = check.report.windowSeconds
        windows = check.report.windows
        drifted = check.report.drifted
    }

    /// The report for a terminal: a heading, then per window a table of fields, then the verdict.
    var text: String {
        var out = "\(version) (\(status)): \(counted(requests, "request")) in \(log)\n"
        out +=
            "reference: \(reference.trainingRows) training rows, \(reference.testRows) test rows"
            + (reference.madeAgain ? " (made again from the declared data: the version has no reference.json)" : "")
            + (reference.sampleSize.map {
                "; numeric fields' values compared with a seeded sample of \($0) of each field's training values"
            } ?? "") + "\n"
        var index = 0
        while index < windows.count {
            let window = windows[index]
            guard window.requests > 0 else {
                // A run of empty windows is one line, however many there are.
                var last = index
                while last + 1 < windows.count && windows[last + 1].requests == 0 { last += 1 }
                let count = last - index + 1
                out +=
                    "\n\(count == 1 ? "window" : "\(count) windows") from \(window.start) to \(windows[last].end): "
                    + "no requests\n"
                index = last + 1
                continue
            }
            index += 1
            out += "\nwindow \(window.start) to " + end(of: window) + ": \(counted(window.requests, "request"))"
            if let feedback = window.feedback {
                out += ", \(feedback.metric) \(DriftCheck.figure(feedback.value)) on \(feedback.rows) with feedback"
                out += feedback.classNote.map { " (\($0))" } ?? ""
            }
            out += "\n"
            if !window.judged {
                out +=
                    "  too few requests (\(window.requests) < \(options.minimumRequests)) to judge: the figures are "
                    + "shown, the verdicts are noise at this size (--min-requests)\n"
            }
            let header = [
                "field", "measure", "value", "drifts if", "by chance", "missing", "train missing", "missing p", "PSI",
                "unseen", "",
            ]
            var rows = [header]
            for drift in window.fields + (window.prediction.map { [$0] } ?? []) {
                // A field no tree splits on is marked on every row, drifted or not, so that a
                // later "not counted" is no surprise (trial23 #3); the footnote says what it means.
                let name =
                    drift.name == window.prediction?.name && drift == window.prediction
                    ? "prediction (\(drift.name))" : drift.name + (drift.usedByModel ? "" : " \(Self.unusedMark)")
                rows.append([
                    name, drift.method.rawValue, drift.value.map(DriftCheck.figure) ?? "n/a",
                    DriftCheck.condition(drift), drift.chanceLevel.map(DriftCheck.figure) ?? "",
                    DriftCheck.share(drift.missingShare), DriftCheck.share(drift.referenceMissingShare),
                    drift.missingPValue.map(DriftCheck.figure) ?? "n/a", drift.psi.map(DriftCheck.figure) ?? "n/a",
                    drift.unseenShare.map { share in
                        DriftCheck.share(share)
                            + ((drift.unseen ?? []).isEmpty ? "" : " (\((drift.unseen ?? []).joined(separator: ", ")))")
                    } ?? "",
                    !drift.drifted
                        ? ""
                        : drift.usedByModel
                            ? "DRIFT (\(drift.reasons.joined(separator: ", ")))"
                            : "drift (\(drift.reasons.joined(separator: ", "))), not counted",
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
        if windows.contains(where: { $0.requests > 0 }) {
            out +=
                "\nmissing: drifts if the z-test of the missing share against training's has p < "
                + DriftCheck.figure(options.missingThreshold) + "\n"
        }
        if windows.contains(where: { window in
            (window.fields + (window.prediction.map { [$0] } ?? [])).contains { $0.chanceLevel != nil }
        }) {
            out +=
                "by chance: a distance past its threshold drifts only past this too, what as many requests drawn "
                + "from the training data reach (the 99th percentile of 200 seeded draws): a distance's sampling "
                + "noise grows as the window shrinks, its threshold does not\n"
        }
        if windows.contains(where: { $0.fields.contains { !$0.usedByModel } }) {
            out +=
                "\(Self.unusedMark): no tree of \(version) splits on the field, so it cannot change a prediction: its "
                + "drift is shown, never counted\n"
        }
        let drifting = windows.filter { !$0.drifted.isEmpty }
        out += "\n"
        let unused = Set(windows.flatMap(\.driftedUnused))
        if !unused.isEmpty {
            // In schema order, each once.
            var seen = Set<String>()
            let names = windows.flatMap(\.fields).map(\.name).filter { unused.contains($0) && seen.insert($0).inserted }
            out +=
                "not counted: \(ShortList.text(names)) drifted, but no "
                + "tree of \(version) splits on \(unused.count == 1 ? "it" : "them"), so \(unused.count == 1 ? "it" : "they") "
                + "cannot change a prediction (a client or upstream change worth a look all the same)\n"
        }
        let unjudged = windows.filter { $0.requests > 0 && !$0.judged }.count
        if unjudged > 0 {
            out += "not judged: \(counted(unjudged, "window")) with fewer than \(options.minimumRequests) requests\n"
        }
        if drifting.isEmpty && !windows.contains(where: \.judged) {
            // Not "no drift" (trial28 #3: p = 1e-48 above it): nothing was judged.
            out +=
                "no verdict: no window has the \(options.minimumRequests) requests a verdict needs (--min-requests); "
                + "its figures are shown above, unjudged\n"
        } else if drifting.isEmpty {
            out += "no drift: no judged window crossed a threshold\n"
        } else {
            out +=
                "drift: \(drifting.count) of \(windows.count) window\(windows.count == 1 ? "" : "s") crossed a threshold\n"
            for window in drifting {
                let why = window.drifted.map { name in
                    let field = (window.fields + (window.prediction.map { [$0] } ?? [])).first {
                        $0.name == name || (name == "prediction" && $0 == window.prediction)
                    }
                    return "\(name) (\(field?.reasons.joined(separator: ", ") ?? ""))"
                }
                out += "  \(window.start): \(why.joined(separator: ", "))\n"
            }
        }
        return out
    }

    /// The mark after the name of a field no tree of the version splits on.
    static let unusedMark = "(unused)"

    /// A window's end, or "now" for the window still running.
    func end(of window: DriftMonitor.Window) -> String {
        guard let end = Timestamp(parsing: window.end), end > now else { return window.end }
        return "now (a partial window, \(now.description); it ends \(window.end))"
    }

}
