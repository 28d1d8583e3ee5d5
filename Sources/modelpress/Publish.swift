import ArgumentParser
import Evaluation
import Foundation
import Publisher
import Serving

extension ModelPress {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the static site into site/public/.",
            discussion: """
                Reads site/site.toml (title, description, base_url, cgi_url), renders \
                site/pages/*.md through libcmark into the theme's layout (files in \
                site/templates/ override the default templates), copies site/assets/, and \
                replaces the output folder atomically: a failed build leaves the previous site. \
                site.toml and pages/index.md are required (`modelpress new` writes starting ones \
                into a repository without them).
                """
        )

        @Option(
            name: .long,
            help: "The site folder (holds site.toml, pages/, templates/, assets/; default: the repository's site/).")
        var site: String?

        @Option(name: .long, help: "Where to write the site (default: <site>/public).")
        var out: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A predict.cgi request log (a SQLite file, e.g. var/requests.sqlite, or a PostgreSQL URI "
                    + "postgresql://…, every host's requests): the cards get requests per day, "
                    + "latency percentiles and accuracy on feedback per version, and each endpoint's page and "
                    + "production card a monitoring section.",
                discussion: """
                    The monitoring section is `modelpress monitor ENDPOINT` with its defaults (seven-day \
                    windows from the first request's day, Evidently's measures and thresholds): per input \
                    field and for the prediction the newest window's drift with a sparkline over the \
                    windows, the drifting fields' distributions beside their reference's, and accuracy \
                    or mean absolute error on feedback per window.
                    """,
                valueName: "path-or-uri"))
        var requests: String?

        @Option(
            name: .customLong("min-requests"), parsing: .unconditional,
            help: ArgumentHelp(
                "With --requests: the fewest requests a window needs to be judged for drift, as monitor's option.",
                discussion: """
                    Smaller windows show their figures and say they are too few to judge: at a few hundred \
                    requests Evidently's default Wasserstein rule flags a field by chance in most windows.
                    """))
        var minimumRequests: Int = DriftOptions.defaultMinimumRequests

        @Option(name: .long, help: "Where the site is served, replacing site.toml's base_url (CI publishing to Pages).")
        var baseURL: String?

        @Option(name: .long, help: "Where predict.cgi answers, replacing site.toml's cgi_url.")
        var cgiURL: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Also write predict.cgi's answer pages in the site's theme into this folder.",
                discussion: "A deployment's answers/ (deployment.json's `answers`); `bundle` writes its own.",
                valueName: "folder"))
        var answers: String?

        func validate() throws {
            try Monitor.validate(minimumRequests: minimumRequests)
        }

        func run() throws {
            if let requests, !RequestStore.isPostgreSQL(requests), !FileManager.default.fileExists(atPath: requests) {
                throw CommandFailure(
                    "there is no request log at \(requests); pass --requests the log predict.cgi writes "
                        + "(<deployment>/var/requests.sqlite; `make run` keeps it in var/requests.sqlite), or leave "
                        + "--requests out to publish without serving statistics and monitoring")
            }
            let siteFolder = URL(
                fileURLWithPath: try site ?? RepositoryRoot.path("site", under: RepositoryRoot.resolve(nil)))
            var publisher = Publisher(
                siteFolder: siteFolder, outputFolder: out.map { URL(fileURLWithPath: $0) }, baseURL: baseURL,
                cgiURL: cgiURL,
                requestLog: requests.map(RequestStore.init(naming:)),
                answersFolder: answers.map { URL(fileURLWithPath: $0) })
            publisher.driftOptions = DriftOptions(minimumRequests: minimumRequests)
            let summary = try publisher.publish { print($0) }
            print("published \(summary.files.count) files to \(summary.outputFolder.path)")
            if answers == nil, let root = try? RepositoryRoot.resolve(nil),
                !FileManager.default.fileExists(atPath: RepositoryRoot.path("answers", under: root))
            {
                print(
                    "note: predict.cgi's answer pages were not written, so a refused form comes back as a plain page, "
                        + "not filled in with each error beside its field; `--answers answers` writes them where "
                        + "predict.cgi serving this repository reads them (`make run` does; `bundle` writes its own)")
            }
        }
    }
}
