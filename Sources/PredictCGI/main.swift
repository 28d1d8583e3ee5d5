// predict.cgi: answers one CGI request (RFC 3875) and exits.
//
// Start-up is paid on every request, so nothing here runs before it is needed.

let request = CGIRequest.fromEnvironment()
let response = Router.respond(to: request)
response.write()
