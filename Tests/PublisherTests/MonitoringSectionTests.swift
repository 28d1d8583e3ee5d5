import Basics
import Evaluation
import Foundation
import Models
import Monitoring
import Registry
import Serving
import Testing

@testable import Publisher

/// `publish --requests`'s monitoring section, from request logs written here: penguin_species'
/// production version answering its own test rows (no drift), or rows with a numeric field
/// moved and a category training never saw (drift), shown as `modelpress monitor` reports them.
@Suite struct MonitoringSectionTests {
    /// Monitor's defaults but for the window size judged: the test file's 69 rows make windows
    /// of 34 and 35 requests.
    static let options = DriftOptions(minimumRequests: 30)
    static let endpointPage = "public/endpoints/penguin_species/index.html"
    static let productionCard = "public/endpoints/penguin_species/random_forest/1.0.0/index.html"

    /// A copy of the repository with its data linked (the committed versions have no
    /// reference.json: their reference is made again from it).
    static func repository() throws -> CopiedRepository {
        let copy = try CopiedRepository()
        try FileManager.default.createSymbolicLink(
            at: copy.root.appendingPathComponent("research/data"),
            withDestinationURL: RepositorySite.repository.appendingPathComponent("research/data"))
        return copy
    }

    /// penguin_species' test rows as its production version answered them, one a minute from
    /// 2026-11-02; with `twoWeeks`, the odd rows from 2026-11-09 instead, with `bill_length_mm`
    /// moved by `shift` and every third one's island `Atlantis` when `newIsland` (the file is
    /// sorted by species: alternate rows keep each week like the whole). The first `feedback`
    /// rows get their true species back.
    static func log(
        at path: String, root: URL, twoWeeks: Bool = false, shift: Double = 0, newIsland: Bool = false,
        feedback: Int = 0
    ) throws {
        let artifact = root.appendingPathComponent("research/artifacts/penguin_species/random_forest/1.0.0")
        let record = try TrainingRecord.decode(try Data(contentsOf: artifact.appendingPathComponent("training.json")))
        let test = try record.testDataset(root: root)
        let model = try TreeModel(contentsOf: artifact.appendingPathComponent("model.bin"))
        let predictions = model.predict(test)
        let log = try RequestLog(path: path)
        for r in 0..<test.rowCount {
            let late = twoWeeks && r % 2 == 1
            var input: [String: Any] = [:]
            for (f, field) in test.schema.fields.enumerated() {
                if field.kind == .numeric {
                    let x = test.numbers[f][r] + (late && field.name == "bill_length_mm" ? shift : 0)
                    input[field.name] = x.isNaN ? NSNull() : x
                } else {
                    let code = Int(test.codes[f][r])
                    input[field.name] = code < 0 ? NSNull() : field.categories[code]
                    if late && newIsland && field.name == "island" && r % 3 == 0 { input[field.name] = "Atlantis" }
                }
            }
            let p = predictions[r]
            let minute = r
            _ = try log.append(
                LoggedRequest(
                    createdAt: String(format: "2026-11-%02dT%02d:%02d:00.000Z", late ? 9 : 2, minute / 60, minute % 60),
                    endpoint: "penguin_species", model: "random_forest", version: "1.0.0", abTestID: nil, abArm: nil,
                    clientID: nil,
                    input: String(
                        decoding: try JSONSerialization.data(withJSONObject: input, options: .sortedKeys),
                        as: UTF8.self),
                    label: p.label, probability: p.probability, positiveProbability: p.positiveProbability,
                    latencyMicroseconds: 100, source: "api", tokenSHA256: Digest.sha256(Array("t\(r)".utf8))))
            if r < feedback {
                let truth = test.schema.labelValues[Int(test.labels[r])]
                _ = try log.recordFeedback(
                    id: Int64(r + 1), token: "t\(r)", label: truth, labelValues: { _ in test.schema.labelValues },
                    at: "2026-11-02T12:00:00Z")
            }
        }
    }

