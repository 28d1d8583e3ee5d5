/// Where predict.cgi writes a served prediction and its feedback: the SQLite log on the host
/// (`RequestLogWriter`), or a PostgreSQL database several hosts share (`PostgresRequestLog`, in
/// ServingPostgres, which only the PostgreSQL build of predict.cgi links). Both keep the same
/// columns (`LoggedRequest.CodingKeys`) and the same rules: a row is committed before its answer
/// leaves, a feedback token is stored as its SHA-256, and the first feedback wins
/// (`LoggedRequest.takeFeedback`). `Deployment.requestStore` says which one a deployment uses.
public protocol RequestLogStore: AnyObject {
    /// Writes a served prediction, committed when this returns, and returns it with its id.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest

    /// Attaches the true label (or, for regression, the true value) to request `id`, if `token`
    /// is the one returned with it; the first feedback wins (`LoggedRequest.takeFeedback`).
    /// - Parameter labelValues: the endpoint's labels, by endpoint name.
    /// - Throws: `ServingError` 400 (unknown label, not a finite number), 403 (wrong token), 404 (no
    ///   such request), 409 (a different label was already given), 503 (the log cannot be written).
    func recordFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> (FeedbackOutcome, LoggedRequest)

    /// Request `id` as logged, or nil when there is none or it cannot be read.
    func request(id: Int64) -> LoggedRequest?
}

/// What feedback did.
public enum FeedbackOutcome: Equatable, Sendable {
    /// The label was stored.
    case recorded
    /// The same label was already stored; nothing changed.
    case unchanged
}

extension LoggedRequest {
    /// Takes feedback `label`, sent with `token`, into this row (request `id`), as read inside the
    /// transaction that then writes it: `feedback` becomes the label normalised against
    /// `labelValues` (`>50K.` and ` >50K` both mean `>50K`; for a regression row, one that logged
    /// a `value`, a finite number, see `Labels.feedback`) and `feedbackAt` `time`. The one rule of
    /// both stores.
    /// - Returns: false when the row already had that label (nothing changed).
    /// - Throws: `ServingError` 403 (the token is not the row's), 400 (the label is refused),
    ///   409 (another label came first: the first feedback wins).
    package mutating func takeFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> Bool {
        guard FeedbackToken.sha256(token) == tokenSHA256 else {
            throw ServingError(.forbidden, "the token does not belong to request \(id)")
        }
        let normalised = try Labels.feedback(label, accepted: labelValues(endpoint) ?? [], isRegression: value != nil)
        if let existing = feedback {
            guard existing == normalised else {
                throw ServingError(
                    .conflict, "request \(id) already has feedback '\(existing)'; the first feedback wins")
            }
            return false
        }
        feedback = normalised
        feedbackAt = time
        return true
    }
}
