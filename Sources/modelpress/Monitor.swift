import ArgumentParser
import Basics
import Evaluation
import Foundation
import JSONWriting
import Models
import Monitoring
import Registry
import Serving

extension ModelPress {
    struct Monitor: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tell whether what an endpoint is asked has drifted from what its model was trained on.",
            discussion: """
                Reads predict.cgi's request log, keeps the requests the endpoint's production \
                version answered (or --version's), splits them into windows (--window, from \
                --since or the first request's day), and compares each window with the version's \
                reference distribution: reference.json beside its model.bin, or for a version made \
                before that file existed, the same made again from the data its training.json \
                declares.

                Per input field and for the prediction (the positive class's probability, the \
                predicted value, or the predicted class), each window asks two questions, the \
                same way for numeric and categorical fields:

                Did its present values move? The measure Evidently's defaults pick decides, \
                over the present values only (as Evidently): with at most 1,000 reference rows \
                the Kolmogorov–Smirnov test (numeric), the chi-squared test (categorical), or \
                for a field of two values the two-proportion z-test, drifting when p < 0.05; \
                above that the Wasserstein distance in reference standard deviations (numeric) \
                or the Jensen–Shannon distance (categorical), drifting at 0.1 or more. A \
                numeric field with at most five distinct values is treated as categorical. A \
                category training never saw counts against the reference (its share is shown \
                too).

                Did the share of requests missing it move? Evidently's two-proportion z-test of \
                the window's missing share against the training rows', drifting when p < 0.05 \
                (--missing-threshold): a field a client stops sending is drift.

                PSI, the population stability index, is shown beside them, over Evidently's \
                bins (a numeric field's Sturges bins over the reference sample and the window \
                together, a categorical field's categories), an empty bin floored as Evidently \
                does; it decides only with --psi-threshold (0.2 is a common choice: a large \
                shift by the usual reading).

                A distance's threshold does not depend on how many requests it is measured over, \
                its sampling noise does: 300 requests drawn from a zero-inflated field's own \
                training distribution cross Wasserstein 0.1 in one window of eight, 700 requests \
                over a field of 60 categories Jensen–Shannon 0.1 in about half. So a distance \
                (Wasserstein, Jensen–Shannon, and PSI with --psi-threshold) past its threshold \
                drifts only when it is also past its chance level ("by chance"): what as many \
                requests drawn from the training data reach, the 99th percentile of 200 seeded \
                draws (a permutation of the reference sample and the window for a numeric field, \
                draws from the reference's shares for a categorical one). p-value tests count the \
                window's size already. And a window with fewer requests than --min-requests \
                (default 600) is measured but not judged: it says "too few requests" and never \
                makes monitor exit 2. Pass --min-requests 1 to judge every window.

                A numeric field's reference keeps a seeded sample of at most 5,000 of its \
                training values (reference.json); its Kolmogorov–Smirnov and Wasserstein figures \
                are measured against that sample, which the reference line says.

                A field no tree of the version splits on cannot change a prediction: the table \
                marks it "(unused)" on every row, drifted or not (`used_by_model` false in JSON); \
                its drift is shown ("drift (…), not counted") but never makes monitor exit 2.

                The accuracy (classification) or mean absolute error (regression) on the \
                feedback received is shown where there is some. Requests predict.cgi refused (a \
                category or a missing value its schema does not accept) are not in the request \
                log, so monitor cannot count them.

                Change the deciding measure with --numeric-method and --categorical-method (psi, \
                ks, chisquare, wasserstein, jensenshannon, ztest; ks and wasserstein need \
                numbers), a \
                threshold with --threshold METHOD=VALUE (repeatable; a p-value's between 0 and \
                1).

                Run it in a checkout of the repository (the reference distributions are there), \
                pointing --requests at a copy of the deployment's log (`sqlite3 \
                var/requests.sqlite ".backup /tmp/requests.sqlite"` copies a live one safely).

                Exit status: 0 when no judged window crossed a threshold, and also when the log \
                has no request the version answered (since --since) — a version just promoted or \
                a quiet period, said in a note (`note` in JSON, with no windows); 2 when a \
                window crossed a threshold (the output names the window and the fields and \
                why); 1 when monitor cannot run (no request log, an unknown endpoint, …); 64 \
                when an option is wrong: so a CI job can alert on drift and tell no traffic \
                from a broken setup. --json writes the whole report as one JSON document (its \
                keys are listed in docs/architecture.md) instead of the table, and on failure a \
                JSON object whose `error` is the message standard error gets.

                Examples:
                  modelpress monitor income_classifier
                  modelpress monitor income_classifier --requests /srv/modelpress/var/requests.sqlite --window 1d
                  modelpress monitor penguin_species --since 2026-11-01 --json > drift.json
                  modelpress monitor income_classifier --numeric-method ks --threshold ks=0.01 --psi-threshold 0.2
                """
        )

        @Argument(help: "The endpoint to check (its production version unless --version).")
        var endpoint: String

        @OptionGroup var requests: RequestLogOptions

        @Option(
            name: .long,
            help: "Check this version (model@version, or endpoint/model@version) instead of the production one.")
        var version: String?

        @Option(
            name: .long,
            help:
                "Only requests from then on: a UTC date or time (2026-11-01, 2026-11-01T12:00:00Z), or a span back from now (30d, 12h, 2w)."
        )
        var since: String?

        @Option(name: .long, help: "The length of a window: minutes, hours, days or weeks (90m, 6h, 7d, 2w).")
        var window: String = "7d"

        @Option(name: .long, help: "The measure that decides numeric fields (default: Evidently's choice).")
        var numericMethod: DriftMethod?

        @Option(name: .long, help: "The measure that decides categorical fields (default: Evidently's choice).")
        var categoricalMethod: DriftMethod?

        @Option(
            name: .long, help: "A measure's threshold, as METHOD=VALUE (e.g. ks=0.01, wasserstein=0.2); repeatable.")
        var threshold: [String] = []

        @Option(
            name: .long, parsing: .unconditional,
            help: "Make PSI decide too: a field drifts when its PSI reaches this (a positive number, as 0.2).")
        var psiThreshold: Double?

        @Option(
            name: .long, parsing: .unconditional,
            help: "The missing share drifts when its z-test's p-value is below this (between 0 and 1).")
        var missingThreshold: Double = 0.05

        @Option(
            name: .customLong("min-requests"), parsing: .unconditional,
            help: "The fewest requests a window needs to be judged (smaller ones are shown, not judged).")
        var minimumRequests: Int = DriftOptions.defaultMinimumRequests

        @Flag(name: .long, help: "Write the report as JSON.")
        var json = false

        @Option(help: "The repository root (default: the folder holding research/, from here upwards).")
        var root: String?

        func validate() throws {
            _ = try Self.seconds(window)
            _ = try since.map { try Self.moment($0) }
            _ = try thresholds()
            for method in [categoricalMethod].compactMap({ $0 }) where method.needsValues {
                throw ValidationError(
                    "--categorical-method \(method.rawValue) needs numbers; use psi, chisquare, jensenshannon or ztest"
                )
            }
            if let psiThreshold, !(psiThreshold > 0) || !psiThreshold.isFinite {
                throw ValidationError("--psi-threshold must be a positive number, as 0.2")
            }
            if !(missingThreshold > 0 && missingThreshold < 1) {
                throw ValidationError("--missing-threshold is a p-value: a number between 0 and 1, as 0.05")
            }
            try Self.validate(minimumRequests: minimumRequests)
        }

        /// `--min-requests`, monitor's and publish's: at least one request.
        static func validate(minimumRequests: Int) throws {
            if minimumRequests < 1 {
                throw ValidationError(
                    "--min-requests must be a whole number of at least 1, as \(DriftOptions.defaultMinimumRequests)")
            }
        }

        /// With --json a failure is also `{"error": …}` on standard output, so that
        /// `--json > drift.json` never leaves an empty file (`JSONOutputCommand`).
        func run() throws {
            try check()
        }

        /// The JSON document when there is nothing to compare: the report's keys that still
        /// apply, no windows, and the note saying why.
        struct NoRequests: Encodable {
            var version: String
            var status: String
            var log: String
            var requests = 0
            var windows: [String] = []
            var drifted = false
            var note: String
        }

        func check() throws {
            try Self.refuseDeployment(root ?? FileManager.default.currentDirectoryPath, explicit: root != nil)
            let rootPath = try RepositoryRoot.resolve(root)
            let state = try reportingRegistryErrors { try Registry(folder: nil, root: rootPath).load() }
            let record = try Self.version(endpoint: endpoint, pinned: version, in: state)
            // The log ab show and ab stop read: --requests, else the deployment's, else <root>/var/.
            let log = try requests.open(root: rootPath)
            let logPath = log.place
            let options = DriftOptions(
                numericMethod: numericMethod, categoricalMethod: categoricalMethod, thresholds: try thresholds(),
                psiThreshold: psiThreshold, missingThreshold: missingThreshold, minimumRequests: minimumRequests)
            let check: DriftCheck
            do {
                guard
                    let found = try DriftCheck(
                        version: record, root: URL(fileURLWithPath: rootPath), log: log,
                        since: try since.map { try Self.moment($0) }, windowSeconds: try Self.seconds(window),
                        options: options)
                else {
                    // No traffic (a version just promoted, a quiet period) is not a failure: CI must
                    // tell it from a broken setup, so it exits 0 with a note.
                    let note =
                        "\(logPath) has no requests answered by \(record.id)"
                        + (since.map { " since \($0)" } ?? "") + "; nothing to compare yet"
                    if json {
                        let empty = NoRequests(
                            version: record.id.description, status: record.status.rawValue, log: logPath, note: note)
                        print(String(decoding: try JSONWriter.encode(empty, .document), as: UTF8.self))
                    } else {
                        print("note: \(note)")
                    }
                    return
                }
                check = found
            } catch let error as DriftCheckError {
                throw CommandFailure(error.description)
            }
            let summary = MonitorSummary(
                status: record.status.rawValue, log: logPath, check: check, options: options, now: Timestamp.now)
            if json {
                print(String(decoding: try JSONWriter.encode(summary, .document), as: UTF8.self))
            } else {
                print(summary.text, terminator: "")
            }
            if check.report.drifted { throw ResultWritten(status: ExitCode(2)) }
        }

        /// `--threshold` as a table.
        func thresholds() throws -> [DriftMethod: Double] {
            var table: [DriftMethod: Double] = [:]
            for text in threshold {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let method = DriftMethod(rawValue: parts[0]), let value = Double(parts[1]),
                    value > 0, value.isFinite
                else {
                    throw ValidationError(
                        "--threshold '\(text)' is not METHOD=VALUE with a positive VALUE; methods: "
                            + DriftMethod.allCases.map(\.rawValue).joined(separator: ", "))
                }
                if method.isPValue && value >= 1 {
                    throw ValidationError(
                        "--threshold '\(text)': \(method.rawValue) is a p-value test, so its threshold lies between 0 and 1, as \(numberText(method.defaultThreshold))"
                    )
                }
                table[method] = value
            }
            return table
        }

        /// Refuses a deployment folder (deployment.json, no research/) with what to do instead.
        static func refuseDeployment(_ folder: String, explicit: Bool) throws {
            let url = URL(fileURLWithPath: folder)
            let manager = FileManager.default
            guard manager.fileExists(atPath: url.appendingPathComponent("deployment.json").path),
                !manager.fileExists(atPath: url.appendingPathComponent("research").path)
            else { return }
            throw CommandFailure(
                "\(folder) is a deployment (it has deployment.json), not a repository: monitor compares its request "
                    + "log with the reference distributions kept in the repository. Run monitor in a checkout of the "
                    + "repository with --requests \(url.appendingPathComponent("var/requests.sqlite").path) (or a "
                    + "copy: sqlite3 LOG \".backup COPY\" copies a live log safely)"
                    + (explicit ? ", without --root" : ""))
        }

        /// The version to check: `pinned`, or the endpoint's production version.
        static func version(endpoint: String, pinned: String?, in state: RegistryState) throws -> VersionRecord {
            guard state.endpoints[endpoint] != nil else {
                let known = state.endpointNames
                let hint = NearestName.closest(to: endpoint, in: known).map { "did you mean '\($0)'? " } ?? ""
                throw CommandFailure(
                    "no endpoint '\(endpoint)' in the registry; \(hint)its endpoints are "
                        + (known.isEmpty ? "none" : known.joined(separator: ", ")))
            }
            if let pinned {
                // The endpoint is given already: `model@version` names its version as well.
                let written = pinned.contains("/") ? pinned : "\(endpoint)/\(pinned)"
                guard let id = VersionID(parsing: written), id.endpoint == endpoint,
                    let record = state.allVersions.first(where: { $0.id == id })
                else {
                    let known = state.versions(of: endpoint).map(\.id.description)
                    throw CommandFailure(
                        "--version \(pinned) is not a registered version of \(endpoint) (it has "
                            + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
                }
                return record
            }
            guard let production = state.production(of: endpoint) else {
                let known = state.versions(of: endpoint).map { "\($0.id) (\($0.status.rawValue))" }
                throw CommandFailure(
                    "\(endpoint) has no production version, so nothing serves it by default; promote one with "
                        + "`modelpress status VERSION production`, or check one with --version (it has "
                        + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
            }
            return production
        }

        /// `--since`: a UTC date (its midnight) or time, or a span back from now.
        /// - Throws: `ValidationError` for text that is neither, and for a moment after `now`: no
        ///   request is that new, and "nothing to compare yet" would read as no traffic (trial24 #9).
        static func moment(_ text: String, now: Timestamp = .now) throws -> Timestamp {
            if let span = try? seconds(text) {
                return Timestamp(secondsSince1970: now.secondsSince1970 - span)
            }
            let isDate = text.count == 10
            guard let moment = Timestamp(parsing: isDate ? text + "T00:00:00Z" : text) else {
                throw ValidationError(
                    "--since '\(text)' is neither a UTC date or time (2026-11-01, 2026-11-01T12:00:00Z) nor a span (30d)"
                )
            }
            guard moment <= now else {
                throw ValidationError(
                    "--since '\(text)' (\(moment)) is in the future: it is now \(now), so no request is that new; give "
                        + "a moment in the past (a date is its midnight, UTC) or a span back from now (7d)")
            }
            return moment
        }

        /// A span such as `90m`, `6h`, `7d`, `2w`, in seconds.
        static func seconds(_ text: String) throws -> Int64 {
            let units: [Character: Int64] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
            guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0 else {
                throw ValidationError("'\(text)' is not a span: a whole number and m, h, d or w (90m, 6h, 7d, 2w)")
            }
            return count * unit
        }
    }
}

extension DriftMethod: ExpressibleByArgument {}
