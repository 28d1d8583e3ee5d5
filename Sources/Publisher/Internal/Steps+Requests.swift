import Basics
import Foundation
import Registry
import Serving

extension PublishingStep {
    /// Reads serving statistics from a predict.cgi request log (read-only: a running server
    /// keeps writing while the site is built), and the arms' counts of each aborted A/B test,
    /// whose abort recorded none (trial24 #6: the page of a test aborted for its MAE showed dashes).
    static func readRequests(_ file: URL) -> PublishingStep {
        PublishingStep(name: "read request log") { context in
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw PublishingError(path: file.path, reason: .missingFile)
            }
            do throws(ServingError) {
                let log = try RequestLog(path: file.path, readOnly: true)
                context.serving = try ServingStatistics.read(log)
                for test in context.registry?.allABTests ?? [] where test.aborted {
                    let arms = test.arms.map {
                        (arm: $0.arm, version: VersionID(endpoint: test.endpoint, model: $0.model, version: $0.version))
                    }
                    context.abortedTallies[test.id] = try log.abTallies(
                        testID: test.id, arms: arms, startedAt: test.startedAt)
                }
            } catch {
                throw PublishingError(path: file.path, reason: .invalidData(error.message))
            }
        }
    }
}
