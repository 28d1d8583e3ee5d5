import Foundation
import Models

/// Opens model files; one process serves one request, so nothing is kept between requests,
/// but a batch job reuses the mapping for every row.
enum ModelCache {
    nonisolated(unsafe) private static var opened: [String: TreeModel] = [:]
    private static let lock = NSLock()

    /// The memory-mapped model at `path`.
    /// - Throws: `ServingError` 503 naming the file when it is missing or damaged.
    static func model(at path: String) throws(ServingError) -> TreeModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = opened[path] { return model }
        do {
            let model = try TreeModel(path: path)
            opened[path] = model
            return model
        } catch {
            throw ServingError(.unavailable, "the model file \(path) cannot be used: \(error)")
        }
    }
}
