/// The name of one model version: `endpoint/model@version`
/// (`income_classifier/random_forest@1.0.0`), the one reference every module uses for it.
///
/// Encoded (`Codable`) as an object with its three parts,
/// `{"endpoint":"income_classifier","model":"random_forest","version":"1.0.0"}`, as
/// evaluation.json's `model` has it.
public struct VersionID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var endpoint: String
    public var model: String
    public var version: String

    public init(endpoint: String, model: String, version: String) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
    }

    /// Parses `endpoint/model@version`; `nil` when the text has another shape or a part is not
    /// a valid name (see `isValidName`).
    public init?(parsing text: String) {
        let slash = text.split(separator: "/", omittingEmptySubsequences: false)
        guard slash.count == 2 else { return nil }
        let at = slash[1].split(separator: "@", omittingEmptySubsequences: false)
        guard at.count == 2 else { return nil }
        let parts = (String(slash[0]), String(at[0]), String(at[1]))
        guard Self.isValidName(parts.0), Self.isValidName(parts.1), Self.isValidName(parts.2) else { return nil }
        self.init(endpoint: parts.0, model: parts.1, version: parts.2)
    }

    /// Why `text` is not a reference `init(parsing:)` accepts, as a phrase that shows the
    /// expected form; nil when it is one.
    public static func parsingProblem(_ text: String) -> String? {
        let form = "expected endpoint/model@version, such as income_classifier/random_forest@1.0.0"
        let slash = text.split(separator: "/", omittingEmptySubsequences: false)
        guard slash.count == 2 else {
            return form + (slash.count < 2 ? " (no '/' after the endpoint)" : " (more than one '/')")
        }
        let at = slash[1].split(separator: "@", omittingEmptySubsequences: false)
        guard at.count == 2 else {
            return form + (at.count < 2 ? " (no '@' before the version)" : " (more than one '@')")
        }
        for (part, name) in [("endpoint", slash[0]), ("model", at[0]), ("version", at[1])]
        where !isValidName(String(name)) {
            return form + " (the \(part) '\(name)' is not a name: \(nameRule))"
        }
        return nil
    }

    /// `isValidName`'s rule as messages and help texts state it.
    public static let nameRule = "1–64 of a-z A-Z 0-9 _ . -, not starting with . or -"

    /// Names of endpoints, models and versions: 1–64 of `a-z A-Z 0-9 _ . -`, not starting with
    /// `.` or `-`, so that they are safe as folder names and in URLs (`nameRule`).
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), let first = name.utf8.first, first != 46, first != 45 else {
            return false
        }
        return name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 46 || c == 45
        }
    }

    /// The first path segments predict.cgi routes itself (`GET /health`, `GET /jobs/{task_id}`,
    /// `POST /requests/{id}/feedback`; `PredictCGICore`'s `Router`): an endpoint with one of
    /// these names would share its routes (`POST /jobs/jobs` is the job status route's, not the
    /// endpoint's batch route), so no new endpoint may take one.
    public static let reservedEndpointNames: Set<String> = ["health", "jobs", "requests"]

    /// `model@version`, the name inside an endpoint.
    public var shortName: String { "\(model)@\(version)" }

    public var description: String { "\(endpoint)/\(model)@\(version)" }

    /// Orders by endpoint, model, then version with numeric parts compared as numbers
    /// (`1.10.0` after `1.9.0`).
    public static func < (lhs: VersionID, rhs: VersionID) -> Bool {
        if lhs.endpoint != rhs.endpoint { return lhs.endpoint < rhs.endpoint }
        if lhs.model != rhs.model { return lhs.model < rhs.model }
        return versionPrecedes(lhs.version, rhs.version)
    }

    /// Compares dotted versions part by part, numerically where both parts are numbers.
    static func versionPrecedes(_ a: String, _ b: String) -> Bool {
        let pa = a.split(separator: "."), pb = b.split(separator: ".")
        for (x, y) in zip(pa, pb) where x != y {
            if let nx = Int(x), let ny = Int(y) { return nx < ny }
            return x < y
        }
        return pa.count != pb.count ? pa.count < pb.count : a < b
    }
}
