import Basics
import Foundation
import Models
import Parallelism

/// The registry's files as read from disk, before they are folded.
struct RegistryFiles {
    /// An event that was read, with where it was read from.
    struct Entry {
        /// The file as messages name it (`research/registry/events/<name>.json`).
        var file: String
        /// The line, for the single-file log.
        var line: Int?
        var event: RegistryEvent
    }

    var definitions: [String: EndpointDefinition] = [:]
    /// Every readable event, in no particular order.
    var entries: [Entry] = []
    /// Problems found while reading (bad JSON, misnamed or edited files).
    var problems: [RegistryError] = []
    /// Whether the log is still the single file events.jsonl.
    var singleFileLog = false
    /// Endpoints whose definition file exists but cannot be read (a problem of its own).
    var unreadableEndpoints: Set<String> = []

    /// Folds the events in the log's order (`RegistryEvent.precedes`), collecting every
    /// problem instead of stopping at the first: an event with a repeated id or that breaks a
    /// rule is skipped. When an earlier event about the same version, test or production slot
    /// explains the refusal (two branches' changes that cannot both hold), the problem names it.
    func fold() -> (RegistryState, [RegistryError]) {
        let folded = fold(until: nil)
        return (folded.state, folded.problems)
    }

    /// `fold()`, stopping before the first event later than `until`, that also returns the
    /// events it left out because they break a rule, each with its problem.
    func fold(until: Timestamp?) -> RegistryReading {
        var state = RegistryState(definitions: definitions)
        var problems = self.problems
        var refused: [RegistryReading.Refused] = []
        let ordered = entries.sorted { $0.event.precedes($1.event) }
        var fileOfID: [String: String] = [:]
        // The last event that touched each version, A/B test or production slot (`touches`).
        var lastTouch: [String: Entry] = [:]
        // The refused `ab_started` event of each test: the test's other events go with it.
        var refusedStarts: [Int: String] = [:]
        for entry in ordered {
            let event = entry.event
            if let until, event.at > until { break }
            func report(_ reason: RegistryError.Reason) {
                let problem = RegistryError(file: entry.file, line: entry.line, reason: reason)
                problems.append(problem)
                refused.append(RegistryReading.Refused(event: event, problem: problem))
            }
            if let first = fileOfID[event.id] {
                report(.repeatedEventID(event.id, firstFile: first))
                continue
            }
            fileOfID[event.id] = entry.file
            let touched = touches(event, in: state)
            let explaining = explainingKey(of: event, in: state)
            do {
                try state.applyRules(event)
                for key in touched + origins(of: event) { lastTouch[key] = entry }
            } catch {
                let earlier =
                    (explaining ?? explainedBy(error)).flatMap { lastTouch[$0] }
                    ?? touched.compactMap { lastTouch[$0] }.max { $0.event.precedes($1.event) }
                if case .unknownEndpoint(let name) = error, unreadableEndpoints.contains(name) {
                    report(.endpointFileUnreadable(name))
                } else if let test = event.abTestID, let start = refusedStarts[test] {
                    report(.followsFromRefused(error, cause: start))
                } else {
                    if case .abStarted(let start) = event.body { refusedStarts[start.id] = entry.file }
                    report(earlier.map { .conflict(error, other: $0.file, resolve: resolution(of: entry)) } ?? error)
                }
                state.skip(event)
            }
        }
        // File order, then line order; problems on one line keep the order they were found in.
        let sorted = problems.enumerated().sorted {
            ($0.element.file ?? "", $0.element.line ?? 0, $0.offset) < (
                $1.element.file ?? "", $1.element.line ?? 0, $1.offset
            )
        }
        return RegistryReading(
            state: state, problems: sorted.map(\.element), refused: refused, unreadableEndpoints: unreadableEndpoints)
    }

    /// What `event` is about: its versions, its A/B test and the endpoint's running test, and
    /// the endpoint's production slot when it moves a version into or out of production.
    private func touches(_ event: RegistryEvent, in state: RegistryState) -> [String] {
        switch event.body {
        case .endpointCreated(let name, _):
            return ["endpoint \(name)"]
        case .registered(let id, _):
            return ["version \(id)"]
        case .statusChanged(let change):
            var keys = ["version \(change.version)"]
            if change.from == .production || change.to == .production {
                keys.append("production \(change.version.endpoint)")
            }
            return keys
        case .abStarted(let start):
            return ["test \(start.id)", "tests of \(start.endpoint)"]
                + start.arms.map {
                    "version \(VersionID(endpoint: start.endpoint, model: $0.model, version: $0.version))"
                }
        case .abStopped(let stop):
            return ["test \(stop.id)", "tests of \(stop.endpoint)"]
        }
    }

