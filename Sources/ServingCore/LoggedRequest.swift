/// One row of the request log: a prediction as it was served, and its feedback if any. (Serving
/// makes it a GRDB record for reading, batches and migrations.)
public struct LoggedRequest: Codable, Equatable, Sendable {
    public var id: Int64?
    /// UTC, ISO 8601 with milliseconds.
    public var createdAt: String
    public var endpoint: String
    public var model: String
    public var version: String
    public var abTestID: Int?
    public var abArm: String?
    public var clientID: String?
    /// The validated input as compact JSON.
    public var input: String
    /// The predicted class; for regression the predicted value as text (`value` holds it).
    public var label: String
    /// The probability of `label`; 0 for regression.
    public var probability: Double
    /// The probability of the positive label value (the second class); 0 for regression.
    public var positiveProbability: Double
    /// From the start of the process to the moment the row is written.
    public var latencyMicroseconds: Int
    /// `api` for a single prediction, `job:<task id>` for a batch row.
    public var source: String
    /// SHA-256 of the feedback token; the token itself is only ever given to the client.
    public var tokenSHA256: String
    /// The true label, or for regression the true value as text; nil until feedback comes.
    public var feedback: String?
    public var feedbackAt: String?
    /// A regression prediction's value; nil for classification.
    public var value: Double?
    /// A multiclass prediction's probability per class as a JSON object in the schema's class
    /// order; nil for binary (`positiveProbability` says it all) and regression.
    public var probabilities: String?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case createdAt = "created_at"
        case endpoint, model, version
        case abTestID = "ab_test_id"
        case abArm = "ab_arm"
        case clientID = "client_id"
        case input, label, probability
        case positiveProbability = "positive_probability"
        case latencyMicroseconds = "latency_us"
        case source
        case tokenSHA256 = "token_sha256"
        case feedback
        case feedbackAt = "feedback_at"
        // Added by the "v2 task outputs" migration, so after the v1 columns in the table.
        case value, probabilities
    }

    public init(
        createdAt: String, endpoint: String, model: String, version: String, abTestID: Int?, abArm: String?,
        clientID: String?, input: String, label: String, probability: Double, positiveProbability: Double,
        latencyMicroseconds: Int, source: String, tokenSHA256: String, value: Double? = nil,
        probabilities: String? = nil
    ) {
        self.createdAt = createdAt
        self.endpoint = endpoint
        self.model = model
        self.version = version
        self.abTestID = abTestID
        self.abArm = abArm
        self.clientID = clientID
        self.input = input
        self.label = label
        self.probability = probability
        self.positiveProbability = positiveProbability
        self.latencyMicroseconds = latencyMicroseconds
        self.source = source
        self.tokenSHA256 = tokenSHA256
        self.value = value
        self.probabilities = probabilities
    }
}
