import ArgumentParser
import Basics
import Foundation
import Registry

/// A throw-away repository with many versions, made from the committed one's artifacts.
struct SyntheticRegistry {
    let root: URL
    let source: URL

    private var fileManager: FileManager { .default }

    /// Makes `versions` versions over `endpoints` endpoints; returns how many were registered.
    func make(versions: Int, endpoints: Int, progress: (String) -> Void) throws -> Int {
        let template = try EndpointDefinition.read(
            from: source.appendingPathComponent(RepositoryLayout.registry(.endpoints) + "/income_classifier.json"))
        let artifacts = try committedArtifacts()
        try fileManager.createDirectory(
            at: root.appendingPathComponent(RepositoryLayout.registryFolder), withIntermediateDirectories: true)
        try copySite()
        let records = try recordTemplates(artifacts)
        let registry = Registry(root: root.path)
        let actor = "bench-site"
        var made = 0
        for endpointIndex in 0..<endpoints {
            var definition = template
            definition.name = String(format: "endpoint_%02d", endpointIndex)
            definition.description = "Synthetic copy \(endpointIndex) of income_classifier."
            let share = versions / endpoints + (endpointIndex < versions % endpoints ? 1 : 0)
            let ids = (0..<share).map { index in
                VersionID(
                    endpoint: definition.name, model: artifacts[index % artifacts.count].model,
                    version: "1.\(index / artifacts.count).0")
            }
            for (index, id) in ids.enumerated() {
                try link(artifacts[index % artifacts.count], to: id, records: records)
            }
            let read = try ids.map { try registry.artifact(of: $0) }
            // One write per endpoint: a write per command rewrites the whole event log each time
            // (a setup of minutes, and thousands of replaced files, which slow down creating the
            // site's files afterwards on a file system without a journal).
            try registry.write(by: actor, creatingFolder: true) { transaction in
                try transaction.createEndpoint(definition)
                for (index, id) in ids.enumerated() {
                    _ = try transaction.register(id, artifact: read[index])
                    // Walk some versions through the statuses so timelines and tables have content.
                    if index % 3 == 0 { try transaction.setStatus(id, to: .staging) }
                    if index % 9 == 0 { try transaction.setStatus(id, to: .production) }
                }
            }
            made += share
            progress("registered \(made) of \(versions)")
        }
        return made
    }

    private struct Artifact {
        var model: String
        var folder: URL
    }

    /// The committed income_classifier artifacts (one folder per model's first version).
    private func committedArtifacts() throws -> [Artifact] {
        let folder = source.appendingPathComponent(RepositoryLayout.artifactsFolder + "/income_classifier")
        let models = try fileManager.contentsOfDirectory(atPath: folder.path).sorted()
        let found = models.compactMap { model -> Artifact? in
            let id = VersionID(endpoint: "income_classifier", model: model, version: "1.0.0")
            guard
                fileManager.fileExists(
                    atPath: source.appendingPathComponent(RepositoryLayout.artifact(.evaluationReport, of: id)).path)
            else {
                return nil
            }
            return Artifact(
                model: model, folder: source.appendingPathComponent(RepositoryLayout.artifactFolder(of: id)))
        }
        guard !found.isEmpty else {
            throw ValidationError(
                "no evaluated artifact under \(folder.path)/<model>/1.0.0; run `make research` in the repository root")
        }
        return found
    }

    /// Hard-links `artifact`'s files into `id`'s artifact folder, but for its records, which
    /// are written with `id`'s identity.
    private func link(_ artifact: Artifact, to id: VersionID, records: [URL: RecordTemplate]) throws {
        let target = root.appendingPathComponent(RepositoryLayout.artifactFolder(of: id))
        try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try fileManager.contentsOfDirectory(atPath: artifact.folder.path) {
            let from = artifact.folder.appendingPathComponent(name), to = target.appendingPathComponent(name)
            if let record = records[from] {
                try Data(record.bytes(for: id)).write(to: to)
            } else {
                try fileManager.linkItem(at: from, to: to)
            }
        }
    }

    /// training.json and evaluation.json of each artifact, ready to be given another identity.
    private func recordTemplates(_ artifacts: [Artifact]) throws -> [URL: RecordTemplate] {
        var templates: [URL: RecordTemplate] = [:]
        for artifact in artifacts {
            let training = artifact.folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
            templates[training] = try RecordTemplate(training, model: \.self)
            let evaluation = artifact.folder.appendingPathComponent(
                RepositoryLayout.ArtifactFile.evaluationReport.rawValue)
            templates[evaluation] = try RecordTemplate(evaluation) { $0["model"] as? [String: Any] ?? [:] }
        }
        return templates
    }

    /// A JSON record whose identity (endpoint, model, version) is left open: serialised once with
    /// placeholders (JSONSerialization takes ~0.1 s for an evaluation report, and the setup
    /// writes a thousand of them), then filled in per version. Names need no JSON escaping
    /// (`VersionID.isValidName`), and keys are sorted, so the bytes are what serialising the
    /// record with the real identity gives.
    private struct RecordTemplate {
        var pieces: [[UInt8]] = []
        /// Which identity part follows each piece but the last: 0 endpoint, 1 model, 2 version.
        var parts: [Int] = []

        static let placeholders = ["@@synthetic-endpoint@@", "@@synthetic-model@@", "@@synthetic-version@@"]

        init(_ file: URL, model: ([String: Any]) -> [String: Any]) throws {
            guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
                throw ValidationError("\(file.path) is not a JSON object")
            }
            var identity = model(object)
            for (key, placeholder) in zip(["endpoint", "model", "version"], Self.placeholders) {
                identity[key] = placeholder
            }
            if object["model"] is [String: Any] { object["model"] = identity } else { object.merge(identity) { $1 } }
            let text = String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            var rest = text[...]
            while let (part, range) = Self.placeholders.enumerated().compactMap({ index, placeholder in
                rest.range(of: placeholder).map { (index, $0) }
            }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
                pieces.append(Array(rest[..<range.lowerBound].utf8))
                parts.append(part)
                rest = rest[range.upperBound...]
            }
            pieces.append(Array(rest.utf8))
        }

        func bytes(for id: VersionID) -> [UInt8] {
            var out: [UInt8] = []
            for (index, piece) in pieces.enumerated() {
                out += piece
                if index < parts.count { out += [id.endpoint, id.model, id.version][parts[index]].utf8 }
            }
            return out
        }
    }

    /// The committed site/ (config and pages), without its output.
    private func copySite() throws {
        let site = root.appendingPathComponent("site")
        try fileManager.createDirectory(at: site, withIntermediateDirectories: true)
        let from = source.appendingPathComponent("site")
        for name in try fileManager.contentsOfDirectory(atPath: from.path)
        where !name.hasPrefix(".") && name != "public" {
            try fileManager.copyItem(at: from.appendingPathComponent(name), to: site.appendingPathComponent(name))
        }
    }
}
