import Foundation

/// A deployment folder whose `research/` is the repository's (its committed serving snapshot and
/// artifacts), with a request log of its own; removed by `remove()`.
struct TemporaryDeployment {
    let folder: String

    /// The meta-variables a server configured for this deployment passes.
    var variables: [String: String] { ["MODELPRESS_DEPLOYMENT": folder] }

    init() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("predict-cgi-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/research", withDestinationPath: repository.appendingPathComponent("research").path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
