import ArgumentParser
import Basics
import Foundation
import Models
import Pipelines
import Registry

extension ModelPress {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retrain committed versions and check their artifacts are reproduced byte for byte.",
            discussion: """
                For every registered version (or the ones named) whose training.json names this \
                trainer (\(Trainer.identity)), or an earlier one whose models of that algorithm \
                this one reproduces byte for byte (\(reproducedSince)), trains again from the recorded algorithm, \
                hyper-parameters, seed and data files, and compares the bytes with the committed \
                model.bin. The data files must have the SHA-256 training.json records, whatever \
                their folder's SHA256SUMS lists now: new rows saved over a file are named as an \
                altered file, not retrained on, and a SHA256SUMS line that lists another SHA-256 \
                for a file that has the recorded one is named in a note (restore SHA256SUMS). A version made by a trainer whose bytes this one does not give is \
                reported as such and not retrained. An imported version (`modelpress import`) is reported as imported: \
                when its source file is kept in the repository (with the SHA-256 training.json \
                records), it is converted again and must give the same bytes, and a kept source \
                that is gone fails; a source that was never kept is not checked, and that is \
                no failure. A pipeline file in research/pipelines/ (or research/imports/) that \
                names a version but no longer describes it (edited without a new version) fails \
                that version, naming each difference. Progress goes to standard error; the verdict per version to standard \
                output. Exits 1 when any artifact is not reproduced or cannot be checked.

                Examples:
                  modelpress verify
                  modelpress verify income_classifier/random_forest@1.0.0 --threads 1
                """
        )

        @Argument(help: "Versions to verify (default: every registered version).", transform: VersionID.argument)
        var versions: [VersionID] = []

        @OptionGroup var options: RegistryOptions

        @Option(name: .long, help: "Training threads (default: every core; the bytes do not depend on it).")
        var threads: Int?

        func validate() throws {
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        }

        func run() throws {
            let state = try reportingRegistryErrors { try options.store.load() }
            let known = Set(state.allVersions.map(\.id))
            if let unknown = versions.first(where: { !known.contains($0) }) {
                throw CommandFailure("\(unknown) is not registered")
            }
            let chosen = versions.isEmpty ? state.allVersions : state.allVersions.filter { versions.contains($0.id) }
            let root = try options.rootPath
            guard FileManager.default.changeCurrentDirectoryPath(root) else {
                throw CommandFailure("cannot enter the repository root \(root)")
            }
            var failures = 0
            var outcomes: [Outcome] = []
            let pipelines = Self.pipelinesByVersion()
            for (index, version) in chosen.enumerated() {
                printError("[\(index + 1)/\(chosen.count)] \(version.id)")
                // The pipeline first (it costs nothing): an edited one fails the version even
                // when its training record still reproduces the artifact.
                var pipelineProblem: String?
                if let pipeline = pipelines[version.id] {
                    do {
                        try Train.checkUnchanged(pipeline, registered: version, file: pipeline.file)
                    } catch {
                        pipelineProblem = "\(error)"
                    }
                }
                let outcome = Self.verify(version, threads: threads)
                outcomes.append(outcome)
                // One verdict per version: an edited pipeline fails it, whatever its artifact does.
                if let pipelineProblem {
                    print(
                        "\(version.id): FAILED: pipeline \(pipelineProblem) (the artifact itself: "
                            + "\(outcome.description), from its training record)")
                } else {
                    print("\(version.id): \(outcome.description)")
                }
                if pipelineProblem != nil || outcome.failed { failures += 1 }
            }
            if failures > 0 {
                // The verdicts above are the result; this line sums them up.
                printError("verify: \(failures) of \(counted(chosen.count, "version")) failed")
                throw ResultWritten(status: .failure)
            }
            printError("verify: \(counted(chosen.count, "version")) checked")
            if !chosen.isEmpty, !outcomes.contains(where: \.isReproduced) {
                printError(
                    "verify: warning: no version was retrained (none was made by a trainer whose bytes "
                        + "\(Trainer.identity) reproduces); "
                        + "nothing here proves the current trainer reproduces anything")
            }
        }

        /// Each algorithm and the trainer since which its bytes are unchanged.
        static var reproducedSince: String {
            Algorithm.allCases.map { algorithm in
                let since = Trainer.reproducedSince(algorithm)
                let classification = Trainer.reproducedSince(algorithm, task: .binary)
                return classification == since
                    ? "\(algorithm.rawValue) since \(since)"
                    : "\(algorithm.rawValue) since \(since) for regression and \(classification) for classification"
            }.joined(separator: ", ")
        }

        /// What verifying one version found.
        enum Outcome {
            case reproduced(sha256: String)
            /// An imported version whose kept source file converts to the same bytes.
            case reconverted(source: String, sha256: String)
            /// An imported version that could not be converted again, and why (not a failure).
            case imported(String)
            /// Made by a trainer (and algorithm) whose bytes the current trainer does not give.
            case otherTrainer(String, String)
            case differs(committed: String, retrained: String)
            case unavailable(String)

            var isReproduced: Bool {
                switch self {
                case .reproduced, .reconverted: true
                default: false
                }
            }

            var failed: Bool {
                switch self {
                case .reproduced, .reconverted, .imported, .otherTrainer: false
                case .differs, .unavailable: true
                }
            }

            var description: String {
                switch self {
                case .reproduced(let sha): "reproduced byte for byte (sha256 \(sha))"
                case .reconverted(let source, let sha):
                    "imported: \(source) converts to the same bytes again (sha256 \(sha))"
                case .imported(let why): "imported: \(why)"
                case .otherTrainer(let trainer, let algorithm):
                    "made by trainer \(trainer), whose \(algorithm) models \(Trainer.identity) does not "
                        + "reproduce byte for byte: not retrained"
                case .differs(let committed, let retrained):
                    "NOT reproduced: committed model.bin has sha256 \(committed), retraining gives \(retrained)"
                case .unavailable(let why): "cannot verify: \(why)"
                }
            }
        }

        /// Converts an imported version's kept source file again with the importer that made it.
        static func reconvert(_ record: TrainingRecord, source: ImportSource, committed: [UInt8]) -> Outcome {
            let origin = "from \(source.library) \(source.libraryVersion) (\(source.path))"
            guard source.importer == ModelImporter.identity else {
                return .imported(
                    "\(origin) by importer \(source.importer), not \(ModelImporter.identity): not converted again")
            }
            guard source.kept else { return .imported("\(origin); the source file is not kept in the repository") }
            guard let bytes = FileManager.default.contents(atPath: source.path) else {
                // The kept source is the only proof of the artifact: losing it fails, as a changed one does.
                return .unavailable(
                    "training.json records \(source.path) as kept in the repository, and it cannot be read "
                        + "(\(FileProblem.reason(reading: source.path))); restore it (`git checkout -- \(source.path)`)"
                )
            }
            let sha = Digest.sha256(bytes)
            guard sha == source.sha256 else {
                return .unavailable(
                    "\(source.path) has sha256 \(sha), and training.json records \(source.sha256): the source changed")
            }
            guard let format = ModelImporter.Format(rawValue: source.format) else {
                return .unavailable("training.json names an unknown import format '\(source.format)'")
            }
            do {
                let converted = try ModelImporter.convert(
                    Array(bytes), format: format, schema: record.schema, file: source.path
                ).ensemble.serialized()
                let committedSHA = Digest.sha256(committed)
                let convertedSHA = Digest.sha256(converted)
                return committed == converted
                    ? .reconverted(source: source.path, sha256: committedSHA)
                    : .differs(committed: committedSHA, retrained: convertedSHA)
            } catch {
                return .unavailable("\(error)")
            }
        }

        /// The repository's pipeline files that read cleanly, by the version they name (the
        /// ones that do not read are `train`'s to report).
        static func pipelinesByVersion() -> [VersionID: Pipeline] {
            var found: [VersionID: Pipeline] = [:]
            for file in Pipeline.describingFiles() {
                guard let pipeline = try? Pipeline(contentsOf: file) else { continue }
                found[VersionID(endpoint: pipeline.endpoint, model: pipeline.model, version: pipeline.version)] =
                    pipeline
            }
            return found
        }

        /// The training.json beside a registered version's model file (relative to the repository root).
        static func trainingRecordURL(of version: VersionRecord) -> URL {
            URL(fileURLWithPath: version.facts.artifact.path).deletingLastPathComponent()
                .appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        }

        /// Retrains `version` from its training.json, in the current directory's repository.
        static func verify(_ version: VersionRecord, threads: Int?) -> Outcome {
            let artifact = URL(fileURLWithPath: version.facts.artifact.path)
            let recordURL = trainingRecordURL(of: version)
            let record: TrainingRecord
            do {
                record = try TrainingRecord.decode(Data(contentsOf: recordURL))
            } catch {
                return .unavailable("\(recordURL.path) cannot be read as a training record")
            }
            guard let committed = FileManager.default.contents(atPath: artifact.path) else {
                return .unavailable(
                    "\(artifact.path) is missing; a version's model file is committed with it: restore it with "
                        + "git checkout -- \(version.facts.artifact.path)")
            }
            if let source = record.source { return reconvert(record, source: source, committed: Array(committed)) }
            guard let algorithm = Algorithm(rawValue: record.algorithm) else {
                // Another trainer's algorithm this build does not know is that trainer's, not a fault.
                guard record.trainer == Trainer.identity else { return .otherTrainer(record.trainer, record.algorithm) }
                return .unavailable("\(recordURL.path) names an unknown algorithm '\(record.algorithm)'")
            }
            guard Trainer.reproduces(record.trainer, algorithm: algorithm) else {
                return .otherTrainer(record.trainer, algorithm.rawValue)
            }
            let pipeline = Pipeline(record: record, algorithm: algorithm, file: recordURL.path)
            do {
                // The files must be the ones the version was trained on, not only the ones their
                // SHA256SUMS lists now (a line rewritten for new data would make a retrain differ).
                let data = try pipeline.loadData(
                    recorded: (record.trainingData.sha256, record.split == nil ? record.testData.sha256 : nil),
                    fieldOrder: (record.schema.fields.map(\.name), "its training record"))
                let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                for note in record.sumsNotes(root: here) { printError("\(version.id): note: \(note)") }
                if Trainer.keptCategoriesChanged(since: record.trainer, schema: data.train.schema)
                    || Trainer.estimatedRowsChanged(
                        since: record.trainer, algorithm: algorithm, task: data.train.schema.task)
                {
                    return .otherTrainer(record.trainer, algorithm.rawValue)
                }
                let ensemble = try Trainer.train(
                    data.train, algorithm: algorithm, hyperparameters: record.hyperparameters, seed: record.seed,
                    threads: threads
                ) { done, total in
                    // Boosting counts rounds (a tree per class in each), as train's progress does.
                    let unit = algorithm == .gradientBoosting ? "rounds" : "trees"
                    if done == total || done % 25 == 0 { printError("  \(done)/\(total) \(unit)") }
                }
                let retrained = try ensemble.serialized()
                let committedSHA = Digest.sha256(committed)
                let retrainedSHA = Digest.sha256(retrained)
                return committedSHA == retrainedSHA && committed.elementsEqual(retrained)
                    ? .reproduced(sha256: committedSHA) : .differs(committed: committedSHA, retrained: retrainedSHA)
            } catch let error as DataFileError {
                return .unavailable(error.description)
            } catch let error as HyperparameterError {
                return .unavailable("\(recordURL.path): \(error.description)")
            } catch {
                return .unavailable("\(error)")
            }
        }
    }
}
