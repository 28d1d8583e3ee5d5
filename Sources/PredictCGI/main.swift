// predict.cgi: answers one CGI request (RFC 3875) and exits; `predict.cgi --worker` runs the
// queued batch jobs (the CGI starts it detached after accepting a job). The routes are in
// PredictCGICore; this file only connects them to the process: the environment, standard input
// and output, and the crash guard.
//
// Start-up is paid on every request, so nothing here runs before it is needed.
import PredictCGICore
import Serving

#if canImport(Glibc)
    import Glibc
#endif

// argv is read in C: `CommandLine.arguments` builds a [String] through generic code whose first
// use costs runtime type lookups, about 1% of a request.
if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--worker") == 0 {
    // Errors have nowhere to go (stdio is /dev/null): a job left RUNNING is taken again once
    // its lease expires, by the next worker.
    if let deployment = try? Deployment.fromEnvironment() {
        try? JobWorker(deployment: deployment).drainInSlot()
    }
    exit(0)
}

let startedAt = Clock.monotonicMicroseconds()
CrashGuard.install()
let request = CGIRequest(variable: StandardStreams.variable, input: StandardStreams.read)
let response = Router.respond(to: request, startedAt: startedAt)
CrashGuard.disarm()
StandardStreams.write(response.serialized)
// The server sees the end of the answer at EOF: close now rather than after the runtime's teardown.
close(STDOUT_FILENO)
OpenLog.tidy()
