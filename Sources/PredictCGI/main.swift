// predict.cgi: answers one CGI request (RFC 3875) and exits.
//
// Start-up is paid on every request, so nothing here runs before it is needed.
import Serving

#if canImport(Glibc)
    import Glibc
#endif

let startedAt = Clock.monotonicMicroseconds()
CrashGuard.install()
let response = Router.respond(to: CGIRequest.fromEnvironment(), startedAt: startedAt)
CrashGuard.disarm()
response.write()
// The server sees the end of the answer at EOF: close now rather than after the runtime's teardown.
close(STDOUT_FILENO)
