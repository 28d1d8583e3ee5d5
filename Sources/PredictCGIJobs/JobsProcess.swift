import PredictCGICore
import Serving

#if canImport(Glibc)
    import Glibc
#endif

/// predict.cgi-jobs' life as a process, the one main of both its builds (PredictCGI-jobs, for
/// SQLite deployments, and PredictCGI-postgresql-jobs): `--worker` runs the queued batch jobs
/// (a job route starts it detached after accepting a job), `--prepare` checks and stamps the
/// deployment's model files once (see `PreparedModel`), else the request in the environment is
/// answered on standard output: the job routes, and every route predict.cgi answers, the same way.
public enum JobsProcess {
    /// Runs as the arguments say and exits.
    /// - Parameters:
    ///   - storage: where this build finds a deployment's jobs (`JobStorage`).
    ///   - logs: how predict.cgi's routes get the request log in this build.
    ///   - afterAnswer: what to do once the answer has left (or the worker is done).
    public static func run(
        storage: JobStorage = .sqlite, logs: Router.LogAccess = JobsRouter.sqliteLogs,
        afterAnswer: () -> Void = {}
    ) -> Never {
        if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--worker") == 0 {
            // Errors have nowhere to go (stdio is /dev/null): a job left RUNNING is taken again
            // once its lease expires, by the next worker.
            if let deployment = try? Deployment.fromEnvironment() {
                try? JobWorker(deployment: deployment, storage: storage).drainInSlot()
            }
            afterAnswer()
            exit(0)
        }
        if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--prepare") == 0 {
            do {
                // Where the deployment is the repository (`make run`), a model file without cover
                // gets one counted from its declared training data; on a serving host there is none.
                let deployment = try Deployment.fromEnvironment()
                let cover = PreparedModel.recountingCover(root: deployment.root)
                for line in try PreparedModel.prepareAll(in: deployment, coverSource: cover) { print(line) }
                exit(0)
            } catch {
                let message = Array("predict.cgi-jobs --prepare: \(error.description)\n".utf8)
                _ = message.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                exit(1)
            }
        }
        let startedAt = Clock.monotonicMicroseconds()
        CrashGuard.install()
        let request = CGIRequest(variable: StandardStreams.variable, input: StandardStreams.read)
        let response = JobsRouter.respond(to: request, startedAt: startedAt, storage: storage, logs: logs)
        CrashGuard.disarm()
        StandardStreams.write(response.serialized)
        OpenLog.closeOutputAndTidy()
        afterAnswer()
        exit(0)
    }
}
