import Foundation
import Serving

extension PublishingStep {
    /// Reads serving statistics from a predict.cgi request log (read-only: a running server
    /// keeps writing while the site is built).
    static func readRequests(_ file: URL) -> PublishingStep {
        PublishingStep(name: "read request log") { context in
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw PublishingError(path: file.path, reason: .missingFile)
            }
            do throws(ServingError) {
                context.serving = try ServingStatistics.read(RequestLog(path: file.path, readOnly: true))
            } catch {
                throw PublishingError(path: file.path, reason: .invalidData(error.message))
            }
        }
    }
}
