// predict.cgi: answers one CGI request (RFC 3875) and exits. This is its lean path — health, a
// prediction, feedback — linked without Foundation, GRDB or swift-crypto; batch jobs, their
// worker (`--worker`) and a request log that needs setting up are answered by predict.cgi-jobs
// beside it, which this process becomes (`exec`) before reading the body (see `JobsExecutable`).
// The routes are in PredictCGICore; this file only connects them to the process: the
// environment, standard input and output, and the crash guard.
//
// Start-up is paid on every request, so nothing here runs before it is needed.
import PredictCGICore
import ServingCore

#if canImport(Glibc)
    import Glibc
#endif

// argv is read in C: `CommandLine.arguments` builds a [String] through generic code whose first
// use costs runtime type lookups, about 1% of a request.
if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--worker") == 0 {
    _ = JobsExecutable.replaceProcess()
    exit(0)
}

let startedAt = Clock.monotonicMicroseconds()
CrashGuard.install()
let request = CGIRequest(variable: StandardStreams.variable, input: StandardStreams.read)
let response: CGIResponse
switch Router.respond(to: request, startedAt: startedAt) {
case .answer(let answer): response = answer
case .elsewhere: response = JobsExecutable.replaceProcess()
}
CrashGuard.disarm()
StandardStreams.write(response.serialized)
// The server sees the end of the answer at EOF: close now rather than after the runtime's teardown.
OpenLog.closeOutputAndTidy()
