import ArgumentParser
import Basics
import Foundation
import Monitoring
import Serving
import ServingPostgres

extension ModelPress {
    struct RequestsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requests",
            abstract: "Move a request log between SQLite and PostgreSQL.",
            subcommands: [Copy.self]
        )

        struct Copy: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy every request of one log into an empty one: SQLite to PostgreSQL or back.",
                discussion: """
                    A host that served from its own SQLite log (var/requests.sqlite) and joins \
                    others on a shared PostgreSQL database brings its history along with this; \
                    the other way, it copies the shared log into one file, for a backup or a \
                    look with sqlite3. Every column is copied and ids are kept, so the feedback \
                    tokens clients hold still work; the PostgreSQL id sequence is moved past the \
                    highest copied id, so the next prediction any host logs gets a new one.

                    The destination must hold no request: a new SQLite file (created, and removed \
                    again if the copy fails), an empty one, or a PostgreSQL database that \
                    `modelpress db migrate` has set up and no host has written to yet. The copy \
                    is one transaction on the destination, 500 rows at a time (progress every \
                    10,000 on standard error): all rows or, on any failure, none. At the end the \
                    rows are counted on both sides and the copy is rolled back if they differ. \
                    Stop serving into the source first (a row logged during the copy makes the \
                    counts differ); PostgreSQL is locked against other writers while it is the \
                    destination.

                    Each log is a SQLite file's path or a PostgreSQL URI (postgresql://…, the \
                    password in ~/.pgpass, never in the URI). No repository is needed.

                    Examples:
                      modelpress db migrate --database postgresql://app@db.internal/modelpress
                      modelpress requests copy --from /srv/modelpress/var/requests.sqlite \\
                          --to postgresql://app@db.internal/modelpress
                      modelpress requests copy --from postgresql://app@db.internal/modelpress \\
                          --to /backup/requests-2026-12-03.sqlite
                    """
            )

            @Option(
                help: ArgumentHelp("The log to copy from: a SQLite file or a PostgreSQL URI.", valueName: "path-or-uri")
            )
            var from: String

            @Option(
                help: ArgumentHelp(
                    "The empty log to copy into: a SQLite file or a PostgreSQL URI.", valueName: "path-or-uri"))
            var to: String

            func run() throws {
                let source = Self.resolved(RequestStore(naming: from))
                let destination = Self.resolved(RequestStore(naming: to))
                guard source != destination else {
                    throw CommandFailure(
                        "--from and --to name the same log (\(source)); name an empty log to copy into")
                }
                let reader: any RequestLogReader
                do {
                    guard let opened = try source.openReaderIfPresent() else {
                        throw CommandFailure(
                            "there is no request log at \(source); --from names the log predict.cgi writes "
                                + "(<deployment>/var/requests.sqlite, or the PostgreSQL URI of a shared one)")
                    }
                    reader = opened
                } catch let error as ServingError {
                    throw CommandFailure(error.description)
                }
                let total: Int
                do {
                    total = try reader.requestCount()
                } catch {
                    throw CommandFailure(error.description)
                }
                let copied = try Self.copy(from: reader, total: total, to: destination)
                print("copied \(groupedDigits(copied)) requests from \(source) to \(destination) (ids kept)")
            }

            /// A SQLite log by its absolute, standardized path, so that two spellings of one file compare equal.
            static func resolved(_ store: RequestStore) -> RequestStore {
                guard case .sqlite(let path) = store else { return store }
                return .sqlite(path: URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path)
            }

            /// Copies `source`'s `total` requests into `destination`, showing progress.
            /// - Throws: `CommandFailure` saying why nothing was copied.
            static func copy(from source: any RequestLogReader, total: Int, to destination: RequestStore) throws -> Int
            {
                var shown = 0
                func progress(_ copied: Int) {
                    guard copied / 10_000 > shown / 10_000 else { return }
                    shown = copied
                    printError("copied \(groupedDigits(copied)) of \(groupedDigits(total)) requests")
                }
                switch destination {
                case .postgresql(let url):
                    do {
                        return try PostgresRequestLog(url: url).copy(from: source, progress: progress)
                    } catch {
                        throw CommandFailure(error.description)
                    }
                case .sqlite(let path):
                    let existed = FileManager.default.fileExists(atPath: path)
                    if existed {
                        // Checked read-only first: a file that is not a request log is left as it is.
                        do {
                            let count = try RequestLog(path: path, readOnly: true).requestCount()
                            guard count == 0 else {
                                throw CommandFailure(
                                    "\(path) already holds \(groupedDigits(count)) requests; copy into a new file "
                                        + "or an empty log")
                            }
                        } catch let error as ServingError {
                            throw CommandFailure(error.description)
                        }
                    }
                    do {
                        return try RequestLog(path: path).copy(from: source, progress: progress)
                    } catch {
                        if !existed {
                            for suffix in ["", "-wal", "-shm"] {
                                try? FileManager.default.removeItem(atPath: path + suffix)
                            }
                        }
                        throw CommandFailure(error.description)
                    }
                }
            }
        }
    }
}
