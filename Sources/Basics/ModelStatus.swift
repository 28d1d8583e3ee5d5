/// Where a model version is in its life. Every version starts in `testing`.
///
/// Manual transitions (`modelpress status`), from the row to a column:
///
/// | from \ to   | testing | staging | production | archived | ab_testing |
/// |-------------|---------|---------|------------|----------|------------|
/// | testing     |    –    |   yes   |    yes     |   yes    |     no     |
/// | staging     |   yes   |    –    |    yes     |   yes    |     no     |
/// | production  |   no    |   yes   |     –      |   yes    |     no     |
/// | archived    |   yes   |   yes   | yes (rollback) |   –  |     no     |
/// | ab_testing  |   no    |   no    |     no     |    no    |     –      |
///
/// `ab_testing` is entered only by an A/B start and left only by its stop (to any status the
/// stop decides). Promoting a version to `production` first archives the endpoint's current
/// production version, as its own event.
public enum ModelStatus: String, Codable, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case testing
    case staging
    case production
    case abTesting = "ab_testing"
    case archived

    /// Statuses a manual status change may lead to from this one.
    public var manualSuccessors: [ModelStatus] {
        switch self {
        case .testing: [.staging, .production, .archived]
        case .staging: [.testing, .production, .archived]
        case .production: [.staging, .archived]
        case .archived: [.testing, .staging, .production]
        case .abTesting: []
        }
    }

    /// Whether `modelpress status` may move a version from this status to `next`.
    public func allowsManualTransition(to next: ModelStatus) -> Bool {
        manualSuccessors.contains(next)
    }

    /// Whether the CGI may serve a version in this status (everything but `archived`).
    public var isServable: Bool { self != .archived }

    public var description: String { rawValue }

    public static func < (lhs: ModelStatus, rhs: ModelStatus) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