    /// The monitoring section of a page: from its heading to the next `<h2`.
    static func section(_ page: String) throws -> String {
        let start = try #require(page.range(of: "<h2 id=\"monitoring\">"))
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "<h2 ")?.lowerBound ?? rest.endIndex)])
    }

    /// The table row of `name` in a section.
    static func row(_ name: String, in section: String) throws -> String {
        let start = try #require(section.range(of: "<tr><th scope=\"row\">\(name)</th>"))
        let rest = section[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }

    /// A copy of the repository, changed by `prepare`, published with the request log `write`
    /// makes at the path it is given; `body` gets the site, the copy and the log's path.
    static func published(
        log write: (String, URL) throws -> Void, prepare: (CopiedRepository) throws -> Void = { _ in },
        _ body: (SiteFixture, CopiedRepository, String) throws -> Void
    ) throws {
        let copy = try repository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        let path = copy.root.appendingPathComponent("var/requests.sqlite").path
        try write(path, copy.root)
        try prepare(copy)
        var publisher = Publisher(siteFolder: site.root, root: copy.root, requestLog: .sqlite(path: path))
        publisher.driftOptions = Self.options
        try publisher.publish()
        try body(site, copy, path)
    }

    @Test func replayOfTheTestFileDoesNotDrift() throws {
        try Self.published(log: { try Self.log(at: $0, root: $1, feedback: 10) }) { site, _, _ in
            let section = try Self.section(try site.read(Self.endpointPage))
            #expect(
                section.contains("69 requests answered by <a href=\"/endpoints/penguin_species/random_forest/1.0.0/\">")
            )
            #expect(section.contains("in 1 window of seven days from 2026-11-02 (UTC)"))
            #expect(section.contains("No window crossed a threshold."))
            #expect(!section.contains("<strong>drift</strong>") && !section.contains("drift-distribution"))
            for field in ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"] {
                #expect(try Self.row(field, in: section).contains("<td>no drift</td>"), "\(field)")
            }
            #expect(try Self.row("prediction (label)", in: section).contains("<td>no drift</td>"))
            // Feedback on ten requests: the accuracy table, one window.
            #expect(section.contains("<caption>Accuracy on the requests that got feedback, per window</caption>"))
            #expect(section.contains("<tr><td>2026-11-02 to 2026-11-09</td><td>69</td><td>10</td><td>"))
            // The card of the production version has the same section, in its table of contents.
            let card = try site.read(Self.productionCard)
            #expect(card.contains("<a href=\"#monitoring\">Monitoring</a>"))
            #expect(try Self.section(card) == section)
            // Other versions' cards have none.
            let other = try site.read("public/endpoints/penguin_species/gradient_boosting/1.0.0/index.html")
            #expect(!other.contains("id=\"monitoring\""))
        }
    }

    @Test func aShiftedFieldAndANewCategoryDriftWithMonitorsFigures() throws {
        try Self.published(log: { try Self.log(at: $0, root: $1, twoWeeks: true, shift: 8, newIsland: true) }) {
            site, copy, path in
            let section = try Self.section(try site.read(Self.endpointPage))

            // What monitor computes from the same log, with its defaults.
            let state = try Registry(folder: nil, root: copy.root.path).load()
            let production = try #require(state.production(of: "penguin_species"))
            let check = try #require(
                try DriftCheck(
                    version: production, root: copy.root, log: try RequestLog(path: path, readOnly: true),
                    since: nil, windowSeconds: 7 * 86_400, options: Self.options))
            let newest = try #require(check.report.windows.last)
            #expect(check.report.windows.count == 2 && newest.drifted.starts(with: ["island", "bill_length_mm"]))
            #expect(section.contains("in 2 windows of seven days from 2026-11-02 (UTC)"))
            #expect(
                section.contains(
                    "1 of 2 windows crossed a threshold: 2026-11-09 (\(newest.drifted.joined(separator: ", ")))."))
            #expect(
                section.contains(
                    "<caption>Drift in the newest window, 2026-11-09 to 2026-11-16 (34 requests): drifting"))
            for drift in newest.fields {
                let row = try Self.row(drift.name, in: section)
                #expect(
                    row.contains(
                        "<td>\(drift.method.rawValue)</td><td>\(drift.value.map(DriftCheck.figure) ?? "n/a")</td>")
                )
                #expect(
                    row.contains(
                        drift.drifted
                            ? "<td><strong>drift</strong> (\(drift.reasons.joined(separator: ", ")))</td>"
                            : "<td>no drift</td>"), "\(row)")
                #expect(row.contains("<td>\(HTML.escape(DriftCheck.condition(drift)))</td>"))
                #expect(row.contains("<td>\(DriftCheck.share(drift.missingShare))</td>"))
                // A sparkline over both windows: a line, not a single dot.
                #expect(row.contains("<polyline"), "\(drift.name)")
            }
            let island = try Self.row("island", in: section)
            #expect(island.contains("% (Atlantis)</td>"))
            #expect(try Self.row("bill_length_mm", in: section).contains("<strong>drift</strong>"))
            // The drifting fields' distributions, side by side, with their figures as text.
            #expect(section.contains("<h3>island: reference and requests</h3>"))
            #expect(section.contains("<h3>bill_length_mm: reference and requests</h3>"))
            #expect(section.contains("Atlantis 0.0% and "))
            #expect(!section.contains("<h3>sex: reference and requests</h3>") || newest.drifted.contains("sex"))
            #expect(try Self.section(try site.read(Self.productionCard)) == section)
        }
    }

    @Test func endpointsWithNothingToCompareSaySoInOneLine() throws {
        let archive = { (copy: CopiedRepository) in
            let mass = try #require(try copy.registry.load().production(of: "penguin_body_mass"))
            try copy.registry.setStatus(mass.id, to: .archived, by: "tester")
        }
        try Self.published(log: { try Self.log(at: $0, root: $1) }, prepare: archive) { site, copy, _ in
            let state = try copy.registry.load()
            let none = try Self.section(try site.read("public/endpoints/penguin_body_mass/index.html"))
            #expect(
                none
                    == "Monitoring</h2>\n<p class=\"monitoring\">No version of penguin_body_mass is in production, "
                    + "so there are no requests to compare with a reference.</p>\n")
            let income = try #require(state.production(of: "income_classifier"))
            let quiet = try Self.section(try site.read("public/endpoints/income_classifier/index.html"))
            #expect(
                quiet
                    == "Monitoring</h2>\n<p class=\"monitoring\">The request log requests.sqlite has no requests answered by "
                    + "\(income.id.shortName), the production version, so there is nothing to compare with its reference "
                    + "yet.</p>\n")
            #expect(!quiet.contains("<table"))
        }
    }
}
