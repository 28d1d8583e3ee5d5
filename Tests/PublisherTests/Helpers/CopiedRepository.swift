import Basics
import Foundation
import Registry

/// A copy of the repository's registry (artifacts linked) that a test may write to.
struct CopiedRepository {
    let root: URL

    /// - Parameter linkArtifacts: false leaves every version without an evaluation report.
    init(linkArtifacts: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-copy-\(UUID())")
        let repository = RepositorySite.repository
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("research"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("research/registry"),
            to: root.appendingPathComponent("research/registry"))
        if linkArtifacts {
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("research/artifacts"),
                withDestinationURL: repository.appendingPathComponent("research/artifacts"))
        }
    }

    /// The time the copy's registry writes at: one fixed moment after every committed event,
    /// so pages and the feed show a time a test can expect.
    static let now = "2030-01-01T10:00:00Z"

    var registry: Registry {
        Registry(
            folder: root.appendingPathComponent("research/registry").path, root: root.path,
            clock: { Timestamp(parsing: Self.now) ?? Timestamp(secondsSince1970: 0) })
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
