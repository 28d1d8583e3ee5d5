// predict.cgi-jobs: the routes predict.cgi does not link (batch jobs, and a request log that
// needs GRDB's set-up), answered when predict.cgi hands a request over (see `JobsExecutable`);
// `--worker` runs the queued batch jobs (a job route starts it detached after accepting a job);
// `--prepare` checks and stamps the deployment's model files once (see `PreparedModel`).
// Everything predict.cgi answers, this answers the same way.
import PredictCGICore
import PredictCGIJobs
import Serving

#if canImport(Glibc)
    import Glibc
#endif

if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--worker") == 0 {
    // Errors have nowhere to go (stdio is /dev/null): a job left RUNNING is taken again once
    // its lease expires, by the next worker.
    if let deployment = try? Deployment.fromEnvironment() {
        try? JobWorker(deployment: deployment).drainInSlot()
    }
    exit(0)
}

if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--prepare") == 0 {
    do {
        // Where the deployment is the repository (`make run`), a model file without cover gets
        // one counted from its declared training data; on a serving host there is none to read.
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
let response = JobsRouter.respond(to: request, startedAt: startedAt)
CrashGuard.disarm()
StandardStreams.write(response.serialized)
OpenLog.closeOutputAndTidy()
