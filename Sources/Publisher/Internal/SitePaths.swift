import Basics
import Registry

/// Where each generated page lives, relative to the site root; pages link through these.
enum SitePaths {
    static func endpoint(_ name: String) -> String { "endpoints/\(name)/" }
    static func form(_ name: String) -> String { "endpoints/\(name)/predict.html" }
    static func jobs(_ name: String) -> String { "endpoints/\(name)/jobs.html" }
    static func card(_ id: VersionID) -> String { "endpoints/\(id.endpoint)/\(id.model)/\(id.version)/" }
    /// Outside `endpoints/`, so no model or version name can collide with it.
    static func abTest(_ endpoint: String, _ id: Int) -> String { "ab-tests/\(endpoint)/\(id)/" }
    static let history = "history.html"
    /// The page a registry event links to, in the Atom feed and in every timeline: the A/B
    /// test's report for an event of a test (a status change the test made included), else the
    /// version's card, else the endpoint's page (for its creation).
    static func page(of event: RegistryEvent) -> String {
        event.abTestID.map { abTest(event.endpoint, $0) } ?? event.version.map(card) ?? endpoint(event.endpoint)
    }
    static let feed = "feed.xml"

    /// The file a directory-style path is written to (`endpoints/x/` → `endpoints/x/index.html`).
    static func file(_ path: String) -> String { path.hasSuffix("/") ? path + "index.html" : path }
}
