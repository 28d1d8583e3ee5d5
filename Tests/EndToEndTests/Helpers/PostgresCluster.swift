import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL 15 cluster for one test: `initdb` into a temporary folder, the server
/// started with `pg_ctl` listening only on a Unix socket in that folder (no TCP port), trusting
/// local connections, and always stopped and removed afterwards. PostgreSQL refuses to run as
/// root, so when the tests do, its programs run as the `postgres` user (`runuser`), which owns
/// the folder.
struct PostgresCluster {
    /// Debian's PostgreSQL 15 server programs (package postgresql-15, which scripts/setup installs).
    static let binaries = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")

    /// Whether the server's programs are here; the tests that need them are skipped, saying so,
    /// when they are not.
    static var isInstalled: Bool {
        ["initdb", "pg_ctl", "psql"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent($0).path)
        }
    }

    static let missingMessage =
        "PostgreSQL 15's server is not installed (/usr/lib/postgresql/15/bin/initdb): scripts/setup installs "
        + "postgresql; these tests start a throwaway cluster with it"

    let folder: TemporaryFolder
    var data: URL { folder.url.appendingPathComponent("data") }
    /// The database the tests use, `modelpress`.
    static let database = "modelpress"

    /// The database's libpq URI: the socket's folder as `host`, the superuser the cluster was
    /// made with, trusted locally.
    var url: String { "postgresql:///\(Self.database)?host=\(folder.url.path)&user=postgres" }

    /// Makes a cluster and its `modelpress` database, runs `body` with it, and stops and removes
    /// it however `body` ends.
    static func with<T>(_ body: (PostgresCluster) throws -> T) throws -> T {
        let cluster = try PostgresCluster(folder: TemporaryFolder("modelpress-pg"))
        defer {
            try? cluster.stop()
            cluster.folder.remove()
        }
        try cluster.initialise()
        try cluster.start()
        _ = try cluster.psql("CREATE DATABASE \(database)", database: "postgres")
        return try body(cluster)
    }

    private func initialise() throws {
        if getuid() == 0 {
            let chown = try run(URL(fileURLWithPath: "/bin/chown"), ["postgres:postgres", folder.url.path])
            guard chown.status == 0 else { throw ClusterError(message: "chown: \(chown.errorOutput)") }
        }
        try server(
            "initdb",
            ["-D", data.path, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-locale"])
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let options = "-c listen_addresses='' -c unix_socket_directories='\(folder.url.path)' -c max_connections=100"
        try server(
            "pg_ctl",
            ["-D", data.path, "-l", folder.url.appendingPathComponent("server.log").path, "-o", options, "-w", "start"])
    }

    /// Stops the server (fast: open sessions are ended, as a restart does) and waits until it has.
    func stop() throws {
        try server("pg_ctl", ["-D", data.path, "-m", "fast", "-w", "stop"])
    }

    /// Runs `sql` with psql in `database` and returns its unaligned output, trimmed.
    @discardableResult
    func psql(_ sql: String, database: String = PostgresCluster.database) throws -> String {
        let result = try run(
            Self.binaries.appendingPathComponent("psql"),
            [
                "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder.url.path, "-U", "postgres", "-d", database,
                "-c", sql,
            ])
        guard result.status == 0 else { throw ClusterError(message: "psql \(sql): \(result.errorOutput)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs one of the server's programs, as `postgres` when the tests run as root, its output
    /// into a file.
    ///
    /// Not through `Process`: Foundation learns that a child ended when a socket the child
    /// inherited closes, and the server `pg_ctl start` leaves running would inherit it, so the
    /// start would never seem to end (the test hung). Here a shell closes every descriptor but
    /// the standard ones before it becomes the program, and `waitpid` waits for it.
    private func server(_ name: String, _ arguments: [String]) throws {
        let path = Self.binaries.appendingPathComponent(name).path
        let output = folder.url.appendingPathComponent("\(name).out").path
        let program = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] : [path]
        let closing = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec "$@""#
        let command = ["/bin/bash", "-c", closing, "bash"] + program + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else {
            throw ClusterError(message: "\(name) could not start: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally (no signal in the low seven bits) with status 0.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let said = (try? String(contentsOf: URL(fileURLWithPath: output), encoding: .utf8)) ?? ""
            let log = (try? String(contentsOf: folder.url.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(name) failed: \(said)\n\(log.suffix(2000))")
        }
    }

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
