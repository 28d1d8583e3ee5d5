import Basics
import Snapshot

/// Which version answers a prediction request (docs/architecture.md, "predict.cgi's
/// contract"): nothing pinned → the A/B split when a test runs, else production; `status=S` →
/// the one version in S; `model`/`version` → that version.
public struct ModelSelector: Sendable {
    /// The version chosen, and the A/B arm when the split chose it.
    public struct Selection: Equatable, Sendable {
        public var version: ServingSnapshot.Version
        public var abTest: (id: Int, arm: String)?

        public static func == (lhs: Selection, rhs: Selection) -> Bool {
            lhs.version == rhs.version && lhs.abTest?.id == rhs.abTest?.id && lhs.abTest?.arm == rhs.abTest?.arm
        }
    }

    public var endpointName: String
    public var endpoint: ServingSnapshot.Endpoint

    public init(endpointName: String, endpoint: ServingSnapshot.Endpoint) {
        self.endpointName = endpointName
        self.endpoint = endpoint
    }

    /// Chooses a version.
    /// - Parameters:
    ///   - status, model, version: the request's pins (query parameters), if any.
    ///   - clientKey: a client's stable key (`client_id`) for sticky A/B assignment.
    /// - Throws: `ServingError` 400 (unknown status), 404 (nothing servable matches, saying
    ///   what), 409 (a pin matches several versions, naming them).
    public func select(
        status: String?, model: String?, version: String?, clientKey: String?,
        using generator: inout some RandomNumberGenerator
    ) throws(ServingError) -> Selection {
        if let status {
            return try select(status: status, model: model, version: version)
        }
        if model != nil || version != nil {
            return Selection(version: try pinned(model: model, version: version), abTest: nil)
        }
        if let test = endpoint.abTest, let arm = Self.arm(of: test, clientKey: clientKey, using: &generator),
            let chosen = endpoint.version(model: arm.model, version: arm.version)
        {
            return Selection(version: chosen, abTest: (test.id, arm.arm))
        }
        guard let production = endpoint.production else {
            throw ServingError(
                .notFound,
                "\(endpointName) has no production version; pin one with ?model=…&version=… or ?status=…")
        }
        return Selection(version: production, abTest: nil)
    }

    private func select(status: String, model: String?, version: String?) throws(ServingError) -> Selection {
        guard let wanted = ModelStatus(rawValue: status) else {
            let accepted = ModelStatus.allCases.map(\.rawValue)
            let hint = NearestName.meant(by: status, in: accepted).map { " (did you mean \($0)?)" } ?? ""
            throw ServingError(
                .badRequest,
                "unknown status '\(status.prefix(40))'\(hint); accepted: \(accepted.joined(separator: ", "))",
                errors: [.init(field: "status", message: "must be one of \(accepted.joined(separator: ", "))\(hint)")])
        }
        if wanted == .archived {
            throw ServingError(
                .notFound, "archived versions of \(endpointName) are not served",
                errors: [.init(field: "status", message: "archived versions are not served")])
        }
        let candidates = endpoint.versions(in: wanted).filter {
            (model == nil || $0.model == model) && (version == nil || $0.version == version)
        }
        switch candidates.count {
        case 1:
            return Selection(version: candidates[0], abTest: nil)
        case 0:
            throw ServingError(
                .notFound, "\(endpointName) has no version in status \(status)\(pinSuffix(model, version))",
                errors: pinProblems(status: status, model: model, version: version, "matches no served version"))
        default:
            let names = candidates.map { "\($0.model)@\($0.version)" }.joined(separator: ", ")
            throw ServingError(
                .conflict,
                "\(candidates.count) versions of \(endpointName) are in status \(status): \(names); pin one with model and version"
            )
        }
    }

    private func pinned(model: String?, version: String?) throws(ServingError) -> ServingSnapshot.Version {
        let candidates: [ServingSnapshot.Version]
        switch (model, version) {
        case (let model?, let version?):
            candidates = endpoint.version(model: model, version: version).map { [$0] } ?? []
        case (let model?, nil):
            candidates = endpoint.latest(model: model).map { [$0] } ?? []
        case (nil, let version?):
            candidates = endpoint.versions.filter { $0.version == version }
        case (nil, nil):
            candidates = []
        }
        switch candidates.count {
        case 1:
            return candidates[0]
        case 0:
            throw notServed(model: model, version: version)
        default:
            let names = candidates.map { "\($0.model)@\($0.version)" }.joined(separator: ", ")
            throw ServingError(
                .conflict, "version \(version ?? "") of \(endpointName) is ambiguous: \(names); add model")
        }
    }

