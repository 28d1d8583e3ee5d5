// predict.cgi: answers one CGI request (RFC 3875) and exits.
//
// Start-up is paid on every request, so nothing here runs before it is needed.
import Serving

let startedAt = Clock.monotonicMicroseconds()
CrashGuard.install()
let response = Router.respond(to: CGIRequest.fromEnvironment(), startedAt: startedAt)
CrashGuard.disarm()
response.write()
