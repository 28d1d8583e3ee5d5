import ArgumentParser
import Foundation
import Serving
import ServingPostgres

extension ModelPress {
    struct DatabaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Set up the PostgreSQL database that several serving hosts share.",
            subcommands: [Migrate.self]
        )

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create or bring up to date the PostgreSQL schema of a shared request log and job queue.",
                discussion: """
                    By default each serving host keeps its request log in a SQLite file of its \
                    own (var/requests.sqlite), which needs no set-up. Hosts behind one load \
                    balancer share a PostgreSQL database instead, so that request ids are unique \
                    across them, feedback reaches the request whichever host takes it, and a \
                    batch job submitted to one host is worked by any and downloads from any. Name it \
                    in deployment.json ("database": "postgresql://HOST/DATABASE") or in the web \
                    server's MODELPRESS_DATABASE_URL, which wins; serve it with the PostgreSQL \
                    build of predict.cgi (PredictCGI-postgresql, with PredictCGI-postgresql-jobs \
                    as predict.cgi-jobs beside it; `modelpress bundle --database` ships both).

                    This command makes the database's tables. It applies, in order, the named \
                    migrations the database does not list yet in its modelpress_migration table, \
                    all in one transaction (a failure applies none), and prints what it did; run \
                    again, it changes nothing. predict.cgi never migrates: a request that finds \
                    the table missing or older is answered 503, and the server's error log says \
                    to run this. Run it once after creating the database and after every upgrade \
                    of modelpress, before the new predict.cgi serves; two hosts running it at \
                    once take turns.

                    The database is --database, else $MODELPRESS_DATABASE_URL, else the \
                    deployment's (deployment.json in --deployment or $MODELPRESS_DEPLOYMENT). A \
                    URI follows libpq's rules: postgresql://[USER@]HOST[:PORT]/DATABASE[?PARAMS], \
                    a Unix socket's folder as ?host=/run/postgresql, TLS as ?sslmode=verify-full. \
                    Keep the password out of the URI and out of the repository: libpq reads it \
                    from ~/.pgpass of the user running the command or the web server (mode 0600, \
                    lines HOST:PORT:DATABASE:USER:PASSWORD), or from the file PGPASSFILE names.

                    Examples:
                      createdb modelpress   # as a PostgreSQL user allowed to create databases
                      modelpress db migrate --database postgresql://app@db.internal/modelpress
                      MODELPRESS_DEPLOYMENT=/srv/modelpress modelpress db migrate
                      modelpress db migrate --database 'postgresql:///mp?host=/run/postgresql'
                    """
            )

            @Option(
                help: ArgumentHelp("The database's libpq URI (postgresql://…); default: see above.", valueName: "uri"))
            var database: String?

            @Option(
                help: ArgumentHelp("A deployment folder whose deployment.json names the database.", valueName: "folder")
            )
            var deployment: String?

            func validate() throws {
                if let database, !RequestStore.isPostgreSQL(database) {
                    throw ValidationError(
                        "--database must be a PostgreSQL URI (postgresql://HOST/DATABASE), not '\(RequestStore.redacted(database))'; "
                            + "a SQLite log needs no migration command: predict.cgi sets it up")
                }
            }

            func run() throws {
                let url = try databaseURL()
                let report: PostgresSchema.Report
                do {
                    report = try PostgresSchema.migrate(url: url)
                } catch {
                    throw CommandFailure(error.description)
                }
                let place = "PostgreSQL at \(RequestStore.redacted(url))"
                for name in report.applied { print("\(place): applied migration '\(name)'") }
                if report.applied.isEmpty {
                    print(
                        "\(place): up to date, \(report.alreadyApplied.count) of \(PostgresSchema.migrations.count) "
                            + "migrations applied before (\(report.alreadyApplied.joined(separator: ", ")))")
                }
                if !report.unknown.isEmpty {
                    printError(
                        "note: the database lists migrations this modelpress does not know ("
                            + report.unknown.joined(separator: ", ")
                            + "): a newer modelpress applied them; serve and migrate with that version")
                }
            }

            /// The database to migrate: --database, else the environment's or the deployment's.
            private func databaseURL() throws -> String {
                if let database { return database }
                let environment = ProcessInfo.processInfo.environment
                let folder = deployment ?? environment[Deployment.variable]
                let settings: Deployment
                do {
                    settings = try Deployment.load(
                        folder: folder ?? ".", databaseURL: environment[RequestStore.variable])
                } catch {
                    throw CommandFailure(error.description)
                }
                switch settings.requestStore {
                case .postgresql(let url): return url
                case .sqlite(let path):
                    throw CommandFailure(Self.noDatabase(folder: folder, sqlite: path))
                }
            }

            /// Why no PostgreSQL database is named, and how to name one: no such folder, no
            /// deployment.json, or one naming a SQLite log (trial25 #9: each was told the
            /// deployment "keeps its request log in SQLite", the last to name a database it names).
            static func noDatabase(folder: String?, sqlite path: String) -> String {
                let naming =
                    "pass --database postgresql://HOST/DATABASE, set \(RequestStore.variable), or name it as "
                    + "\"database\" in the deployment's deployment.json"
                guard let folder else { return "no database is named: \(naming)" }
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                    return "there is no deployment folder \(folder): check the path (--deployment or "
                        + "\(Deployment.variable)), or \(naming)"
                }
                let settings = URL(fileURLWithPath: folder).appendingPathComponent("deployment.json").path
                guard FileManager.default.fileExists(atPath: settings) else {
                    return "the deployment \(folder) has no deployment.json, so it names no database: \(naming)"
                }
                guard case .sqlite(let standard) = Deployment(root: folder).requestStore, standard != path else {
                    return "\(settings) names no database, so predict.cgi keeps its request log in SQLite (\(path)): "
                        + naming
                }
                return "\(settings) names a SQLite log as its database (\(path)), which needs no migration "
                    + "(predict.cgi sets it up); to serve from PostgreSQL, name a postgresql:// URI there, or pass --database"
            }
        }
    }
}
