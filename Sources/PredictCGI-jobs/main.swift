// predict.cgi-jobs: the routes predict.cgi does not link (batch jobs, and a request log that
// needs GRDB's set-up), answered when predict.cgi hands a request over (see `JobsExecutable`),
// and the batch worker (`JobsProcess`). This build keeps jobs in the host's SQLite files; a
// deployment whose request log is in PostgreSQL is served by PredictCGI-postgresql-jobs.
import PredictCGIJobs

JobsProcess.run()
