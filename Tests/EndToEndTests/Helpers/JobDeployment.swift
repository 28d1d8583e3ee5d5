import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A deployment of its own for batch job tests: the fixture's registry and artifacts linked in,
/// a `deployment.json` with the test's job settings, its own queue, log and results.
struct JobDeployment {
    let folder: TemporaryFolder
    var root: URL { folder.url }
    /// The predict.cgi `request` runs (its -jobs executable beside it answers the job routes).
    var cgi = Executables.predictCGI

    init(settings: String = "{}") throws {
        let fixture = try DeploymentFixture.url()
        folder = try TemporaryFolder("modelpress-jobs")
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("research"), withDestinationURL: fixture.appendingPathComponent("research"))
        try Data(settings.utf8).write(to: root.appendingPathComponent("deployment.json"))
    }

    func remove() { folder.remove() }

    /// The first `count` rows of adult.test (the repository's copy) as a job's CSV, with the
    /// file's `?` gaps kept.
    static func adultCSV(rows count: Int) throws -> String {
        let text = try String(
            contentsOf: Executables.repositoryRoot.appendingPathComponent("research/data/adult/adult.test"),
            encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.split(separator: ",").count == 15 }
        let header =
            "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
            + "capital-gain,capital-loss,hours-per-week,native-country"
        let rows = lines.prefix(count).map { line in
            line.split(separator: ",").prefix(14).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// predict.cgi answering one request for this deployment.
    func request(
        _ method: String, _ path: String, query: String = "", body: String = "", contentType: String? = "text/csv",
        accept: String? = nil
    ) throws -> (status: Int, head: String, body: String) {
        var environment = [
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "/cgi-bin/predict.cgi",
            "MODELPRESS_DEPLOYMENT": root.path,
        ]
        if let contentType, !body.isEmpty { environment["CONTENT_TYPE"] = contentType }
        if !body.isEmpty { environment["CONTENT_LENGTH"] = "\(body.utf8.count)" }
        if let accept { environment["HTTP_ACCEPT"] = accept }
        let result = try run(cgi, environment: environment, input: Data(body.utf8))
        let parts = result.output.components(separatedBy: "\r\n\r\n")
        let code = Int(parts[0].dropFirst("Status: ".count).prefix(3)) ?? 0
        return (code, parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Submits `csv` and returns the task id.
    func submit(_ csv: String, query: String = "") throws -> String {
        let answer = try request("POST", "/income_classifier/jobs", query: query, body: csv)
        try #require(answer.status == 202, "submission refused: \(answer.body)")
        return try #require(try parseJSON(answer.body)["task_id"] as? String)
    }

    /// One value of a query on a database of this deployment (`var/jobs.sqlite` or `var/requests.sqlite`).
    func sql(_ database: String, _ query: String) throws -> String {
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/sqlite3"), [root.appendingPathComponent("var/\(database)").path, query])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls `GET /jobs/{id}` until the job has ended or `seconds` have passed.
    func waitForEnd(_ id: String, seconds: Double = 45) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let answer = try request("GET", "/jobs/\(id)")
            let status = try parseJSON(answer.body)
            let state = status["status"] as? String
            if state == "SUCCESS" || state == "FAILURE" || Date() > deadline { return status }
            usleep(100_000)
        }
    }

    /// `modelpress worker` for this deployment, started and not waited for.
    func startWorker(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = Executables.modelpress
        process.arguments = ["worker", "--deployment", root.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    /// Starts a worker that rests `pause` seconds after each chunk, kills it with SIGKILL once
    /// it has done part of job `id`, and returns how many rows it had done.
    /// - Parameter rowsDone: reads the job's `rows_done` (default: from `var/jobs.sqlite`).
    func killWorkerMidJob(_ id: String, pause: Double, rowsDone: ((String) throws -> String)? = nil) throws -> Int {
        let (worker, _) = try startWorker(["--pause-between-chunks", "\(pause)"])
        let deadline = Date().addingTimeInterval(30)
        var done = 0
        let query = "select rows_done from job where id = '\(id)'"
        while Date() < deadline && done == 0 {
            usleep(20_000)
            done = Int(try rowsDone?(query) ?? sql("jobs.sqlite", query)) ?? 0
        }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        return done
    }

    /// `modelpress worker … --once`, run to its end; returns its output.
    func runWorkerOnce(_ arguments: [String] = []) throws -> String {
        let result = try run(Executables.modelpress, ["worker", "--deployment", root.path, "--once"] + arguments)
        try #require(result.status == 0, "worker failed: \(result.errorOutput)")
        return result.output
    }
}

func parseJSON(_ text: String) throws -> [String: Any] {
    try #require(
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
}

/// The rows of a result CSV (without the header), split into fields; the tests' values hold no commas.
func csvRows(_ text: String) -> (header: [String], rows: [[String]]) {
    let lines = text.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    return (lines.first ?? [], Array(lines.dropFirst()))
}
