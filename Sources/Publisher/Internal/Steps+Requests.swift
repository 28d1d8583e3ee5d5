import Basics
import Foundation
import Monitoring
import Registry
import Serving

extension PublishingStep {
    /// Reads from a predict.cgi request log (a SQLite file read-only, since a running server
    /// keeps writing while the site is built, or a PostgreSQL database every host writes)
    /// serving statistics, the arms' counts of each aborted A/B test, whose abort recorded none
    /// (trial24 #6: the page of a test aborted for its MAE showed dashes), and the requests each
    /// endpoint's production version answered, for `checkDrift`.
    static func readRequests(_ store: RequestStore) -> PublishingStep {
        PublishingStep(name: "read request log") { context in
            let opened: (any RequestLogReader)?
            do throws(ServingError) {
                opened = try store.openReaderIfPresent()
            } catch {
                throw PublishingError(path: store.description, reason: .invalidData(error.description))
            }
            guard let log = opened else { throw PublishingError(path: store.description, reason: .missingFile) }
            do throws(ServingError) {
                context.serving = try log.servingStatistics()
                for test in context.registry?.allABTests ?? [] where test.aborted {
                    let arms = test.arms.map {
                        (arm: $0.arm, version: VersionID(endpoint: test.endpoint, model: $0.model, version: $0.version))
                    }
                    context.abortedTallies[test.id] = try log.abTallies(
                        testID: test.id, arms: arms, startedAt: test.startedAt)
                }
                guard let state = context.registry else { return }
                for name in state.endpointNames {
                    guard let production = state.production(of: name) else { continue }
                    context.productionRequests[name] = try DriftCheck.rows(of: production, in: log, since: nil)
                }
            } catch {
                throw PublishingError(path: store.description, reason: .invalidData(error.description))
            }
        }
    }
}
