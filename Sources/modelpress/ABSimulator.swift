import Foundation
import Models

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Replays labelled rows through predict.cgi over HTTP, as clients would: one prediction per
/// row, then the row's true label posted as feedback with the token the prediction returned.
final class ABSimulator: @unchecked Sendable {
    /// One row to send: the JSON body of the prediction and the true label.
    struct Row: Sendable {
        var line: Int
        var body: Data
        var label: String
    }

    /// Something that stops the run, with the row it happened on.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let base: String
    let endpoint: String
    let testID: Int
    let session: URLSession
    // Guarded by `lock`: the next row to send, counts, and the first failure.
    private let lock = NSLock()
    private var next = 0
    private(set) var perArm: [String: Int] = [:]
    private(set) var feedbackPosted = 0
    private(set) var failure: Failure?

    init(base: String, endpoint: String, testID: Int) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.endpoint = endpoint
        self.testID = testID
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration)
    }

    /// Sends every row with `workers` requests in flight, one thread each (the work is waiting
    /// on the server, so more threads than cores is the point); stops at the first failure.
    /// - Parameter progress: called (under the lock) after each row with the rows done.
    func run(_ rows: [Row], workers: Int, progress: @escaping @Sendable (Int, [String: Int]) -> Void) throws {
        let group = DispatchGroup()
        for _ in 0..<max(1, workers) {
            group.enter()
            Thread {
                defer { group.leave() }
                self.work(rows, progress: progress)
            }.start()
        }
        group.wait()
        if let failure { throw failure }
    }

    private func work(_ rows: [Row], progress: @Sendable (Int, [String: Int]) -> Void) {
        while let row = take(rows) {
            do {
                try send(row)
            } catch let error as Failure {
                record(error)
            } catch {
                record(Failure(description: "\(error)"))
            }
            lock.withLock {
                if failure == nil { progress(feedbackPosted, perArm) }
            }
        }
    }

    private func take(_ rows: [Row]) -> Row? {
        lock.withLock {
            guard failure == nil, next < rows.count else { return nil }
            defer { next += 1 }
            return rows[next]
        }
    }

    private func record(_ error: Failure) {
        lock.withLock { if failure == nil { failure = error } }
    }

    private func send(_ row: Row) throws {
        let predicted = try post("/\(endpoint)/predict", body: row.body, row: row)
        guard predicted["status"] as? String == "OK", let id = predicted["request_id"] as? Int,
            let token = predicted["feedback_token"] as? String
        else {
            throw Failure(description: "line \(row.line): the prediction answer has no request_id and feedback_token")
        }
        guard let test = predicted["ab_test"] as? [String: Any], test["id"] as? Int == testID,
            let arm = test["arm"] as? String
        else {
            throw Failure(
                description:
                    "line \(row.line): request \(id) was not routed through A/B test \(testID); is the server serving "
                    + "this registry, and is the test still running?")
        }
        let feedback = try JSONSerialization.data(withJSONObject: ["feedback": row.label, "token": token])
        _ = try post("/requests/\(id)/feedback", body: feedback, row: row)
        lock.withLock {
            perArm[arm, default: 0] += 1
            feedbackPosted += 1
        }
    }

    /// POSTs JSON and returns the answer's JSON object; anything but a 200 is a failure naming
    /// the URL and the server's message.
    private func post(_ path: String, body: Data, row: Row) throws -> [String: Any] {
        guard let url = URL(string: base + path) else {
            throw Failure(description: "'\(base + path)' is not a URL; check --url")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = body
        final class Outcome: @unchecked Sendable {
            var data: Data?
            var response: URLResponse?
            var error: (any Error)?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            outcome.data = data
            outcome.response = response
            outcome.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = outcome.error {
            throw Failure(
                description:
                    "cannot reach \(url.absoluteString): \(error.localizedDescription); is the server running? "
                    + "(`make run`, or scripts/serve --port PORT --site site/public --cgi PATH)")
        }
        let status = (outcome.response as? HTTPURLResponse)?.statusCode ?? 0
        let data = outcome.data ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard status == 200, let object else {
            let message = object?["message"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw Failure(description: "line \(row.line): POST \(url.absoluteString) answered \(status): \(message)")
        }
        return object
    }

    /// The rows of an Adult-style file (`research/data/adult/adult.test`) as prediction bodies for
    /// `schema`, in file order. Rows with a missing value (`?`) are skipped: the endpoint accepts
    /// only complete inputs.
    /// - Parameter clientIDs: add a `client_id` (`sim-<line>`) so the split is sticky per row.
    /// - Returns: the rows and how many were skipped.
    static func rows(file: URL, schema: Schema, limit: Int?, clientIDs: Bool) throws -> (rows: [Row], skipped: Int) {
        let table = try CSVTable(contentsOf: file, columns: schema.fields.count + 1)
        var rows: [Row] = []
        var skipped = 0
        for record in table.records {
            let (cells, line) = (record.fields, record.line)
            if let limit, rows.count >= limit { break }
            if cells.contains(where: table.isMissing) {
                skipped += 1
                continue
            }
            var object: [String: Any] = [:]
            for (field, cell) in zip(schema.fields, cells) {
                switch field.kind {
                case .numeric:
                    guard let number = Double(cell) else {
                        throw Failure(description: "\(file.path):\(line): \(field.name) '\(cell)' is not a number")
                    }
                    object[field.name] = number
                case .categorical:
                    object[field.name] = String(cell)
                }
            }
            if clientIDs { object["client_id"] = "sim-\(line)" }
            let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            rows.append(Row(line: line, body: body, label: String(cells[schema.fields.count])))
        }
        return (rows, skipped)
    }
}
