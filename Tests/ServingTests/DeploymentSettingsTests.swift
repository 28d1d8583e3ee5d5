import Foundation
import Serving
import Testing

/// deployment.json, read on every request with the JSON reader.
@Suite struct DeploymentSettingsTests {
    func load(_ json: String) throws -> Deployment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(json.utf8).write(to: folder.appendingPathComponent("deployment.json"))
        return try Deployment.load(folder: folder.path)
    }

    @Test func everyKeyIsReadAndUnknownKeysAreIgnored() throws {
        let deployment = try load(
            """
            {"snapshot": "snap.json", "database": "/srv/log.sqlite", "max_body_bytes": 2048,
             "jobs_database": "jobs.sqlite", "jobs_results": "/srv/results", "max_job_body_bytes": 4096,
             "max_job_rows": 7, "job_retention_seconds": 60, "job_lease_seconds": 1.5, "job_chunk_rows": 3,
             "spawn_workers": 0, "cgi_url": "/models/predict.cgi", "comment": {"any": ["thing"]}}
            """)
        #expect(deployment.cgiURL == "/models/predict.cgi")
        #expect(deployment.snapshotPath.hasSuffix("/snap.json"))
        #expect(deployment.databasePath == "/srv/log.sqlite")
        #expect(deployment.maxBodyBytes == 2048)
        #expect(deployment.jobs.databasePath.hasSuffix("/jobs.sqlite"))
        #expect(deployment.jobs.resultsPath == "/srv/results")
        #expect(deployment.jobs.maxBodyBytes == 4096 && deployment.jobs.maxRows == 7)
        #expect(
            deployment.jobs.leaseSeconds == 1.5 && deployment.jobs.chunkRows == 3 && deployment.jobs.spawnWorkers == 0)
        let nulls = try load(#"{"database": null, "max_body_bytes": null}"#)
        #expect(nulls.databasePath.hasSuffix("/var/requests.sqlite") && nulls.maxBodyBytes == 65536)
        #expect(nulls.cgiURL == nil)
        let saved = try load("\u{FEFF}{\"max_body_bytes\": 4096}\r\n")
        #expect(saved.maxBodyBytes == 4096, "a byte order mark and CRLF, as Windows editors save")
    }

    @Test(arguments: [
        (#"{"max_body_bytes": "big"}"#, "line 1, column 20: expected a number"),
        (#"{"database": 5}"#, "line 1, column 14: expected a string"),
        ("{", "line 1, column 2: expected a key in quotes, found the end of the text"),
        ("[]", "line 1, column 1: expected an object"),
        (#"{"max_body_bytes": 1.5}"#, "line 1, column 20: expected an integer that fits in 64 bits"),
    ])
    func aDamagedFileIs503SayingWhere(json: String, why: String) throws {
        let error = try #require(throws: ServingError.self) { try load(json) }
        #expect(error.description.hasPrefix("predict.cgi is misconfigured: "))
        #expect(error.detail?.hasSuffix("/deployment.json is not valid JSON settings (\(why))") == true)
        // The answer says what is wrong, not where the server keeps its files.
        #expect(!error.json.contains("deployment.json"))
    }
}
