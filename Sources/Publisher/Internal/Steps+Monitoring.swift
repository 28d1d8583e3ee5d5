import Evaluation
import Foundation
import Monitoring
import Parallelism
import Serving

extension PublishingStep {
    /// Checks each endpoint's production version's requests in the log for drift from its
    /// reference distribution, once per endpoint (on all cores: a version without
    /// reference.json reads its training data again), for its page and its card, judged by
    /// `options`.
    static func checkDrift(_ file: URL, options: DriftOptions) -> PublishingStep {
        PublishingStep(name: "check drift") { context in
            guard let state = context.registry else { return }
            let log: RequestLog
            do throws(ServingError) {
                log = try RequestLog(path: file.path, readOnly: true)
            } catch {
                throw PublishingError(path: file.path, reason: .invalidData(error.message))
            }
            let names = state.endpointNames
            let snapshot = context
            let sections = try Parallel.map(count: names.count) { index throws(PublishingError) -> TemplateValues in
                let production = state.production(of: names[index])
                var check: DriftCheck?
                var unavailable = false
                if let production {
                    do {
                        check = try DriftCheck(
                            version: production, root: snapshot.root, log: log, logPath: file.path, since: nil,
                            windowSeconds: MonitoringSection.windowSeconds, options: options)
                    } catch is DriftError {
                        // An old version whose declared data is gone: said on the page, as monitor says it.
                        unavailable = true
                    } catch {
                        throw PublishingError(
                            path: file.path, reason: .invalidData("cannot check \(production.id) for drift: \(error)"))
                    }
                }
                return MonitoringSection(
                    endpoint: names[index], production: production, check: check,
                    minimumRequests: options.minimumRequests, referenceUnavailable: unavailable,
                    log: file.lastPathComponent, context: snapshot
                ).values
            }
            for (name, values) in zip(names, sections) { context.monitoring[name] = FrozenValues(values: values) }
        }
    }
}
