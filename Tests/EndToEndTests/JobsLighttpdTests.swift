import Foundation
import Testing

/// Batch jobs through a real lighttpd: predict.cgi accepts the upload, starts a detached worker,
/// and the client polls and downloads, as a user's script would.
@Suite(.serialized) struct JobsLighttpdTests {
    @Test func submitPollAndDownloadWithEveryRowLogged() throws {
        let deployment = try JobDeployment()
        defer { deployment.remove() }
        let site = deployment.root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><title>x</title>".utf8).write(to: site.appendingPathComponent("index.html"))
        let csv = try JobDeployment.adultCSV(rows: 300)

        try LighttpdServer.with(
            site: site, cgi: Executables.predictCGI, state: deployment.root, deployment: deployment.root
        ) { server in
            let started = Date()
            let submitted = try server.post(
                "/cgi-bin/predict.cgi/income_classifier/jobs", body: csv, contentType: "text/csv")
            #expect(submitted.status == 202, "\(submitted.body)")
            // Answered at once: the worker runs detached, not inside the request.
            #expect(Date().timeIntervalSince(started) < 5)
            let answer = try parseJSON(submitted.body)
            let id = try #require(answer["task_id"] as? String)
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
            #expect(answer["status"] as? String == "PENDING")
            let links = try #require(answer["links"] as? [String: String])
            #expect(links["status"] == "/cgi-bin/predict.cgi/jobs/\(id)")
            #expect(submitted.header("Location") == "/cgi-bin/predict.cgi/jobs/\(id)")
            let result = "/cgi-bin/predict.cgi/jobs/\(id)/result"
            let resultLinks = [
                "result": result, "result_csv": result + "?format=csv", "result_json": result + "?format=json",
            ]
            #expect(links.filter { $0.key != "status" } == resultLinks)
            // Asked for too early, the result names the address to poll as the links give it.
            let early = try server.get(result)
            if early.status == 409 {
                #expect(early.body.contains("poll GET /cgi-bin/predict.cgi/jobs/\(id) until"), "\(early.body)")
            }

            var status: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(45)
            while Date() < deadline {
                status = try parseJSON(try server.get("/cgi-bin/predict.cgi/jobs/\(id)").body)
                if status["status"] as? String == "SUCCESS" || status["status"] as? String == "FAILURE" { break }
                usleep(100_000)
            }
            #expect(status["status"] as? String == "SUCCESS", "\(status)")
            // The status hands out the same links as the submission did.
            #expect(status["links"] as? [String: String] == links)
            let progress = try #require(status["progress"] as? [String: Int])
            #expect(progress["rows_done"] == 300 && progress["rows_total"] == 300)
            let times = try #require(status["timestamps"] as? [String: Any])
            for key in ["submitted_at", "started_at", "finished_at"] { #expect(times[key] is String, "\(key)") }

            let csvResult = try server.get("/cgi-bin/predict.cgi/jobs/\(id)/result?format=csv")
            #expect(csvResult.status == 200)
            #expect(csvResult.header("Content-Type") == "text/csv; charset=utf-8")
            let (header, rows) = csvRows(csvResult.body)
            #expect(header.first == "row" && header.contains("label") && header.contains("request_id"))
            #expect(rows.count == 300)
            let label = try #require(header.firstIndex(of: "label"))
            let requestID = try #require(header.firstIndex(of: "request_id"))
            #expect(rows.map { Int($0[0]) } == Array(1...300))
            #expect(rows.allSatisfy { $0[label] == "<=50K" || $0[label] == ">50K" })
            #expect(Set(rows.map { $0[label] }).count == 2, "300 Adult rows all got the same label")

            // Rows through the single-prediction route get the same answers, to the last digit.
            let probability = try #require(header.firstIndex(of: "probability"))
            for row in rows.prefix(3) {
                var record: [String: Any] = [:]
                for (name, value) in zip(header[1..<15], row[1..<15]) {
                    record[name] = Double(value).map { $0 as Any } ?? value
                }
                let single = try server.post(
                    "/cgi-bin/predict.cgi/income_classifier/predict",
                    body: String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
                ).body
                #expect(try parseJSON(single)["label"] as? String == row[label])
                // Compared as text: Foundation's JSON parser may round the last digit.
                #expect(single.contains("\"probability\":\(row[probability]),"), "\(single) vs \(row[probability])")
            }

            let asJSON = try server.get("/cgi-bin/predict.cgi/jobs/\(id)/result?format=json")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(asJSON.body.utf8)) as? [[String: Any]])
            #expect(items.count == 300)
            #expect(items.map { $0["label"] as? String } == rows.map { $0[label] })

            // A batch row takes feedback like a single prediction, with the token the result gave.
            let token = try #require(header.firstIndex(of: "feedback_token"))
            let feedback = try server.post(
                "/cgi-bin/predict.cgi/requests/\(rows[0][requestID])/feedback",
                body: #"{"feedback":"<=50K","token":"\#(rows[0][token])"}"#)
            #expect(feedback.status == 200, "\(feedback.body)")

            // Every row is in the request log with the job's source, under the ids the result gives.
            let logged = try deployment.sql(
                "requests.sqlite",
                "select group_concat(id) from (select id from request where source = 'job:\(id)' order by id)")
            #expect(logged == rows.map { $0[requestID] }.joined(separator: ","))
        }
    }

    @Test func browserFormUploadGetsHTMLWithAStatusLink() throws {
        let deployment = try JobDeployment()
        defer { deployment.remove() }
        let site = deployment.root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><title>x</title>".utf8).write(to: site.appendingPathComponent("index.html"))
        let file = deployment.root.appendingPathComponent("upload.csv")
        try Data(try JobDeployment.adultCSV(rows: 20).utf8).write(to: file)
        try LighttpdServer.with(
            site: site, cgi: Executables.predictCGI, state: deployment.root, deployment: deployment.root
        ) { server in
            // curl -F sends multipart/form-data exactly as a browser's file form does.
            let upload = try run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                [
                    "--silent", "--include", "--max-time", "10", "-H", "Accept: text/html", "-F", "file=@\(file.path)",
                    server.baseURL + "/cgi-bin/predict.cgi/income_classifier/jobs",
                ])
            #expect(upload.output.hasPrefix("HTTP/1.1 202"), "\(upload.output)")
            #expect(upload.output.contains("Content-Type: text/html; charset=utf-8"))
            #expect(upload.output.contains("20 rows for <strong>income_classifier</strong> are queued"))
            let link = try #require(
                upload.output.range(of: #"/cgi-bin/predict.cgi/jobs/[0-9a-f]{32}"#, options: .regularExpression))
            let id = String(upload.output[link].suffix(32))
            #expect(try deployment.waitForEnd(id)["status"] as? String == "SUCCESS")
            let page = try run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                ["--silent", "-H", "Accept: text/html", server.baseURL + String(upload.output[link])])
            #expect(page.output.contains("href=\"/cgi-bin/predict.cgi/jobs/\(id)/result?format=csv\""))
        }
    }
}
