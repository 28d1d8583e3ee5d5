import Scoring

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens model files; one process serves one request, so nothing is kept between requests,
/// but a batch job reuses the mapping for every row.
package enum ModelCache {
    nonisolated(unsafe) private static var opened: [String: TreeModel] = [:]
    /// A pthread mutex rather than Foundation's `NSLock`: predict.cgi links no Foundation.
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// The memory-mapped model at `path`.
    /// - Throws: `ServingError` 503 naming the file when it is missing or damaged.
    package static func model(at path: String) throws(ServingError) -> TreeModel {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
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
