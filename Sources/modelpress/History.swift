import ArgumentParser
import Basics
import Foundation
import Registry

extension ModelPress {
    struct History: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the registry's event history, optionally as of a moment.",
            discussion: """
                With --at, shows the history up to that moment (UTC; a date alone means the end \
                of that day) and which version was in production then, and who put it there.

                Examples:
                  modelpress history
                  modelpress history income_classifier --at 2026-11-01T12:00Z
                  modelpress history income_classifier --json
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "Only this endpoint's events.")
        var endpoint: String?

        @Option(help: "A UTC moment: 2026-11-01, 2026-11-01T12:00Z or 2026-11-01T12:00:00Z.")
        var at: String?

        @Flag(help: "Print the events as JSON lines, as stored.")
        var json = false

        func validate() throws {
            if let at, Timestamp(parsing: at) == nil {
                throw ValidationError("--at '\(at)' is not a UTC time like 2026-11-01T12:00Z")
            }
        }

        func run() throws {
            let registry = try options.existingStore()
            let moment = at.flatMap(Timestamp.init(parsing:))
            let reading = try reportingRegistryErrors { try registry.read(until: moment) }
            let state = reading.state
            if let endpoint, state.definitions[endpoint] == nil, !reading.troubledEndpoints.contains(endpoint) {
                throw CommandFailure("unknown endpoint '\(endpoint)'")
            }
            reading.warnAboutProblems()
            // The events left out (an unresolved merge) are shown in their place, marked.
            let refused = reading.refused.filter { endpoint == nil || $0.event.endpoint == endpoint }
            let events =
                (state.events(of: endpoint).map { ($0, nil as RegistryError?) } + refused.map { ($0.event, $0.problem) })
                .sorted { $0.0.precedes($1.0) }
            if json {
                let lines = try reportingRegistryErrors { try events.map { try RegistryEvent.jsonLine($0.0) } }
                for line in lines { print(line) }
                return
            }
            for (event, problem) in events {
                // Without an endpoint, every line names its endpoint: versions of different
                // endpoints often share a name (random_forest@1.0.0).
                let what = endpoint == nil && !event.summary.hasPrefix("endpoint ") ? "\(event.endpoint)/" : ""
                var line = "\(event.id)\t\(event.at)\t\(event.by)\t\(what)\(event.summary)"
                if let note = event.note { line += " — \(note)" }
                if let problem { line = "! " + line + "\n    left out: \(problem.ruleBroken)" }
                print(line)
            }
            guard let moment else { return }
            for name in endpoint.map({ [$0] }) ?? state.endpointNames {
                if let production = state.production(of: name), let change = production.lastChange {
                    print(
                        "at \(moment): \(name) production is \(production.id.shortName), put there by \(change.by) at \(change.at)"
                    )
                } else {
                    print("at \(moment): \(name) has no production version")
                }
            }
        }
    }
}
