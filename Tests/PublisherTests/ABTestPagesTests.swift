import Basics
import Foundation
import Models
import Registry
import Serving
import Testing

@testable import Publisher

@Suite struct ABTestPagesTests {
    @Test func runningTestAppearsOnTheEndpointPageHistoryAndFeed() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let before = try copy.registry.load()
        let id = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            percentA: 80, title: "Boosting <vs> forest", by: "tester", note: "does boosting help?"
        ).id
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let page = try site.read("public/endpoints/income_classifier/index.html")
        #expect(page.contains("<h2 id=\"ab-tests\">A/B tests</h2>"))
        #expect(page.contains("<td>Boosting &lt;vs&gt; forest</td>"))
        #expect(
            page.contains(
                "A: <a href=\"/endpoints/income_classifier/random_forest/1.0.0/\">random_forest@1.0.0</a> 80%"))
        #expect(page.contains("<td>running</td>"))
        #expect(page.contains("gradient_boosting@1.0.0: testing → ab_testing (A/B test \(id))"))
        #expect(page.contains("<a href=\"/ab-tests/income_classifier/\(id)/\">report \(id)</a>"))
        let feed = try site.read("public/feed.xml")
        #expect(feed.components(separatedBy: "<entry>").count - 1 == before.events.count + 2)
        #expect(feed.contains("<updated>\(CopiedRepository.now)</updated>"))
        #expect(feed.contains("href=\"/ab-tests/income_classifier/\(id)/\""))
        let card = try site.read("public/endpoints/income_classifier/gradient_boosting/1.0.0/index.html")
        #expect(card.contains("status-ab_testing"))
        #expect(card.contains("<li><a href=\"#ab-tests\">A/B tests</a></li><li><a href=\"#reproducibility\">"))
        #expect(
            card.contains(
                "<li><a href=\"/ab-tests/income_classifier/\(id)/\">A/B test \(id): Boosting &lt;vs&gt; forest</a>"
                    + " — arm B, 20% of the traffic, running</li>"))
        let report = try site.read("public/ab-tests/income_classifier/\(id)/index.html")
        #expect(report.contains("<h1>A/B test \(id): Boosting &lt;vs&gt; forest</h1>"))
        #expect(report.contains("<dt>State</dt><dd>running</dd>"))
        #expect(report.contains("<dt>Split</dt><dd>A 80% / B 20% of the requests that pin no version</dd>"))
        #expect(report.contains("<dt>Why</dt><dd>does boosting help?</dd>"))
        #expect(report.contains("<code>modelpress ab show \(id)</code>"))
    }

    /// An aborted test's report says so, and not that it is still running (trial14).
    @Test func abortedTestReportSaysItEndedWithoutADecision() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let test = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "tester")
        try copy.registry.abortABTest(id: test.id, by: "tester", note: "arm B got no feedback")
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let report = try site.read("public/ab-tests/income_classifier/\(test.id)/index.html")
        #expect(report.contains("<dt>State</dt><dd>aborted without a decision</dd>"), "\(report)")
        #expect(report.contains("<p>The test was aborted without a decision: nothing was promoted"))
        #expect(!report.contains("The test is running"))
    }

    /// Trial24 #6: an aborted test recorded no numbers, but with `--requests` its page shows the
    /// request log's counts and accuracies, as `ab show` does, saying they are not a decision.
    @Test func abortedTestReportShowsTheRequestLogsCountsWhenGivenTheLog() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let test = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "tester")
        try copy.registry.abortABTest(id: test.id, by: "tester", note: "B looked worse")
        let logPath = copy.root.appendingPathComponent("var/requests.sqlite").path
        try FileManager.default.createDirectory(
            at: copy.root.appendingPathComponent("var"), withIntermediateDirectories: true)
        let log = try RequestLog(path: logPath)
        // A: 3 served, feedback on 2, 1 right; B: 4 served, feedback on 3, 3 right.
        let rows: [(arm: String, model: String, feedback: String?)] = [
            ("A", "random_forest", ">50K"), ("A", "random_forest", "<=50K"), ("A", "random_forest", nil),
            ("B", "gradient_boosting", ">50K"), ("B", "gradient_boosting", ">50K"),
            ("B", "gradient_boosting", ">50K"), ("B", "gradient_boosting", nil),
        ]
        for (index, row) in rows.enumerated() {
            _ = try log.append(
                LoggedRequest(
                    createdAt: "2099-01-01T00:00:0\(index).000Z", endpoint: "income_classifier", model: row.model,
                    version: "1.0.0", abTestID: test.id, abArm: row.arm, clientID: nil, input: "{}", label: ">50K",
                    probability: 0.9, positiveProbability: 0.9, latencyMicroseconds: 100, source: "api",
                    tokenSHA256: Digest.sha256(Array("t\(index)".utf8))))
            if let truth = row.feedback {
                _ = try log.recordFeedback(
                    id: Int64(index + 1), token: "t\(index)", label: truth, labelValues: { _ in ["<=50K", ">50K"] },
                    at: "2099-01-01T01:00:00Z")
            }
        }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root, requestLog: .sqlite(path: logPath)).publish()
        let report = try site.read("public/ab-tests/income_classifier/\(test.id)/index.html")
        #expect(report.contains("<dt>State</dt><dd>aborted without a decision</dd>"), "\(report)")
        #expect(report.contains("</td><td>3</td><td>2</td><td>1</td><td>"), "\(report)")
        #expect(report.contains("</td><td>4</td><td>3</td><td>3</td><td>"), "\(report)")
        #expect(report.contains("<span class=\"estimate\">0.500 "), "\(report)")  // A: 1 of 2
        #expect(
            report.contains(
                "the request log's (<code>requests.sqlite</code>) when the site was published, not a decision"))
        #expect(!report.contains("no numbers were recorded"))
        #expect(!report.contains("<dt>Decision</dt>"))

        // Without the log, the page says there are no numbers, and where to get them.
        let bare = try SiteFixture()
        defer { bare.remove() }
        try Publisher(siteFolder: bare.root, root: copy.root).publish()
        let without = try bare.read("public/ab-tests/income_classifier/\(test.id)/index.html")
        #expect(without.contains("no numbers were recorded") && without.contains("<code>--requests</code>"))
        #expect(without.contains("<td>—</td><td>—</td>"))
    }

    /// Starts an A/B test of income_classifier's random forest (A) against its boosting (B),
    /// stops it with `tallies` decided as `ab stop` decides, and publishes the site.
    /// - Returns: the test's report page, the summary and the site (remove it when done).
    func stopped(
        _ tallies: [String: ABArmTally], in copy: CopiedRepository
    ) throws -> (
        report: String, summary: ABTestSummary, id: Int, site: SiteFixture
    ) {
        let test = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "tester")
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies)
        try copy.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "tester")
        let site = try SiteFixture()
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        return (try site.read("public/ab-tests/income_classifier/\(test.id)/index.html"), summary, test.id, site)
    }

    @Test func stoppedTestReportShowsTheNumbersAndTheDecision() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let (report, summary, id, site) = try stopped(
            [
                "A": ABArmTally(requests: 1010, withFeedback: 1000, correct: 700),
                "B": ABArmTally(requests: 990, withFeedback: 980, correct: 790),
            ], in: copy)
        defer { site.remove() }
        #expect(report.contains("<dt>State</dt><dd>stopped: arm B won</dd>"))
        #expect(report.contains("<td>B <strong>(winner)</strong></td>"))
        #expect(
            report.contains(
                "<td>1,010</td><td>1,000</td><td>700</td><td><span class=\"estimate\">0.700 "
                    + "<span class=\"ci\">[0.671, 0.728]</span></span></td>"))
        #expect(report.contains("<td>990</td><td>980</td><td>790</td>"))
        #expect(
            report.contains("<dt>Decision</dt><dd>\(summary.decision.replacingOccurrences(of: "<", with: "&lt;"))</dd>")
        )
        #expect(report.contains("(two-sided two-proportion z-test, α = 0.05; <strong>significant</strong>)"))
        #expect(report.contains("A/B test \(id) stopped: arm B won"))
        let rf = try site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(rf.contains("— arm A, 50% of the traffic, lost</li>"))
    }

    /// Trial22 #8: a forced stop (no significant difference) is not called a win on the A/B
    /// page, the endpoint page's table, the arms' cards or the timelines; the production
    /// version it displaced is archived with a note that still ends in the test's id, so the
    /// A/B page's timeline lists that archive.
    @Test func aForcedPromotionIsNotCalledAWinOnTheSite() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let state = try copy.registry.load()
        let production = try #require(state.production(of: "income_classifier")).id
        let arms = state.versions(of: "income_classifier").filter { $0.status == .testing || $0.status == .staging }
            .map(\.id)
        try #require(arms.count >= 2)
        let test = try copy.registry.startABTest(
            endpoint: "income_classifier", a: arms[0], b: arms[1], title: "forced", by: "tester")
        let (winner, summary) = try ABTestSummary.decide(
            test,
            tallies: [
                "A": ABArmTally(requests: 500, withFeedback: 500, correct: 430),
                "B": ABArmTally(requests: 500, withFeedback: 500, correct: 440),
            ], force: true)
        #expect(winner == "B" && summary.forced)
        try copy.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "tester")
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let promoted = "arm B promoted by --force (no significant difference)"
        let report = try site.read("public/ab-tests/income_classifier/\(test.id)/index.html")
        #expect(report.contains("<dt>State</dt><dd>stopped: \(promoted)</dd>"), "\(report)")
        #expect(report.contains("<td>B <strong>(promoted by --force)</strong></td>"))
        #expect(report.contains("A/B test \(test.id) stopped: \(promoted)"))
        #expect(
            report.contains(
                "archived automatically: \(arms[1].shortName) promoted by --force (no significant difference) in A/B "
                    + "test \(test.id)"), "\(report)")
        #expect(report.contains(production.shortName))
        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        #expect(endpoint.contains("<td>\(promoted)</td>"), "\(endpoint)")
        let winnerCard = try site.read("public/\(SitePaths.card(arms[1]))index.html")
        #expect(
            winnerCard.contains("— arm B, 50% of the traffic, promoted by --force (no significant difference)</li>"))
        #expect(winnerCard.contains("promoted by --force (no significant difference) in A/B test \(test.id)"))
        let loserCard = try site.read("public/\(SitePaths.card(arms[0]))index.html")
        #expect(
            loserCard.contains(
                "— arm A, 50% of the traffic, not promoted: the other arm was promoted by --force (no significant "
                    + "difference)</li>"))
        for page in [report, endpoint, winnerCard, loserCard] {
            #expect(!page.contains("(winner)") && !page.contains(" won") && !page.contains("lost A/B"))
        }
    }

    /// Trial22 #10: a binary test's page shows each arm's positives, majority-class baseline,
    /// recall and precision, and the warning that accuracy is dominated by the majority class.
    @Test func anImbalancedTestShowsItsClassesAndWarns() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        func outcomes(_ tn: Int, _ fp: Int, _ fn: Int, _ tp: Int) -> [ABArmTally.Outcome] {
            [
                .init(truth: "<=50K", predicted: "<=50K", count: tn),
                .init(truth: "<=50K", predicted: ">50K", count: fp),
                .init(truth: ">50K", predicted: "<=50K", count: fn), .init(truth: ">50K", predicted: ">50K", count: tp),
            ]
        }
        let test = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "rare", by: "tester")
        let (winner, summary) = try ABTestSummary.decide(
            test,
            tallies: [
                "A": ABArmTally(requests: 506, withFeedback: 506, correct: 502, outcomes: outcomes(498, 1, 3, 4)),
                "B": ABArmTally(requests: 494, withFeedback: 494, correct: 489, outcomes: outcomes(484, 2, 3, 5)),
            ], labels: ["<=50K", ">50K"])
        try copy.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "tester")
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let report = try site.read("public/ab-tests/income_classifier/\(test.id)/index.html")
        #expect(report.contains("<h3 id=\"classes\">Feedback by class</h3>"), "\(report)")
        #expect(
            report.contains(
                "<tr><td>A</td><td>7 of 506</td><td>&lt;=50K: <span class=\"estimate\">0.986 <span class=\"ci\">["),
            "\(report)")
        #expect(report.contains("(4 of 7)</td>") && report.contains("(5 of 7)</td>"))
        #expect(
            report.contains(
                "<p><strong>Warning:</strong> accuracy is dominated by the majority class: 7 and 8 positives (&gt;50K) "
                    + "per arm among the feedback; always answering &lt;=50K scores 0.986 and 0.984, so compare recall "
                    + "and precision.</p>"))
        // The shipped test 1 was stored without class counts: no table.
        #expect(!(try site.read("public/ab-tests/income_classifier/1/index.html")).contains("Feedback by class"))
    }

    /// A difference far beyond what the test could detect reads as no measurable difference,
    /// its count grouped (trial21 #9), in the decision and the minimum-sample line alike; the
    /// shipped test 1 (stored with the old wording) gets the line from its stored count.
    @Test func aHopelesslySmallDifferenceIsCalledNotMeasurable() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let (report, summary, _, site) = try stopped(
            [
                "A": ABArmTally(requests: 7635, withFeedback: 7635, correct: 6598),
                "B": ABArmTally(requests: 7425, withFeedback: 7425, correct: 6417),
            ], in: copy)
        defer { site.remove() }
        let detection = try #require(summary.detection)
        #expect(detection.hasPrefix("the arms do not differ measurably (detecting a difference this small with 80% "))
        #expect(detection.contains(" over 1,000 times the 7,425 collected)"))
        #expect(summary.decision.hasSuffix("; " + detection))
        #expect(
            report.contains("<dt>Decision</dt><dd>\(summary.decision.replacingOccurrences(of: "<", with: "&lt;"))</dd>")
        )
        #expect(
            report.contains(
                "<dt>Minimum sample</dt><dd>100 predictions with feedback per arm before a winner is named; "
                    + detection + "</dd>"))
        let shipped = try site.read("public/ab-tests/income_classifier/1/index.html")
        #expect(
            shipped.contains(
                "before a winner is named; the arms do not differ measurably (detecting a difference this small with "
                    + "80% power needs about 445,594,617 predictions with feedback per arm, over 1,000 times the 7,425 "
                    + "collected)</dd>"))
    }

    /// A p below alpha on too little feedback is not called "not significant" bare (trial20 #11):
    /// the page words it as `ab show` does.
    @Test func aPBelowAlphaOnTooLittleFeedbackSaysWhyItIsNotJudged() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let (report, summary, _, site) = try stopped(
            [
                "A": ABArmTally(requests: 80, withFeedback: 80, correct: 48),
                "B": ABArmTally(requests: 70, withFeedback: 70, correct: 53),
            ], in: copy)
        defer { site.remove() }
        #expect(try #require(summary.pValue) < 0.05)
        #expect(!summary.significant)
        let verdict = try #require(
            report.components(separatedBy: "<dt>p-value</dt>").dropFirst().first?.prefix { $0 != "\n" })
        #expect(verdict.contains("; below alpha, but not judged before "), "\(verdict)")
        #expect(verdict.contains(" predictions with feedback per arm)</dd>"), "\(verdict)")
        #expect(!verdict.contains("not significant"))
    }
}
