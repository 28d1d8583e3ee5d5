import Foundation
import Models
import Serving
import Testing

@testable import Publisher

@Suite struct ServingStatisticsPageTests {
    /// A request log with rows for random_forest@1.0.0 on two days three days apart.
    func makeLog(at path: String) throws {
        let log = try RequestLog(path: path)
        for (index, day) in ["2026-11-20", "2026-11-20", "2026-11-23"].enumerated() {
            _ = try log.append(
                LoggedRequest(
                    createdAt: "\(day)T08:00:00.000Z", endpoint: "income_classifier", model: "random_forest",
                    version: "1.0.0", abTestID: nil, abArm: nil, clientID: nil, input: "{}", label: "<=50K",
                    probability: 0.9, positiveProbability: 0.1, latencyMicroseconds: 2_000 * (index + 1), source: "api",
                    tokenSHA256: Digest.sha256(Array("t\(index)".utf8))))
        }
        _ = try log.recordFeedback(
            id: 1, token: "t0", label: "<=50K", labelValues: { _ in ["<=50K", ">50K"] }, at: "2026-11-20T09:00:00Z")
    }

    @Test func cardsShowServingStatisticsFromTheLogTheBuildIsGiven() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        let logPath = copy.root.appendingPathComponent("var/requests.sqlite").path
        try makeLog(at: logPath)
        var steps: [String] = []
        try Publisher(siteFolder: site.root, root: copy.root, requestLog: .sqlite(path: logPath))
            .publish { steps.append($0) }
        #expect(steps.contains { $0.hasSuffix("read request log") })

        let served = try site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html")
        for fact in [
            "<a href=\"#serving\">Serving statistics</a>", "<h2 id=\"serving\">Serving statistics</h2>",
            "<code>requests.sqlite</code>, 2026-11-20 to 2026-11-23 (UTC)", "<dt>Requests</dt><dd>3</dd>",
            "p50 4.00 ms, p90 6.00 ms, p99 6.00 ms, max 6.00 ms", "<dt>Feedback</dt><dd>1 of 3 requests</dd>",
            // One agreeing feedback: accuracy 1 with the Wilson interval [0.207, 1].
            "1.000 <span class=\"ci\">[0.207, 1.000]</span>", "<title id=\"chart-requests-title\">Requests per day",
            // Days without requests are shown as zero, newest first in the table.
            "<tr><td>2026-11-23</td><td>1</td><td>0</td></tr>\n<tr><td>2026-11-22</td><td>0</td><td>0</td></tr>",
            "2026-11-20 2, 2026-11-21 0, 2026-11-22 0, 2026-11-23 1",
        ] {
            #expect(served.contains(fact), "missing: \(fact)")
        }
        let unserved = try site.read("public/endpoints/income_classifier/extra_trees/1.0.0/index.html")
        #expect(unserved.contains("has no requests for this version"))
    }

    @Test func regressionCardsShowErrorsOnFeedbackNotAccuracy() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        let logPath = copy.root.appendingPathComponent("var/requests.sqlite").path
        let log = try RequestLog(path: logPath)
        // Predictions 4000, 4100, 4200 g; feedback 4050 and 4000 on the first two: errors 50 and 100.
        for (index, predicted) in [4000.0, 4100, 4200].enumerated() {
            _ = try log.append(
                LoggedRequest(
                    createdAt: "2026-11-20T08:00:0\(index).000Z", endpoint: "penguin_body_mass", model: "random_forest",
                    version: "1.0.0", abTestID: nil, abArm: nil, clientID: nil, input: "{}", label: "",
                    probability: 0, positiveProbability: 0, latencyMicroseconds: 1_000, source: "api",
                    tokenSHA256: Digest.sha256(Array("t\(index)".utf8)), value: predicted))
        }
        for (id, truth) in [(Int64(1), "4050"), (2, "4000")] {
            _ = try log.recordFeedback(
                id: id, token: "t\(id - 1)", label: truth, labelValues: { _ in [] }, at: "2026-11-20T09:00:00Z")
        }
        try Publisher(siteFolder: site.root, root: copy.root, requestLog: .sqlite(path: logPath)).publish()
        let card = try site.read("public/endpoints/penguin_body_mass/random_forest/1.0.0/index.html")
        #expect(!card.contains("Accuracy on feedback"))
        // MAE 75 with Student's t interval on 1 degree of freedom: 75 ± 12.706 · √(1250 / 2),
        // all three with the two decimals of the largest, 392.655 (`figures`).
        #expect(
            card.contains(
                "<dt>Mean absolute error on feedback</dt><dd><span class=\"estimate\">75.00 "
                    + "<span class=\"ci\">[-242.66, 392.66]</span></span>"))
        // RMSE √((50² + 100²) / 2).
        #expect(card.contains("<dt>Root mean squared error on feedback</dt><dd>79.057</dd>"))
    }

    @Test func withoutALogCardsHaveNoServingSection() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let card = try site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(!card.contains("Serving statistics"))
    }

    @Test func aMissingLogFailsTheBuildNamingTheFileAndKeepsTheOldSite() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let before = try site.read("public/index.html")
        let missing = copy.root.appendingPathComponent("var/nothing.sqlite")
        #expect {
            try Publisher(siteFolder: site.root, root: copy.root, requestLog: .sqlite(path: missing.path)).publish()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("[read request log]") && text.contains(missing.path)
        }
        #expect(try site.read("public/index.html") == before)
    }
}
