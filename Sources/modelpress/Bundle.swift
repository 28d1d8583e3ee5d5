import ArgumentParser
import Basics
import Foundation
import Models
import Publisher
import Registry
import Serving
import Snapshot

extension ModelPress {
    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained deployable folder: predict.cgi, models, site and server configs.",
            discussion: """
                The folder holds cgi-bin/predict.cgi (the release build, linked fully static: \
                `make build` in modelpress's source tree writes it to .build/cgi/release/PredictCGI; \
                from another repository name it with --cgi) and, beside it, predict.cgi-jobs, which predict.cgi runs \
                for the batch job routes (taken from beside --cgi: the file of the same name \
                followed by -jobs), the serving snapshot and only the model \
                files it serves (each with its training.json, whose missing markers batch jobs \
                read), the site published for --base-url and --cgi-url, \
                deployment.json, example configurations for lighttpd, Apache 2 (mod_cgid) and \
                nginx + fcgiwrap written for the folder living at --prefix, a Containerfile and \
                a README. Copy the folder to --prefix on the host, or build the container. The \
                site is rendered first, so a broken template stops the bundle before any file is \
                copied; a failed bundle leaves nothing behind.

                Hosts behind one load balancer share one request log in PostgreSQL: with \
                --database postgresql://…, deployment.json names it and the bundle ships \
                predict.cgi's PostgreSQL build (`scripts/build-cgi --postgresql` writes it to \
                .build/cgi-postgresql/release/PredictCGI-postgresql, linked against Debian's \
                libpq5, which the Containerfile installs); the README says what to run once \
                (`modelpress db migrate`).

                Examples:
                  make build && modelpress bundle --out dist/modelpress
                  modelpress bundle --out dist/m --cgi ~/src/modelpress/.build/cgi/release/PredictCGI
                  modelpress bundle --out dist/m --base-url https://example.org/models/ \\
                    --cgi-url https://example.org/models/predict.cgi/
                  scripts/build-cgi --postgresql && modelpress bundle --out dist/m \\
                    --database postgresql://app@db.internal/modelpress
                """
        )

        @Option(name: .long, help: "The folder to write; must not exist or be empty.")
        var out: String

        @Option(name: .long, help: "Where the site is served (a path or a full URL; default: site.toml's).")
        var baseURL: String?

        @Option(name: .long, help: "Where predict.cgi answers (a path or a full URL; default: site.toml's).")
        var cgiURL: String?

        @Option(name: .long, help: "Where the folder will live on the serving host; the configs name it.")
        var prefix: String = "/srv/modelpress"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The predict.cgi executable to ship (default: .build/cgi/release/PredictCGI, or with --database "
                    + "\(Self.postgresCGI)).", valueName: "path"))
        var cgi: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A PostgreSQL database every serving host shares as its request log (postgresql://…, no password).",
                valueName: "uri"))
        var database: String?

        static let staticCGI = ".build/cgi/release/PredictCGI"
        static let postgresCGI = ".build/cgi-postgresql/release/PredictCGI-postgresql"

        /// The executable to ship: --cgi, else the build for the deployment's store.
        var cgiPath: String { cgi ?? (database == nil ? Self.staticCGI : Self.postgresCGI) }

        /// Where predict.cgi-jobs comes from: beside the predict.cgi shipped, under its name plus
        /// -jobs (each build of predict.cgi has its own: PredictCGI-postgresql-jobs keeps batch jobs
        /// in the shared database).
        var jobsPath: String { cgiPath + "-jobs" }

        @Option(
            name: .long,
            help: "The site folder (site.toml, pages/, templates/, assets/; default: the repository's site/).")
        var site: String?

        /// The site folder: --site, else the repository's, as `publish` uses.
        private var siteFolder: URL {
            get throws { URL(fileURLWithPath: try site ?? RepositoryRoot.path("site", under: options.rootPath)) }
        }

        @OptionGroup var options: RegistryOptions

        func validate() throws {
            guard prefix.hasPrefix("/") else { throw ValidationError("--prefix must be an absolute path") }
            if let database {
                guard RequestStore.isPostgreSQL(database) else {
                    throw ValidationError(
                        "--database takes a PostgreSQL URI (postgresql://[USER@]HOST[:PORT]/DATABASE), not '\(database)'; "
                            + "without --database each host keeps its own SQLite log in var/")
                }
                guard RequestStore.redacted(database) == database else {
                    throw ValidationError(
                        "--database carries a password, which would be written into deployment.json: leave it out "
                            + "and put it in the web server user's ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD)")
                }
            }
        }

        func run() throws {
            _ = try options.rootPath  // the repository first, then the other files (RepositoryRoot)
            let fileManager = FileManager.default
            let destination = URL(fileURLWithPath: out).standardizedFileURL
            var isFolder: ObjCBool = false
            if fileManager.fileExists(atPath: destination.path, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("\(out) is a file; give a new folder")
            }
            if let existing = try? fileManager.contentsOfDirectory(atPath: destination.path), !existing.isEmpty {
                throw ValidationError("\(out) exists and is not empty; give a new folder")
            }
            let cgi = cgiPath
            let cgiURLFile = URL(fileURLWithPath: cgi)
            let build = database == nil ? "`make build`" : "`scripts/build-cgi --postgresql`"
            guard fileManager.isExecutableFile(atPath: cgiURLFile.path) else {
                throw CommandFailure(
                    "no release predict.cgi at \(cgi): \(build) in modelpress's source tree builds it "
                        + "(\(database == nil ? Self.staticCGI : Self.postgresCGI), with its -jobs executable beside "
                        + "it); run it there, or in this repository if it is modelpress's own, and name the "
                        + "file with --cgi PATH")
            }
            let jobsURLFile = URL(fileURLWithPath: jobsPath)
            guard fileManager.isExecutableFile(atPath: jobsURLFile.path) else {
                throw CommandFailure(
                    "no \(jobsURLFile.path)\(self.cgi == nil ? "" : " beside \(cgi)"): predict.cgi hands batch jobs "
                        + "to it; run \(build) first")
            }
            let cgiBytes = try Data(contentsOf: cgiURLFile)
            let jobsBytes = try Data(contentsOf: jobsURLFile)
            if cgiBytes.range(of: Data("libswiftCore.so".utf8)) != nil {
                throw CommandFailure(
                    "\(cgi) links the Swift runtime dynamically and would not start on a host without Swift: "
                        + "build it with \(build) in modelpress's source tree "
                        + "(\(database == nil ? Self.staticCGI : Self.postgresCGI)) and name it with --cgi PATH")
            }
            // The SQLite builds answer every request (and every batch job) of a PostgreSQL
            // deployment with 503.
            for (path, bytes) in [(cgi, cgiBytes), (jobsURLFile.path, jobsBytes)]
            where database != nil && bytes.range(of: Data("libpq.so".utf8)) == nil {
                throw CommandFailure(
                    "\(path) is a SQLite build, which cannot reach PostgreSQL: build the PostgreSQL "
                        + "ones with `scripts/build-cgi --postgresql` (\(Self.postgresCGI) and its -jobs beside it) and "
                        + "name predict.cgi with --cgi PATH, or leave --database out")
            }

            let registry = try options.store
            // Derived from the registry here: what is committed is what the bundle serves.
            let snapshot = try reportingRegistryErrors { try registry.servingSnapshot() }
            let snapshotBytes = snapshot.encoded()

            let layout = BundleLayout(prefix: prefix, siteConfig: try siteConfig(), sharedDatabase: database)
            // Built beside the destination and renamed into place: a failed bundle leaves nothing.
            let outURL = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
            try fileManager.createDirectory(at: outURL, withIntermediateDirectories: true)
            var finished = false
            defer { if !finished { try? fileManager.removeItem(at: outURL) } }
            let write = { (path: String, data: Data) throws in
                let file = outURL.appendingPathComponent(path)
                try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file, options: .atomic)
            }

            print("[1/5] site for \(layout.siteConfig.baseURL), posting to \(layout.siteConfig.cgiURL), and answers/")
            // First (trial24 #9): a broken template is reported at once, before any model file is
            // copied. With predict.cgi's answer pages in the same theme, where the deployment reads them.
            let root = URL(fileURLWithPath: try options.rootPath)
            let publisher = Publisher(
                siteFolder: try siteFolder, outputFolder: outURL.appendingPathComponent("site"),
                root: root, baseURL: baseURL, cgiURL: cgiURL,
                answersFolder: URL(fileURLWithPath: Deployment(root: outURL.path).answersPath))
            try publisher.publish { print("  \($0)") }

            print(
                "[2/5] predict.cgi (\(cgi), \(Train.size(cgiBytes.count, width: 0))) and its batch job routes' "
                    + "predict.cgi-jobs (\(jobsURLFile.path), \(Train.size(jobsBytes.count, width: 0)))")
            let cgiPath = "cgi-bin/\(layout.cgiName)"
            for (path, bytes) in [(cgiPath, cgiBytes), (cgiPath + "-jobs", jobsBytes)] {
                try write(path, bytes)
                try fileManager.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: outURL.appendingPathComponent(path).path)
            }

            print("[3/5] serving snapshot and the model files it serves")
            var served = Set<String>()
            for endpoint in snapshot.endpoints.values {
                for version in endpoint.versions where served.insert(version.artifact).inserted {
                    let bytes = try Data(contentsOf: root.appendingPathComponent(version.artifact))
                    guard Digest.sha256(bytes) == version.sha256 else {
                        throw CommandFailure(
                            "\(version.artifact) does not have the SHA-256 the serving snapshot records "
                                + "(\(version.sha256)); restore it with git before bundling")
                    }
                    try write(version.artifact, bytes)
                    // Beside it, the version's training record: batch jobs read its missing markers.
                    let record =
                        (version.artifact as NSString).deletingLastPathComponent + "/"
                        + RepositoryLayout.ArtifactFile.trainingRecord.rawValue
                    if let recordBytes = FileManager.default.contents(atPath: root.appendingPathComponent(record).path)
                    {
                        try write(record, recordBytes)
                    }
                }
            }
            // A request that pins no version is answered by production (or an A/B test's arms).
            for (name, endpoint) in snapshot.endpoints.sorted(by: { $0.key < $1.key })
            where endpoint.production == nil && endpoint.abTest == nil {
                let example = endpoint.versions.first.map { "\($0.model)&version=\($0.version)" } ?? "…&version=…"
                print(
                    "  note: \(name) has no version in production: every request must pin one "
                        + "(?model=\(example) or ?status=…); promote one with "
                        + "`modelpress status \(name)/MODEL@VERSION production`")
            }
            try write(BundleLayout.snapshotPath, snapshotBytes)
            try write("deployment.json", Data(layout.deploymentJSON.utf8))
            // Checked once here, so predict.cgi skips the whole-file checksum while the files stay as they are.
            do {
                // A model file without cover gets one counted from the training data here in
                // the repository, which the bundle does not carry, so the deployment can explain it.
                let cover = PreparedModel.recountingCover(root: root.path)
                for line in try PreparedModel.prepareAll(in: Deployment.load(folder: outURL.path), coverSource: cover) {
                    print("  \(line)")
                }
            } catch {
                throw ValidationError(error.description)
            }
            try fileManager.createDirectory(
                at: outURL.appendingPathComponent("var/log"), withIntermediateDirectories: true)

            print("[4/5] server configurations")
            try write("config/lighttpd.conf", Data(layout.lighttpd.utf8))
            try write("config/apache2.conf", Data(layout.apache.utf8))
            try write("config/nginx.conf", Data(layout.nginx.utf8))

            print("[5/5] Containerfile and README")
            try write("Containerfile", Data(layout.containerfile.utf8))
            try write("README.md", Data(layout.readme(artifacts: served.sorted()).utf8))
            if (try? fileManager.contentsOfDirectory(atPath: destination.path))?.isEmpty == true {
                try fileManager.removeItem(at: destination)
            }
            try fileManager.moveItem(at: outURL, to: destination)
            finished = true
            print("bundled \(served.count) model files into \(destination.path)")
        }

        /// site.toml with --base-url and --cgi-url applied.
        private func siteConfig() throws -> SiteConfig {
            let file = try siteFolder.appendingPathComponent("site.toml")
            let config = try SiteConfig(contentsOf: file)
            return SiteConfig(
                title: config.title, description: config.description, baseURL: baseURL ?? config.baseURL,
                cgiURL: cgiURL ?? config.cgiURL)
        }
    }
}
