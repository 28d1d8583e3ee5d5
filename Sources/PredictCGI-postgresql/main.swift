// predict.cgi for deployments whose request log is in PostgreSQL (`RequestStore`): the same
// process and routes as predict.cgi (PredictCGI, `CGIProcess`), from the same sources, with the
// request log's rows written through libpq (`PostgresRequestLog`). Debian's libpq cannot be linked
// fully static, so this build links it dynamically and is the one predict.cgi that does; a
// deployment with a SQLite log is served by it as by predict.cgi.
import PredictCGICore
import ServingCore
import ServingPostgres

CGIProcess.run(
    logs: .postgreSQL { url throws(ServingError) in try PostgresRequestLog.connect(url: url) },
    // The server ends the session now rather than noticing a vanished client.
    afterAnswer: PostgresRequestLog.closeAll)
