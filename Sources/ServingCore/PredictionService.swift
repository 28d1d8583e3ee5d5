import Basics
import JSONWriting
import Scoring
import Snapshot

/// A prediction as served: the model's answer, who answered, and the log row's id and token.
public struct ServedPrediction: Sendable {
    public var prediction: Prediction
    public var endpoint: String
    public var version: ServingSnapshot.Version
    public var abTest: (id: Int, arm: String)?
    public var requestID: Int64
    /// Given to the client once; the log keeps only its SHA-256.
    public var feedbackToken: String
    /// The endpoint's task and classes, which decide the answer's fields.
    public var columns: PredictionColumns
    /// The name of the label the endpoint predicts (the training data's label column).
    public var labelName: String
    /// How the row was scored otherwise than written (`ScoringNotes`: a category the version was
    /// not trained on, a number outside the training range), in field order.
    public var scoringNotes: [ScoringNotes.Note] = []
    /// What the caller is told about `scoringNotes`, one sentence each naming the version that
    /// answered: the answer's `notes`, left out when empty.
    public var notes: [String] {
        scoringNotes.map { $0.text(version: "\(endpoint)/\(version.model)@\(version.version)") }
    }
    /// Why the model answered as it did, when the request asked (`?explain=true`).
    public var explanation: ServedExplanation?
    /// The validated input, by field name, as the model scored it.
    public var values: [String: FieldValue] = [:]

    /// The endpoint's classes in schema order; empty for regression.
    public var labelValues: [String] { columns.classes }

    /// The contract's JSON answer: the task's fields (`PredictionColumns`) after `status`.
    public var json: String {
        var writer = JSONWriter()
        writer.object {
            $0.field("status", "OK")
            columns.write(prediction, into: &$0)
            $0.field("request_id", Int(requestID))
            $0.field("feedback_token", feedbackToken)
            $0.object("model") {
                $0.field("endpoint", endpoint)
                $0.field("name", version.model)
                $0.field("version", version.version)
                $0.field("status", version.status.rawValue)
            }
            if let abTest {
                $0.object("ab_test") {
                    $0.field("id", abTest.id)
                    $0.field("arm", abTest.arm)
                }
            } else {
                $0.null("ab_test")
            }
            if !notes.isEmpty { $0.array("notes", notes) { $0.string($1) } }
            explanation?.write(into: &$0)
        }
        return writer.text
    }
}

/// The whole prediction path shared by predict.cgi and batch jobs: find the endpoint, choose
/// the version, validate, score with the memory-mapped model, log, answer.
public struct PredictionService {
    public var deployment: Deployment
    public var snapshot: ServingSnapshot

    public init(deployment: Deployment) throws(ServingError) {
        self.deployment = deployment
        do {
            snapshot = try ServingSnapshot.read(path: deployment.snapshotPath)
        } catch {
            throw ServingError(.unavailable, "the serving snapshot cannot be read", detail: error.description)
        }
    }

    /// The endpoint called `name` (names are compared as written: `CHURN` is not `churn`).
    /// - Throws: `ServingError` 404 with what was probably meant (the same letters in another
    ///   case, or a slip: `NearestName.meant`, as a pinned model's 404 has it), naming the
    ///   endpoints that answer (a version in production), apart those that answer only a request
    ///   pinned to a version, and apart those that serve no version at all (nothing to pin);
    ///   `errors` names the field `endpoint` (trial19 #8).
    public func endpoint(_ name: String) throws(ServingError) -> ServingSnapshot.Endpoint {
        guard let endpoint = snapshot.endpoints[name] else {
            let names = snapshot.endpoints.keys.sorted()
            let answering = names.filter {
                snapshot.endpoints[$0]?.versions.contains { $0.status == .production } == true
            }
            let pinnedOnly = names.filter {
                !answering.contains($0) && snapshot.endpoints[$0]?.versions.isEmpty == false
            }
            let idle = names.filter { snapshot.endpoints[$0]?.versions.isEmpty != false }
            let guess = NearestName.meant(by: name, in: names)
            let hint = guess.map { " (did you mean \($0)?)" } ?? ""
            var message =
                "there is no endpoint \(CategoryName.cited(name))\(hint); served: "
                + (answering.isEmpty ? "none" : answering.joined(separator: ", "))
            if !pinnedOnly.isEmpty {
                message +=
                    " (and, with no production version, only to requests pinned to a version: "
                    + pinnedOnly.joined(separator: ", ") + ")"
            }
            if !idle.isEmpty {
                message += "; registered but serving no version: " + idle.joined(separator: ", ")
            }
            throw ServingError(
                .notFound, message, errors: [.init(field: "endpoint", message: "names no endpoint\(hint)")])
        }
        return endpoint
    }

    /// The request's pins and client key.
    public struct Pins: Sendable {
        public var status: String?
        public var model: String?
        public var version: String?
        public var clientKey: String?

