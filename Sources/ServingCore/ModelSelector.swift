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
            let accepted = ModelStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServingError(.badRequest, "unknown status '\(status)'; accepted: \(accepted)")
        }
        if wanted == .archived {
            throw ServingError(.notFound, "archived versions of \(endpointName) are not served")
        }
        let candidates = endpoint.versions(in: wanted).filter {
            (model == nil || $0.model == model) && (version == nil || $0.version == version)
        }
        switch candidates.count {
        case 1:
            return Selection(version: candidates[0], abTest: nil)
        case 0:
            throw ServingError(
                .notFound, "\(endpointName) has no version in status \(status)\(pinSuffix(model, version))")
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
            // What is served, and the model a misspelt one probably meant (trial15 #14).
            let models = endpoint.versions.reduce(into: [String]()) {
                if !$0.contains($1.model) { $0.append($1.model) }
            }
            let guess = model.flatMap { models.contains($0) ? nil : NearestName.closest(to: $0, in: models) }
            let served = endpoint.versions.map { "\($0.model)@\($0.version)" }
            throw ServingError(
                .notFound,
                "\(endpointName)\(pinSuffix(model, version)) is not served: it is archived or was never registered"
                    + (guess.map { "; did you mean model \($0)?" } ?? "")
                    + (served.isEmpty ? "" : "; served: " + served.joined(separator: ", ")))
        default:
            let names = candidates.map { "\($0.model)@\($0.version)" }.joined(separator: ", ")
            throw ServingError(
                .conflict, "version \(version ?? "") of \(endpointName) is ambiguous: \(names); add model")
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
