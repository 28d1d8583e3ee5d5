/// Where things live in a modelpress repository, as paths relative to its root (the folder
/// holding `research/`). Every module that reads or writes one of these asks here.
///
/// ```
/// research/
///   pipelines/<name>.toml                  what to train
///   cards/<endpoint>/<model>.md            authored model cards
///   artifacts/<endpoint>/<model>/<version>/
///     model.bin                            the model file
///     training.json                        the training record
///     evaluation.json                      the evaluation report
///     reference.json                       the reference distribution (drift checks)
///   registry/
///     endpoints/<name>.json                endpoint definitions
///     events/<time>-<id>.json              the event log, one file per event
///     serving.json                         the serving snapshot (derived, git-ignored)
///     .lock                                the writers' lock (git-ignored)
/// ```
public enum RepositoryLayout {
    /// `research/pipelines`.
    public static let pipelinesFolder = "research/pipelines"
    /// Models trained elsewhere, each with its import pipeline (`modelpress import`).
    public static let importsFolder = "research/imports"
    /// `research/cards`.
    public static let cardsFolder = "research/cards"
    /// `research/artifacts`.
    public static let artifactsFolder = "research/artifacts"
    /// `research/registry`.
    public static let registryFolder = "research/registry"

    /// A file in a version's artifact folder.
    public enum ArtifactFile: String, Sendable {
        case model = "model.bin"
        case trainingRecord = "training.json"
        case evaluationReport = "evaluation.json"
        case referenceDistribution = "reference.json"
    }

    /// A file or folder in the registry folder.
    public enum RegistryFile: String, Sendable {
        case endpoints = "endpoints"
        case events = "events"
        /// The event log before it became one file per event; `modelpress registry migrate`
        /// turns it into `events/`.
        case singleFileLog = "events.jsonl"
        case servingSnapshot = "serving.json"
        case lock = ".lock"
    }

    /// `<artifacts>/<endpoint>/<model>/<version>`, with `artifacts` `research/artifacts` unless
    /// given (`modelpress train --artifacts` writes elsewhere).
    public static func artifactFolder(of id: VersionID, in artifacts: String = artifactsFolder) -> String {
        "\(artifacts)/\(id.endpoint)/\(id.model)/\(id.version)"
    }

    /// `research/artifacts/<endpoint>/<model>/<version>/<file>`.
    public static func artifact(_ file: ArtifactFile, of id: VersionID) -> String {
        artifactFolder(of: id) + "/" + file.rawValue
    }

    /// `research/registry/<file>`.
    public static func registry(_ file: RegistryFile) -> String {
        registryFolder + "/" + file.rawValue
    }

    /// `research/cards/<endpoint>/<model>.md`: the card every version of the model shares.
    public static func card(endpoint: String, model: String) -> String {
        "\(cardsFolder)/\(endpoint)/\(model).md"
    }
}
