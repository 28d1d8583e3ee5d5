// predict.cgi: answers one CGI request (RFC 3875) and exits. This is its lean path — health, a
// prediction, feedback — linked without Foundation, GRDB or swift-crypto; batch jobs, their
// worker (`--worker`) and a request log that needs setting up are answered by predict.cgi-jobs
// beside it, which this process becomes (`exec`) before reading the body (see `JobsExecutable`).
// The routes are in PredictCGICore, and so is the process around them (`CGIProcess`, shared with
// predict.cgi's PostgreSQL build); this build's request log is SQLite's, opened when it is ready.
import PredictCGICore

CGIProcess.run()
