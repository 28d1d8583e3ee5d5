import ArgumentParser
import Registry

extension ModelPress {
    struct Ls: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List endpoints and their versions with current status.",
            discussion: """
                Examples:
                  modelpress ls
                  modelpress ls income_classifier
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "Only this endpoint.")
        var endpoint: String?

        func run() throws {
            let registry = try options.existingStore()
            let reading = try reportingRegistryErrors { try registry.read() }
            let state = reading.state
            reading.warnAboutProblems()
            let troubled = reading.troubledEndpoints
            let names = endpoint.map { [$0] } ?? Set(state.endpointNames).union(troubled).sorted()
            for name in names {
                if state.endpoints[name] == nil, troubled.contains(name), endpoint == nil {
                    print("\(name)  (cannot be read until the registry's problems are resolved)")
                    continue
                }
                guard let record = state.endpoints[name] else {
                    throw CommandFailure(
                        troubled.contains(name)
                            ? "endpoint '\(name)' cannot be read until the registry's problems are resolved"
                            : RegistryError(reason: .unknownEndpoint(name)).suggesting(in: state).description)
                }
                let troubleNote =
                    troubled.contains(name)
                    ? "; shown without the events that break a rule, see `modelpress history \(name)`" : ""
                print("\(name)  (owner \(record.definition.owner)\(troubleNote))")
                let versions = state.versions(of: name)
                if versions.isEmpty { print("  no versions registered") }
                let width = versions.map(\.id.shortName.count).max() ?? 0
                for version in versions {
                    let change = version.lastChange
                    let padded = version.id.shortName.padding(toLength: width, withPad: " ", startingAt: 0)
                    let status = version.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                    print("  \(padded)  \(status)  since \(change?.at.description ?? "?") by \(change?.by ?? "?")")
                }
                if let test = state.runningABTest(of: name) {
                    let arms = test.arms.map { "\($0.arm)=\($0.model)@\($0.version) \($0.percent)%" }
                    print("  A/B test \(test.id) running: \(arms.joined(separator: ", ")) — \(test.title)")
                }
            }
            if let note = registry.staleServingSnapshotNote() { printError("note: \(note)") }
        }
    }
}