    /// Keys for the event that made something, so that a later event refused because that
    /// thing exists names it rather than the latest event about it: the `registered` event of a
    /// version, the `ab_started` event of a test.
    private func origins(of event: RegistryEvent) -> [String] {
        switch event.body {
        case .registered(let id, _): ["registered \(id)"]
        case .abStarted(let start): ["started \(start.id)"]
        default: []
        }
    }

    /// The key (`origins`) of the event that a refusal of `event` would be about, for the
    /// events whose other side is the one of the same kind: a second registration of a version,
    /// an A/B start while a test runs or with a used id.
    private func explainingKey(of event: RegistryEvent, in state: RegistryState) -> String? {
        switch event.body {
        case .registered(let id, _):
            return state.versions[id] == nil ? nil : "registered \(id)"
        case .abStarted(let start):
            if state.abTests[start.id] != nil { return "started \(start.id)" }
            return state.runningABTest(of: start.endpoint).map { "started \($0.id)" }
        default:
            return nil
        }
    }

    /// The key (`touches`) of the earlier event a refusal is about, when the reason names it:
    /// the production slot for a second production version, the version whose status differs.
    private func explainedBy(_ reason: RegistryError.Reason) -> String? {
        switch reason {
        case .secondProduction(let id, _): "production \(id.endpoint)"
        case .wrongFromStatus(let id, _, _), .alreadyInStatus(let id, _), .illegalTransition(let id, _, _),
            .registeredTwice(let id), .versionChanged(let id, _):
            "version \(id)"
        case .armOfRunningABTest(_, let test), .abTestAlreadyStopped(let test): "test \(test)"
        default: nil
        }
    }

    /// How to resolve a refused event that another branch's event explains.
    private func resolution(of entry: Entry) -> String {
        guard let redo = Self.redo(of: entry.event) else {
            guard case .registered(let id, _) = entry.event.body else { return "" }
            // The version exists on the other side; its artifact folder holds one side's files.
            return "keep one: remove this event (and the events written with it) from its "
                + "branch with `git rm \(entry.file)`, keep research/artifacts/\(id.endpoint)/\(id.model)/\(id.version)/ "
                + "as the version that stays registered (`modelpress registry check --artifacts` says whether it is), "
                + "and give the other pipeline a new version before training it again"
        }
        return "keep one: remove this event (and the events written with it) from its branch with "
            + "`git rm \(entry.file)` and, if still wanted, make the change again on the merged registry with \(redo)"
    }

    /// The command that makes `event`'s change again on a merged registry; nil for a
    /// registration (a version registered on both sides needs a new version instead).
    static func redo(of event: RegistryEvent) -> String? {
        switch event.body {
        case .statusChanged(let change) where change.replacedBy != nil:
            // An automatic archive: the promotion it was written with is the change to make again.
            "`modelpress status \(change.version.endpoint)/\(change.replacedBy ?? "") production`"
        case .statusChanged(let change) where change.abTest == nil:
            "`modelpress status \(change.version) \(change.to.rawValue)`"
        case .abStarted, .abStopped, .statusChanged:
            "`modelpress ab start` or `modelpress ab stop`"
        case .registered:
            nil
        case .endpointCreated:
            "`modelpress registry add-endpoint`"
        }
    }
}

