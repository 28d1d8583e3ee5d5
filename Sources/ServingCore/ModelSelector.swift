import Basics
import Scoring
import Snapshot

/// Which version answers a prediction request (docs/architecture.md, "predict.cgi's
/// contract"): nothing pinned → the A/B split when a test runs, else production; `status=S` →
/// the one version in S; `model`/`version` → that version.
///
/// Every pin names exactly one served version or is refused: several versions in a status, a
/// version number two models have, and a model with several served versions alike are a 409
/// naming them (trial19 #12: `?model=gbt` alone picked the newest of two silently, where the
/// others refused). Why not "the newest": a pin says "this one", and which version is newest
/// among those served changes whenever another is put in testing, so a client pinned to a
/// model would be switched to an untried version without a word.
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
                "unknown status \(CategoryName.cited(status))\(hint); accepted: \(accepted.joined(separator: ", "))",
                errors: [.init(field: "status", message: "must be one of \(accepted.joined(separator: ", "))\(hint)")])
        }
        if wanted == .archived {
            throw ServingError(
                .notFound, "archived versions of \(endpointName) are not served",
                errors: [.init(field: "status", message: "archived versions are not served")])
        }
        let pinned = endpoint.versions.filter {
            (model == nil || $0.model == model) && (version == nil || $0.version == version)
        }
        let candidates = pinned.filter { $0.status == wanted }
        switch candidates.count {
        case 1:
            return Selection(version: candidates[0], abTest: nil)
        case 0:
            // The model or version pinned is not served at all: that 404 says why.
            if pinned.isEmpty, model != nil || version != nil { throw notServed(model: model, version: version) }
            let asked = "\(endpointName)\(pinSuffix(model, version))"
            guard !pinned.isEmpty else {
                throw ServingError(
                    .notFound, "\(endpointName) has no version in status \(status)",
                    errors: [.init(field: "status", message: "no served version is in status \(status)")])
            }
            // The pinned versions are served, in other statuses: say which.
            let statuses = pinned.map { "\($0.model)@\($0.version) is \($0.status.rawValue)" }.joined(separator: ", ")
            let what = model != nil && version != nil ? "\(asked) is not" : "no version of \(asked) is"
            throw ServingError(
                .notFound, "\(what) in status \(status): \(statuses); pin that status, or leave status out",
                errors: [.init(field: "status", message: "\(statuses), not \(status)")])
        default:
            let names = Self.names(candidates)
            let add = model == nil ? "model and version" : "version"
            throw ServingError(
                .conflict,
                "\(candidates.count) versions of \(endpointName)\(pinSuffix(model, nil)) are in status \(status): "
                    + "\(names); pin one with \(add)",
                errors: [.init(field: "status", message: "matches \(candidates.count) versions (\(names)); add \(add)")]
            )
        }
    }

    /// Versions as messages list them: `gbt@1.0.0, gbt@1.1.0`.
    private static func names(_ versions: [ServingSnapshot.Version]) -> String {
        versions.map { "\($0.model)@\($0.version)" }.joined(separator: ", ")
    }

    private func pinned(model: String?, version: String?) throws(ServingError) -> ServingSnapshot.Version {
        let candidates: [ServingSnapshot.Version]
        switch (model, version) {
        case (let model?, let version?):
            candidates = endpoint.version(model: model, version: version).map { [$0] } ?? []
        case (let model?, nil):
            candidates = endpoint.versions.filter { $0.model == model }
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
            let listed = candidates.map { "\($0.model)@\($0.version) (\($0.status.rawValue))" }.joined(separator: ", ")
            if let model {
                throw ServingError(
                    .conflict,
                    "\(endpointName)/\(model) has \(candidates.count) served versions: \(listed); add version "
                        + "(or status) to pin one",
                    errors: [
                        .init(
                            field: "model",
                            message: "names \(candidates.count) served versions (\(listed)); add version")
                    ])
            }
            throw ServingError(
                .conflict, "version \(version ?? "") of \(endpointName) is ambiguous: \(listed); add model",
                errors: [
                    .init(
                        field: "version", message: "is a version of \(candidates.count) models (\(listed)); add model")
                ])
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
        // Not for a model that is not served and not a slip (`stump`): other models' versions are not it.
        if let version, model == nil || wantedModel != nil {
            for served in endpoint.versions
            where (wantedModel.map { served.model == $0 } ?? true) && served.version.hasPrefix(version + ".")
                && !versionGuesses.contains(served.version)
            {
                versionGuesses.append(served.version)
            }
        }
        // An archived version the pin was probably meant as (`stump@1.0` for archived stump@1.0.0).
        let archivedGuesses: [String] = {
            guard let version, versionGuesses.isEmpty, let target = wantedModel ?? model else { return [] }
            return endpoint.archived.filter {
                $0.hasPrefix("\(target)@\(version).") || ($0 == "\(target)@\(version)" && target != model)
            }
        }()
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
        if !archivedGuesses.isEmpty {
            message +=
                " (\(archivedGuesses.joined(separator: ", ")) \(archivedGuesses.count == 1 ? "is" : "are") "
                + "archived, and archived versions are not served)"
        }
        message += served.isEmpty ? "; nothing is served" : "; served: " + served.joined(separator: ", ")
        var problems: [ServingError.FieldProblem] = []
        if let model, !models.contains(model) {
            problems.append(
                .init(
                    field: "model",
                    message: "matches no served version" + (modelGuess.map { " (did you mean \($0)?)" } ?? "")))
        }
        // The version is at fault too when the model is served or was probably meant (`Gbt` and
        // `1.0`: both are named).
        if version != nil, wantedModel != nil || model == nil || !archivedGuesses.isEmpty {
            let meant =
                !versionGuesses.isEmpty
                ? " (did you mean \(versionGuesses.joined(separator: " or "))?)"
                : archivedGuesses.isEmpty ? "" : " (\(archivedGuesses.joined(separator: ", ")) is archived)"
            problems.append(.init(field: "version", message: "matches no served version" + meant))
        }
        return ServingError(.notFound, message, errors: problems)
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
