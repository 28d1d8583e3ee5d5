import Basics
import Foundation
import Registry

extension PublishingStep {
    /// Loads research/registry/ when the root has one; a registry with problems stops the build.
    static let readRegistry = PublishingStep(name: "read registry") { context in
        let folder = context.root.appendingPathComponent(RepositoryLayout.registryFolder)
        let registry = Registry(folder: folder.path, root: context.root.path)
        guard registry.hasEventLog else { return }
        do {
            context.registry = try registry.load()
        } catch {
            throw PublishingError(path: folder.path, reason: .invalidData("\(error)"))
        }
    }

    /// The static read API (api/v1/endpoints.json, models.json, statuses.json, abtests.json) and
    /// openapi.json describing predict.cgi.
    static let writeReadAPI = PublishingStep(name: "write read API", timing: .alongside) { context in
        guard let state = context.registry else { return }
        for (path, data) in ReadAPI.files(for: state) {
            context.files[path] = data
        }
        context.files["openapi.json"] = try OpenAPIDocument.json(state: state, config: context.config)
    }
}