    /// The 404 for pins no served version matches: whether the version is archived or was never
    /// registered (the snapshot knows), what was probably meant (a model in another case or
    /// misspelt, a version written short: `1.1` for `1.1.0`), what is served, and the pins at
    /// fault in `errors` (trial18 #6).
    private func notServed(model: String?, version: String?) -> ServingError {
        let models = endpoint.versions.reduce(into: [String]()) { if !$0.contains($1.model) { $0.append($1.model) } }
        let modelGuess = model.flatMap { NearestName.meant(by: $0, in: models) }
        // A version written short names the served versions it begins (`1.1` → 1.1.0, 1.1.1).
        let wantedModel = model.flatMap { models.contains($0) ? $0 : modelGuess }
        var versionGuesses: [String] = []
        if let version {
            for served in endpoint.versions
            where (wantedModel.map { served.model == $0 } ?? true) && served.version.hasPrefix(version + ".")
                && !versionGuesses.contains(served.version)
            {
                versionGuesses.append(served.version)
            }
        }
        var guesses: [String] = []
        if let modelGuess { guesses.append("model \(modelGuess)") }
        if !versionGuesses.isEmpty { guesses.append("version " + versionGuesses.joined(separator: " or ")) }
        let name = "\(endpointName)\(pinSuffix(model, version))"
        let why: String
        if let model, let version {
            why = endpoint.archived.contains("\(model)@\(version)") ? "it is archived" : "it was never registered"
        } else if let model {
            why =
                models.contains(model)
                ? "no version of it is served"
                : endpoint.archived.contains { $0.hasPrefix(model + "@") }
                    ? "every version of it is archived" : "no version of it was ever registered"
        } else {
            why =
                endpoint.archived.contains { $0.hasSuffix("@" + (version ?? "")) }
                ? "it is archived" : "no model has that version registered"
        }
        let served = endpoint.versions.map { "\($0.model)@\($0.version)" }
        var message = "\(name) is not served: \(why)"
        if !guesses.isEmpty { message += " (did you mean \(guesses.joined(separator: " and "))?)" }
        message += served.isEmpty ? "; nothing is served" : "; served: " + served.joined(separator: ", ")
        var problems: [ServingError.FieldProblem] = []
        if let model, !models.contains(model) {
            problems.append(
                .init(
                    field: "model",
                    message: "matches no served version" + (modelGuess.map { " (did you mean \($0)?)" } ?? "")))
        }
        if version != nil, model.map(models.contains) ?? true {
            problems.append(
                .init(
                    field: "version",
                    message: "matches no served version"
                        + (versionGuesses.isEmpty ? "" : " (did you mean \(versionGuesses.joined(separator: " or "))?)")
                ))
        }
        return ServingError(.notFound, message, errors: problems)
    }

    /// `errors` for a status pin no version matches: the status, and the model or version pins
    /// that narrowed it.
    private func pinProblems(
        status: String, model: String?, version: String?, _ message: String
    ) -> [ServingError.FieldProblem] {
        [("status", status), ("model", model), ("version", version)].compactMap { name, value in
            value.map { _ in ServingError.FieldProblem(field: name, message: message) }
        }
    }

    private func pinSuffix(_ model: String?, _ version: String?) -> String {
        switch (model, version) {
        case (let model?, let version?): return "/\(model)@\(version)"
        case (let model?, nil): return "/\(model)"
        case (nil, let version?): return " version \(version)"
        case (nil, nil): return ""
        }
    }

    /// The arm a request goes to: by a stable hash of (key, test id) when the client sent a
    /// key, so the same client always sees the same arm; at random otherwise.
    public static func arm(
        of test: ServingSnapshot.ABTest, clientKey: String?, using generator: inout some RandomNumberGenerator
    ) -> ServingSnapshot.ABTest.Arm? {
        let total = test.arms.reduce(0) { $0 + max($1.percent, 0) }
        guard total > 0 else { return nil }
        let point: Int
        if let clientKey, !clientKey.isEmpty {
            point = Int(StableHash.fnv1a("\(test.id):\(clientKey)") % UInt64(total))
        } else {
            // The modulo bias of 64 random bits over a few hundred buckets is below 1e-16.
            point = Int(generator.next() % UInt64(total))
        }
        var upper = 0
        for arm in test.arms {
            upper += max(arm.percent, 0)
            if point < upper { return arm }
        }
        return test.arms.last
    }
}