        public init(status: String? = nil, model: String? = nil, version: String? = nil, clientKey: String? = nil) {
            self.status = status
            self.model = model
            self.version = version
            self.clientKey = clientKey
        }
    }

    /// Serves one prediction and logs it before returning.
    /// - Parameters:
    ///   - log: the request log; the row is written before this returns.
    ///   - startedAt: `Clock.monotonicMicroseconds()` when the request arrived.
    ///   - source: `api`, or `job:<id>` for batch rows.
    ///   - explain: whether to explain the prediction (`ServedExplanation`); refused before
    ///     anything is logged when the version cannot (`ModelExplainer`).
    /// - Throws: `ServingError` with the status the client gets.
    public func predict(
        endpoint name: String, input: [String: InputValue], pins: Pins, log: any RequestLogStore,
        startedAt: Int, source: String = "api", explain: Bool = false
    ) throws(ServingError) -> ServedPrediction {
        let endpoint = try endpoint(name)
        var generator = SystemRandomNumberGenerator()
        let selection = try ModelSelector(endpointName: name, endpoint: endpoint).select(
            status: pins.status, model: pins.model, version: pins.version, clientKey: pins.clientKey,
            using: &generator)
        var validator = InputValidator(schema: endpoint.schema)
        if validator.needsDecimalMark(input) {
            validator.decimalComma = VersionDecimalMark.readsDecimalComma(
                modelAt: PreparedModel(artifact: selection.version.artifact, root: deployment.root).artifactPath)
        }
        let values = try validator.validate(input)
        let versionName = "\(name)/\(selection.version.model)@\(selection.version.version)"
        let model = try ModelCache.model(of: versionName, artifact: selection.version.artifact, in: deployment)
        let prediction: Prediction
        var explanation: ServedExplanation?
        do {
            prediction = try model.predict(values: values)
            if explain {
                let explainer = try ModelExplainer.make(model, version: versionName)
                explanation = ServedExplanation(
                    try explainer.explain(values: values), explainer: explainer, schema: endpoint.schema)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.badRequest, "the input cannot be scored: \(error)")
        }
        let token = FeedbackToken.make(using: &generator)
        let columns = PredictionColumns(schema: endpoint.schema)
        let task = columns.logColumns(prediction)
        let row = LoggedRequest(
            createdAt: Clock.utcTimestamp(), endpoint: name, model: selection.version.model,
            version: selection.version.version, abTestID: selection.abTest?.id, abArm: selection.abTest?.arm,
            clientID: pins.clientKey, input: Self.inputJSON(values, schema: endpoint.schema), label: prediction.label,
            probability: prediction.probability, positiveProbability: prediction.positiveProbability,
            latencyMicroseconds: Clock.monotonicMicroseconds() - startedAt, source: source,
            tokenSHA256: FeedbackToken.sha256(token), value: task.value, probabilities: task.probabilities)
        let logged = try log.append(row)
        let notes = ScoringNotes.notes(
            endpoint.schema.fields.map { values[$0.name] ?? .missing }, schema: endpoint.schema, model: model,
            trainingProfile: selection.version.trainingProfile)
        return ServedPrediction(
            prediction: prediction, endpoint: name, version: selection.version, abTest: selection.abTest,
            requestID: logged.id ?? 0, feedbackToken: token, columns: columns, labelName: endpoint.schema.label,
            scoringNotes: notes, explanation: explanation, values: values)
    }

    /// The validated input in schema order, as compact JSON.
    package static func inputJSON(_ values: [String: FieldValue], schema: Schema) -> String {
        inputJSON(schema.fields.map { values[$0.name] ?? .missing }, schema: schema)
    }

    /// The values, given in schema order, as compact JSON.
    package static func inputJSON(_ values: [FieldValue], schema: Schema) -> String {
        var writer = JSONWriter()
        writer.object { object in
            for (field, value) in zip(schema.fields, values) {
                switch value {
                case .number(let number): object.field(field.name, number)
                case .category(let text): object.field(field.name, text)
                case .missing: object.null(field.name)
                }
            }
        }
        return writer.text
    }
}

/// Feedback tokens: 128 random bits from the system's generator, in lower-case hex.
package enum FeedbackToken {
    /// Written digit by digit: `map`/`joined` here ran unspecialised generic code whose first use
    /// costs runtime type lookups, 1% of a request.
    package static func make(using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for _ in 0..<2 {
            let word: UInt64 = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                text.append(digits[Int(truncatingIfNeeded: word >> UInt64(shift)) & 0xF])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// What the log keeps of a token: its SHA-256 in lower-case hex (`SHA256`, not swift-crypto,
    /// which predict.cgi does not link).
    package static func sha256(_ token: String) -> String {
        SHA256.hex(Array(token.utf8))
    }
}
