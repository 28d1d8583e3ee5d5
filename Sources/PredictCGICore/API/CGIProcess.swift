import ServingCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// predict.cgi's life as a process, the one main of both builds (PredictCGI, whose request log
/// is SQLite, and PredictCGI-postgresql): `--worker` handed to the jobs executable, else the
/// request in the environment answered on standard output under the crash guard, standard
/// output closed, and the log tidied after the answer has left.
///
/// Start-up is paid on every request, so nothing here runs before it is needed.
public enum CGIProcess {
    /// Answers one CGI request (RFC 3875) and exits.
    /// - Parameters:
    ///   - logs: how the routes get the request log (`Router.LogAccess`).
    ///   - afterAnswer: what to do once the answer has left, before the process exits.
    public static func run(logs: Router.LogAccess = .readyOnly, afterAnswer: () -> Void = {}) -> Never {
        // argv is read in C: `CommandLine.arguments` builds a [String] through generic code whose
        // first use costs runtime type lookups, about 1% of a request.
        if CommandLine.argc > 1, let first = CommandLine.unsafeArgv[1], strcmp(first, "--worker") == 0 {
            _ = JobsExecutable.replaceProcess()
            exit(0)
        }
        let startedAt = Clock.monotonicMicroseconds()
        CrashGuard.install()
        let request = CGIRequest(variable: StandardStreams.variable, input: StandardStreams.read)
        let response: CGIResponse
        switch Router.respond(to: request, startedAt: startedAt, logs: logs) {
        case .answer(let answer): response = answer
        case .elsewhere: response = JobsExecutable.replaceProcess()
        }
        CrashGuard.disarm()
        StandardStreams.write(response.serialized)
        // The server sees the end of the answer at EOF: close now rather than after the runtime's teardown.
        OpenLog.closeOutputAndTidy()
        afterAnswer()
        exit(0)
    }
}
