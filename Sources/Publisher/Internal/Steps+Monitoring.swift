import Evaluation
import Foundation
import Monitoring
import Parallelism
import Serving

extension PublishingStep {
    /// Checks each endpoint's production version's requests (`readRequests` read them) for
    /// drift from its reference distribution, once per endpoint (on all cores: a version without
    /// reference.json reads its training data again), for its page and its card, judged by
    /// `options`.
    static func checkDrift(_ store: RequestStore, options: DriftOptions) -> PublishingStep {
        PublishingStep(name: "check drift") { context in
            guard let state = context.registry, let place = context.serving?.path else { return }
            let names = state.endpointNames
            let snapshot = context
            let sections = try Parallel.map(count: names.count) { index throws(PublishingError) -> TemplateValues in
                let production = state.production(of: names[index])
                var check: DriftCheck?
                var unavailable = false
                if let production {
                    do {
                        check = try DriftCheck(
                            version: production, root: snapshot.root,
                            rows: snapshot.productionRequests[names[index]] ?? [], logPath: place, since: nil,
                            windowSeconds: MonitoringSection.windowSeconds, options: options)
                    } catch is DriftError {
                        // An old version whose declared data is gone: said on the page, as monitor says it.
                        unavailable = true
                    } catch {
                        throw PublishingError(
                            path: place, reason: .invalidData("cannot check \(production.id) for drift: \(error)"))
                    }
                }
                return MonitoringSection(
                    endpoint: names[index], production: production, check: check,
                    minimumRequests: options.minimumRequests, referenceUnavailable: unavailable,
                    log: store.shortName, context: snapshot
                ).values
            }
            for (name, values) in zip(names, sections) { context.monitoring[name] = FrozenValues(values: values) }
        }
    }
}
