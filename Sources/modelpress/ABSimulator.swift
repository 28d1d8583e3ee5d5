import Foundation
import Models

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Replays labelled rows through predict.cgi over HTTP, as clients would: one prediction per
/// row, then the row's true label posted as feedback with the token the prediction returned.
final class ABSimulator: @unchecked Sendable {
    /// One row to send: the JSON body of the prediction and the feedback to post for it.
    struct Row: Sendable {
        /// The row's place in the data replayed (1-based).
        var number: Int
        var body: Data
        /// The true class, or for a regression the true value.
        var feedback: Feedback
    }

    /// What a client reports once it knows the outcome.
    enum Feedback: Sendable, Equatable {
        case label(String)
        case value(Double)

        var json: Any {
            switch self {
            case .label(let label): label
            case .value(let value): value
            }
        }
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
            throw Failure(description: "row \(row.number): the prediction answer has no request_id and feedback_token")
        }
        guard let test = predicted["ab_test"] as? [String: Any], test["id"] as? Int == testID,
            let arm = test["arm"] as? String
        else {
            throw Failure(
                description:
                    "row \(row.number): request \(id) was not routed through A/B test \(testID); is the server serving "
                    + "this registry, and is the test still running?")
        }
        let feedback = try JSONSerialization.data(withJSONObject: ["feedback": row.feedback.json, "token": token])
        _ = try post("/requests/\(id)/feedback", body: feedback, row: row)
        lock.withLock {
            perArm[arm, default: 0] += 1
            feedbackPosted += 1
        }
    }

    /// POSTs JSON and returns the answer's JSON object; anything but a 200 with an answer that is
    /// no error is a failure naming the URL, the status (a CGI `Status:` header's, where the server
    /// passed it on) and the server's message.
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
                    "cannot reach \(url.absoluteString): \(error.localizedDescription); is predict.cgi served there? "
                    + "Pass its URL with --url (a `modelpress bundle` deployment's, or `make run`'s in modelpress's "
                    + "own source tree)")
        }
        let response = outcome.response as? HTTPURLResponse
        var status = response?.statusCode ?? 0
        // A server that does not apply a CGI's `Status:` line (Python's http.server) answers 200
        // and passes the line on as a header: the status predict.cgi meant (trial17 #9: a 503 was
        // read as an answer without request_id).
        let cgiStatus = response?.allHeaderFields.first { ($0.key as? String)?.lowercased() == "status" }
            .flatMap { ($0.value as? String)?.split(separator: " ").first.flatMap { Int($0) } }
        if status == 200, let cgiStatus { status = cgiStatus }
        let data = outcome.data ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard status == 200, object?["status"] as? String != "Error", let object else {
            let message = object?["message"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            let answered = status == 200 ? "200 with an error" : String(status)
            throw Failure(description: "row \(row.number): POST \(url.absoluteString) answered \(answered): \(message)")
        }
        return object
    }

    /// Labelled rows as prediction bodies for an endpoint's `schema`, in order: a value the
    /// rows lack (or a category the schema does not list) is sent as `null` where the endpoint
    /// lets the field be missing, and the row is skipped where it does not. Feedback is the
    /// row's class, or for a regression its value.
    /// - Parameter clientIDs: add a `client_id` (`sim-<row>`) so the split is sticky per row.
    /// - Returns: the rows and how many were skipped.
    static func rows(
        of data: Dataset, schema: Schema, limit: Int?, clientIDs: Bool
    ) throws -> (
        rows: [Row], skipped: Int
    ) {
        var rows: [Row] = []
        var skipped = 0
        let nullable = data.schema.fields.map { schema.field(named: $0.name)?.nullable ?? false }
        rowLoop: for row in 0..<data.rowCount {
            if let limit, rows.count >= limit { break }
            var object: [String: Any] = [:]
            for (index, field) in data.schema.fields.enumerated() {
                var value: Any?
                switch field.kind {
                case .numeric:
                    let number = data.numbers[index][row]
                    if !number.isNaN { value = number }
                case .categorical:
                    let code = Int(data.codes[index][row])
                    if code >= 0 { value = field.categories[code] }
                }
                guard value != nil || nullable[index] else {
                    skipped += 1
                    continue rowLoop
                }
                object[field.name] = value ?? NSNull()
            }
            if clientIDs { object["client_id"] = "sim-\(row + 1)" }
            let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            let feedback: Feedback =
                data.schema.task == .regression
                ? .value(data.targets[row]) : .label(data.schema.labelValues[Int(data.labels[row])])
            rows.append(Row(number: row + 1, body: body, feedback: feedback))
        }
        return (rows, skipped)
    }
}
