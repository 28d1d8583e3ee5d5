// predict.cgi-jobs for deployments whose request log is in PostgreSQL: the same routes and worker
// as predict.cgi-jobs (PredictCGI-jobs, `JobsProcess`), from the same sources, with the batch jobs'
// queue, logged rows and results in the shared database (`PostgresJobStore`) and predict.cgi's
// routes writing the log through libpq. Installed as predict.cgi-jobs beside predict.cgi's
// PostgreSQL build (which runs it as `<its own path>-jobs`); a SQLite deployment is served by it
// as by predict.cgi-jobs.
import JobsPostgres
import PredictCGIJobs
import Serving
import ServingPostgres

JobsProcess.run(
    storage: .withPostgreSQL,
    logs: .setUp(
        JobsRouter.openSQLiteLog,
        postgreSQL: { url throws(ServingError) in try PostgresRequestLog.connect(url: url) }),
    afterAnswer: {
        PostgresRequestLog.closeAll()
        PostgresJobStore.closeAll()
    })
