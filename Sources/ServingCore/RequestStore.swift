/// Where a deployment keeps its request log: a SQLite file on the host (the default), or one
/// PostgreSQL database that several serving hosts share.
///
/// The one place that decides it from what a deployment says (`Deployment`): the environment's
/// `MODELPRESS_DATABASE_URL` when set and not empty, else deployment.json's `database`; a value
/// that starts with `postgresql://` or `postgres://` names PostgreSQL (libpq's connection URI,
/// https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING: host, port, database,
/// user and parameters such as `sslmode` or, for a Unix socket folder, `host=/run/postgresql`),
/// anything else is the SQLite file's path. libpq's `key=value` form is not accepted, because it
/// cannot be told from a file name. Passwords belong in `~/.pgpass` (or the file `PGPASSFILE`
/// names) of the web server's user, never in deployment.json or the repository.
public enum RequestStore: Equatable, Sendable, CustomStringConvertible {
    /// The SQLite log at an absolute path (`var/requests.sqlite` in the deployment by default).
    case sqlite(path: String)
    /// A PostgreSQL database, by its libpq connection URI.
    case postgresql(url: String)

    /// The environment variable that names a PostgreSQL database, winning over deployment.json.
    public static let variable = "MODELPRESS_DATABASE_URL"

    /// The log `value` names as a user types it (`--requests`): a PostgreSQL connection URI, or
    /// else a SQLite file's path.
    public init(naming value: String) {
        self = Self.isPostgreSQL(value) ? .postgresql(url: value) : .sqlite(path: value)
    }

    /// Whether `value` is a PostgreSQL connection URI (and not a file name).
    public static func isPostgreSQL(_ value: String) -> Bool {
        value.hasPrefix("postgresql://") || value.hasPrefix("postgres://")
    }

    /// The store, for messages: a URI without its password (`postgresql://app:…@db/modelpress`),
    /// or the file's path.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgresql(let url): Self.redacted(url)
        }
    }

    /// `url` with the password of its user information replaced by `…`, and a `password`
    /// parameter's value likewise: messages reach logs that people share.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.firstRange(of: "://") {
            let rest = text[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
                let colon = rest[..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(rest.index(after: colon)..<at, with: "…")
            }
        }
        if let start = text.firstRange(of: "password=") {
            let end = text[start.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(start.upperBound..<end, with: "…")
        }
        return text
    }

    /// What a failed connection to the database at `url` says, libpq's `reason` kept, with what
    /// to do where the reason is a password (trial29 #14: `fe_sendauth: no password supplied`
    /// alone does not say where libpq looks for one).
    public static func connectionFailure(_ url: String, reason: String) -> String {
        var text = "cannot connect to PostgreSQL at \(redacted(url)): \(reason)"
        if reason.contains("no password supplied") || reason.contains("password authentication failed") {
            text +=
                " (libpq reads the password from the URI, PGPASSWORD, or ~/.pgpass or the file PGPASSFILE names; "
                + "see docs/deploy.md)"
        }
        return text
    }
}
