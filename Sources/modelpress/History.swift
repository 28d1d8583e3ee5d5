import ArgumentParser
import Basics
import Foundation
import JSONWriting
import Registry

extension ModelPress {
    struct History: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the registry's event history, optionally as of a moment.",
            discussion: """
                With --at, shows the history up to that moment (UTC; a date alone means the end \
                of that day) and which version was in production then, and who put it there. \
                A moment in the future is answered as of now, with a note on standard error \
                saying so: the registry knows no later event than the last one. \
                With --json, the events are JSON lines as stored, and --at adds one line per \
                endpoint after them (also when no event came before the moment): \
                {"at", "endpoint", "kind": "state", "production": {"by", "model", "since", \
                "version"}}, or "production": null when the endpoint had none.

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

        @Flag(help: "Print the events as JSON lines, as stored (with --at, then the state lines).")
        var json = false

        /// `--json --at`'s line for `endpoint`'s state at `moment`, after the events (trial17
        /// #15: only the events were written, nothing before the first):
        /// `{"at", "endpoint", "kind": "state", "production": {"by", "model", "since",
        /// "version"} or null}`, keys sorted as the event lines' are.
        static func stateLine(at moment: Timestamp, endpoint: String, state: RegistryState) -> String {
            var writer = JSONWriter()
            writer.object {
                $0.field("at", moment.description)
                $0.field("endpoint", endpoint)
                $0.field("kind", "state")
                if let production = state.production(of: endpoint), let change = production.lastChange {
                    $0.object("production") {
                        $0.field("by", change.by)
                        $0.field("model", production.id.model)
                        $0.field("since", change.at.description)
                        $0.field("version", production.id.version)
                    }
                } else {
                    $0.null("production")
                }
            }
            return writer.text
        }

        func validate() throws {
            if let at, Timestamp(parsing: at) == nil {
                throw ValidationError("--at '\(at)' is not a UTC time like 2026-11-01T12:00Z")
            }
        }

        func run() throws {
            let registry = try options.existingStore()
            var moment = at.flatMap(Timestamp.init(parsing:))
            let now = Timestamp.now
            if let asked = moment, asked > now {
                // trial28 #3: a future moment read as if it were a moment the registry knew.
                printError("note: --at \(asked) is in the future (it is \(now) now); the history is shown as of now")
                moment = now
            }
            let reading = try reportingRegistryErrors { try registry.read(until: moment) }
            let state = reading.state
            if let endpoint, state.definitions[endpoint] == nil, !reading.troubledEndpoints.contains(endpoint) {
                throw CommandFailure(
                    "unknown endpoint '\(endpoint)'"
                        + RegistryError(reason: .unknownEndpoint(endpoint)).suggesting(in: state).hint)
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
                guard let moment else { return }
                for name in endpoint.map({ [$0] }) ?? state.endpointNames {
                    print(Self.stateLine(at: moment, endpoint: name, state: state))
                }
                return
            }
            for (event, problem) in events {
                // Without an endpoint, every line names its endpoint: versions of different
                // endpoints often share a name (random_forest@1.0.0).
                let summary = event.summary(in: state)
                let what = endpoint == nil && !summary.hasPrefix("endpoint ") ? "\(event.endpoint)/" : ""
                var line = "\(event.id)\t\(event.at)\t\(event.by)\t\(what)\(summary)"
                if let note = event.shownNote(in: state) { line += " — \(note)" }
                if let problem { line = "! " + line + "\n    left out: \(problem.ruleBroken)" }
                print(line)
            }
            guard let moment else { return }
            // An endpoint created after the moment did not exist then (trial24 #9: it read as
            // one without a production version); the whole log says when it was created.
            let current = endpoint.flatMap { state.endpoints[$0] == nil ? try? registry.read().state : nil }
            for name in endpoint.map({ [$0] }) ?? state.endpointNames {
                if state.endpoints[name] == nil, let created = current?.endpoints[name] {
                    print(
                        "at \(moment): \(name) did not exist yet (created at \(created.createdAt) by \(created.createdBy))"
                    )
                } else if let production = state.production(of: name), let change = production.lastChange {
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
