/// The registry read around its problems (`Registry.read(until:)`): what reading commands show
/// while a merge is unresolved.
public struct RegistryReading: Sendable {
    /// An event left out of the state because it breaks a rule, with the problem.
    public struct Refused: Sendable {
        public var event: RegistryEvent
        public var problem: RegistryError
    }

    /// The fold of every event that holds.
    public var state: RegistryState
    /// Every problem, as `Registry.check()` finds them in the files (without the git history).
    public var problems: [RegistryError]
    /// The events left out, in the log's order.
    public var refused: [Refused]

    /// Endpoints whose definition file cannot be read (bad JSON, merge conflict markers).
    public var unreadableEndpoints: Set<String>

    /// The endpoints that problems touch: those of the refused events and those whose
    /// definition file cannot be read.
    public var troubledEndpoints: Set<String> { Set(refused.map(\.event.endpoint)).union(unreadableEndpoints) }
}
