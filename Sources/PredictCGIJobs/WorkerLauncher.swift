import PredictCGICore
import Serving

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts a batch worker (this same executable, `--worker`) that outlives the CGI request.
///
/// The worker gets a session of its own (so the web server's signals to the CGI's group do not
/// reach it) and /dev/null for its standard streams (so the server, which reads the CGI's
/// output until every writer has closed it, sends the 202 answer at once).
enum WorkerLauncher {
    /// Starts a worker unless the deployment leaves jobs to `modelpress worker`. A worker
    /// that finds all slots busy leaves at once; a failure to start one is not the client's:
    /// the job stays queued for the next worker.
    static func start(_ deployment: Deployment) {
        guard deployment.jobs.spawnWorkers > 0, let executable = JobsExecutable.ownPath() else { return }
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        // POSIX_SPAWN_SETSID (glibc 2.26) is 0x80; the C macro is not imported into Swift.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "--worker"]
        let environment =
            ["\(Deployment.variable)=\(deployment.root)", "PATH=/usr/bin:/bin"] + databaseEnvironment(deployment)
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        _ = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
    }

    /// What a worker needs of this process's environment to reach a PostgreSQL deployment's
    /// database: the URI (which may have come from the web server's `MODELPRESS_DATABASE_URL`),
    /// and what libpq reads besides (`HOME` for `~/.pgpass`, the `PG*` variables such as
    /// `PGPASSFILE`). Nothing for a SQLite deployment.
    static func databaseEnvironment(_ deployment: Deployment) -> [String] {
        guard case .postgresql(let url) = deployment.requestStore else { return [] }
        var variables = ["\(RequestStore.variable)=\(url)"]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if text.hasPrefix("PG") || text.hasPrefix("HOME=") { variables.append(text) }
            entry += 1
        }
        return variables
    }
}
