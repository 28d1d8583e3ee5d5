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

    /// The memory-mapped model of the snapshot's `artifact`: when the deployment's preparation
    /// stamped the file and it has not changed since, mapped without its whole-file checksum
    /// (for a format-2 file, its prepared format-3 copy); otherwise checked in full (and a
    /// format-2 file upgraded in memory). See `PreparedModel`.
    /// - Parameter version: `endpoint/model@version`, which the answer names.
    /// - Throws: `ServingError` 503 naming the version when the file is missing or damaged (the
    ///   file and the cause in its detail, for the error log).
    package static func model(
        of version: String, artifact: String, in deployment: Deployment
    ) throws(ServingError) -> TreeModel {
        let prepared = PreparedModel(artifact: artifact, root: deployment.root)
        let path = prepared.artifactPath
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let model = opened[path] { return model }
        let checked = prepared.checkedFile()
        do {
            let model = try checked.map { try TreeModel(checkedPath: $0) } ?? TreeModel(path: path)
            opened[path] = model
            return model
        } catch {
            throw ServingError(
                .unavailable, "the model of \(version) cannot be loaded", detail: "\(checked ?? path): \(error)")
        }
    }
}