extension Registry {
    /// Reads endpoints/*.json, events/*.json and, before the migration, events.jsonl; a missing
    /// file or folder is an empty one.
    /// - Throws: `RegistryError` only when a file exists but cannot be read.
    func readFiles() throws(RegistryError) -> RegistryFiles {
        var files = RegistryFiles()
        let fileManager = FileManager.default
        let names = (try? fileManager.contentsOfDirectory(atPath: endpointsFolder.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") {
            let shown = display(.endpoints, name)
            let url = endpointsFolder.appendingPathComponent(name)
            guard let data = fileManager.contents(atPath: url.path) else {
                throw RegistryError(file: shown, reason: .readFailed("the file cannot be read"))
            }
            do {
                let definition = try JSONCoding.decoder.decode(
                    EndpointDefinition.self, from: Data(TextFile.withoutByteOrderMark(data)))
                let expected = String(name.dropLast(5))
                guard definition.name == expected else {
                    files.problems.append(
                        RegistryError(
                            file: shown, line: 1, reason: .endpointNameMismatch(file: name, name: definition.name)))
                    continue
                }
                files.definitions[definition.name] = definition
            } catch {
                files.problems.append(Self.unreadable(data, file: shown, error: error))
                files.unreadableEndpoints.insert(String(name.dropLast(5)))
            }
        }
        try readEventFiles(into: &files)
        if fileManager.fileExists(atPath: singleFileLog.path) {
            files.singleFileLog = true
            guard let bytes = fileManager.contents(atPath: singleFileLog.path) else {
                throw RegistryError(file: display(.singleFileLog), reason: .readFailed("the file cannot be read"))
            }
            let (entries, problems) = Self.readSingleFileLog(bytes, name: display(.singleFileLog))
            files.entries += entries
            files.problems += problems
        }
        return files
    }

    /// events/*.json: each decoded on its own (on all cores: a registry of 1,000 versions has
    /// ~1,600), its name and, unless migrated, its id checked against its content.
    private func readEventFiles(into files: inout RegistryFiles) throws(RegistryError) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: eventsFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        let folder = eventsFolder
        let contents = Parallel.map(count: names.count) { index in
            FileManager.default.contents(atPath: folder.appendingPathComponent(names[index]).path)
        }
        let decoded = Parallel.map(count: names.count) { index -> Result<RegistryEvent, any Error>? in
            contents[index].map { data in
                Result {
                    try JSONCoding.decoder.decode(RegistryEvent.self, from: Data(TextFile.withoutByteOrderMark(data)))
                }
            }
        }
        for (index, name) in names.enumerated() {
            let shown = display(.events, name)
            switch decoded[index] {
            case nil:
                throw RegistryError(file: shown, reason: .readFailed("the file cannot be read"))
            case .failure(let error)?:
                files.problems.append(Self.unreadable(contents[index] ?? Data(), file: shown, error: error))
            case .success(let event)?:
                if name != event.fileName {
                    files.problems.append(
                        RegistryError(file: shown, reason: .misnamedEventFile(expected: event.fileName)))
                }
                if !event.isMigrated, event.contentID != event.id {
                    files.problems.append(
                        RegistryError(file: shown, reason: .eventEdited(id: event.id, contentID: event.contentID)))
                    continue
                }
                files.entries.append(RegistryFiles.Entry(file: shown, event: event))
            }
        }
    }

    /// A file that does not decode: a merge left unresolved (git's conflict markers) or bad JSON.
    private static func unreadable(_ data: Data, file: String, error: any Error) -> RegistryError {
        if let line = conflictMarkerLine(in: data) {
            return RegistryError(file: file, line: line, reason: .mergeConflictMarkers(line: line))
        }
        return JSONCoding.problem(error, in: data, file: file)
    }

    /// The line of the first `<<<<<<< ` that starts a line, if any.
    static func conflictMarkerLine(in data: Data) -> Int? {
        let marker = Array("<<<<<<< ".utf8)
        var line = 1
        var atLineStart = true
        for index in data.indices {
            if atLineStart, data[index...].starts(with: marker) { return line }
            atLineStart = data[index] == UInt8(ascii: "\n")
            if atLineStart { line += 1 }
        }
        return nil
    }

    /// The lines of the single-file log (`events.jsonl`), for reading a registry not yet
    /// migrated and the log at a revision before the migration.
    static func readSingleFileLog(
        _ bytes: Data, name: String
    ) -> (entries: [RegistryFiles.Entry], problems: [RegistryError]) {
        var entries: [RegistryFiles.Entry] = []
        var problems: [RegistryError] = []
        let text = TextFile.withoutByteOrderMark(bytes)
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.isEmpty {
                // Only the end of the file (after the last newline) may be empty.
                if index == lines.count - 1 { continue }
                problems.append(
                    RegistryError(file: name, line: number, reason: .badJSON("empty line; every line is one event")))
                continue
            }
            do {
                let event = try JSONCoding.decoder.decode(RegistryEvent.self, from: Data(line))
                entries.append(RegistryFiles.Entry(file: name, line: number, event: event))
            } catch {
                problems.append(RegistryError(file: name, line: number, reason: .badJSON(JSONCoding.explain(error))))
            }
        }
        if !text.isEmpty, text.last != UInt8(ascii: "\n") {
            problems.append(
                RegistryError(file: name, line: lines.count, reason: .badJSON("the last line has no newline")))
        }
        return (entries, problems)
    }
}
