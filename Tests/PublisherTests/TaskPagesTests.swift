import Basics
import Foundation
import Registry
import Testing

@testable import Publisher

/// The pages that differ per task: the A/B report, the batch page and a held-out test set.
@Suite struct TaskPagesTests {
    @Test func regressionReportShowsMeanAbsoluteErrorAndWelchsTest() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let test = try copy.registry.startABTest(
            endpoint: "penguin_body_mass", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "tester")
        // B's errors are about 100 g smaller than A's.
        let a = (0..<150).map { 300.0 + Double($0 % 10) * 10 }
        let b = (0..<150).map { 200.0 + Double($0 % 10) * 10 }
        let (winner, summary) = try ABTestSummary.decide(
            test,
            tallies: [
                "A": ABArmTally(requests: 1200, withFeedback: 150, correct: 0, absoluteErrors: a),
                "B": ABArmTally(requests: 1180, withFeedback: 150, correct: 0, absoluteErrors: b),
            ], task: .regression)
        try copy.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "tester")
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let report = try site.read("public/ab-tests/penguin_body_mass/\(test.id)/index.html")
        #expect(report.contains("<th scope=\"col\">MAE (t 95% CI)</th>"))
        #expect(!report.contains("Accuracy (Wilson 95% CI)"))
        #expect(report.contains("<td>1,200</td><td>150</td><td><span class=\"estimate\">345.00 "))
        #expect(report.contains("<dt>Difference</dt><dd>MAE of B − MAE of A: <span class=\"estimate\">-100.00 "))
        #expect(report.contains("(two-sided Welch&#39;s t-test, α = 0.05; <strong>significant</strong>)"))
        #expect(report.contains("<td>B <strong>(winner)</strong></td>"))
    }

    @Test func batchPagesNameEachTasksResult() throws {
        let site = try RepositorySite()
        defer { site.site.remove() }
        #expect(
            try site.page("endpoints/income_classifier/jobs.html").contains(
                "predicted <code>income</code>, its probability and the model that answered."))
        #expect(
            try site.page("endpoints/penguin_species/jobs.html").contains(
                "predicted <code>species</code>, its probability, the probability of each class and the model"))
        #expect(
            try site.page("endpoints/penguin_body_mass/jobs.html").contains(
                "predicted <code>body_mass_g</code> (a number) and the model that answered."))
    }

    @Test func aHeldOutTestSetIsDescribedAsAShareOfTheTrainingFile() throws {
        let site = try RepositorySite()
        defer { site.site.remove() }
        let card = try site.page("endpoints/penguin_species/random_forest/1.0.0/index.html")
        #expect(
            card.contains(
                "<dt>Test data</dt><dd>held-out 20% of <code>research/data/penguins/penguins.csv</code> "
                    + "(seed 42, stratified; 69 rows)<br>SHA-256 of the file"))
        let income = try site.page("endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(income.contains("<dt>Test data</dt><dd><code>research/data/adult/adult.test</code>"))
    }

    /// Trial22 #11: an endpoint whose only served version is in staging: unpinned requests get
    /// nothing, `?status=staging` is answered, and the endpoint, form and batch pages say so.
    @Test func aStagingOnlyEndpointNamesThePinThatIsAnswered() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let registry = copy.registry
        let versions = try registry.load().versions(of: "penguin_body_mass")
        let staged = try #require(versions.first { $0.status.isServable })
        for version in versions where version.id != staged.id && version.status.isServable {
            try registry.setStatus(version.id, to: .archived, by: "tester", note: "withdrawn")
        }
        if staged.status != .staging { try registry.setStatus(staged.id, to: .staging, by: "tester") }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let pin = "<code>?status=staging</code> (\(staged.id.shortName), staging)"
        let endpoint = try site.read("public/endpoints/penguin_body_mass/index.html")
        #expect(
            endpoint.contains(
                "No version is in production and no A/B test is running, so predict.cgi answers no request that leaves "
                    + "the version to it; a request that pins a served version is answered: \(pin)."), "\(endpoint)")
        #expect(!endpoint.contains("nothing to answer"))
        #expect(try site.read("public/endpoints/penguin_body_mass/predict.html").contains(pin))
        let jobs = try site.read("public/endpoints/penguin_body_mass/jobs.html")
        #expect(jobs.contains("a job that pins a served version is scored: \(pin)"), "\(jobs)")
    }

    @Test func endpointsWithNothingToServeOfferNoForm() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let registry = copy.registry
        for version in try registry.load().versions(of: "penguin_body_mass") where version.status == .production {
            try registry.setStatus(version.id, to: .archived, by: "tester", note: "withdrawn")
        }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let endpoint = try site.read("public/endpoints/penguin_body_mass/index.html")
        #expect(endpoint.contains("No version is in production and no A/B test is running"))
        #expect(!endpoint.contains("Try a prediction"))
        let form = try site.read("public/endpoints/penguin_body_mass/predict.html")
        #expect(!form.contains("<form"))
        // Trial22 #11: what is served answers a pin, and the pages say which pin.
        let served = try registry.load().versions(of: "penguin_body_mass").filter(\.status.isServable)
        if served.isEmpty {
            #expect(endpoint.contains("No version is served"))
            #expect(form.contains("predict.cgi has nothing to answer with"))
        } else {
            #expect(!endpoint.contains("nothing to answer"), "\(endpoint)")
            #expect(endpoint.contains("so predict.cgi answers no request that leaves the version to it; a request "))
            #expect(form.contains("a request that pins a served version is answered: <code>?"), "\(form)")
        }
        #expect(!(try site.read("public/endpoints/penguin_body_mass/jobs.html")).contains("<form"))
        #expect(try site.read("public/endpoints/penguin_species/predict.html").contains("<form"))
    }
}
