import Basics
import Foundation

extension Registry {
    /// `check()`, and every event that existed at `revision` (a commit git knows, e.g. the
    /// target branch of a pull request) but was since edited, removed or moved in the order:
    /// the log is append-only, so a rewrite of history shows. A log at `revision` in the
    /// single-file layout is compared by id with the migrated events.
    /// - Returns: the problems; empty when the registry is sound and only appended to.
    public func check(since revision: String) -> [RegistryError] {
        var problems: [RegistryError] = []
        guard Git.text(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: folder) != nil else {
            let base = check()
            problems.append(
                RegistryError(
                    file: displayName,
                    reason: .readFailed(
                        "git does not know the revision '\(revision)' here; fetch it first (`git fetch origin "
                            + "<branch>`: a shallow clone does not have the target branch)")))
            return base + problems
        }
        let base = check(protecting: revision)
        let old = eventsAt(revision)
        problems += old.problems
        let current: RegistryFiles
        do { current = try readFiles() } catch { return base + problems + [error] }
        let now = Dictionary(current.entries.map { ($0.event.id, $0) }, uniquingKeysWith: { first, _ in first })
        let order = current.entries.map(\.event).sorted { $0.precedes($1) }.map(\.id)
        var position: [String: Int] = [:]
        for (index, id) in order.enumerated() { position[id] = position[id] ?? index }

        var kept: [(id: String, file: String)] = []
        for entry in old.entries {
            let event = entry.event
            // A file is restored from the revision; a line of the single-file log is found there.
            let restore =
                entry.line.map { "git show \(revision):./\(relative(entry.file)) (line \($0))" }
                ?? "git checkout \(revision) -- \(entry.file)"
            func report(_ how: String) {
                problems.append(
                    RegistryError(
                        file: entry.file, line: entry.line,
                        reason: .rewrittenSince(revision: revision, event: event.id, how: how, restore: restore)))
            }
            let moved = "moved in the order (its time or tick changed)"
            if let before = entry.bytes, let bytes = bytes(of: entry.file) {
                // Its file is still there: it must hold the same bytes.
                if bytes == before {
                    kept.append((event.id, entry.file))
                } else if let now = try? JSONCoding.decoder.decode(RegistryEvent.self, from: bytes),
                    now.at != event.at || now.tick != event.tick
                {
                    report(moved)
                } else {
                    report("edited")
                }
            } else if let found = now[event.id] {
                if found.event.at != event.at || found.event.tick != event.tick {
                    report(moved)
                } else if found.event != event {
                    report("edited")
                } else {
                    kept.append((event.id, entry.file))
                }
            } else {
                report("removed")
            }
        }
        // Events that kept their time and tick keep their order, unless an id changed it.
        for (earlier, later) in zip(kept, kept.dropFirst())
        where (position[earlier.id] ?? 0) > (position[later.id] ?? 0) {
            problems.append(
                RegistryError(
                    file: later.file,
                    reason: .rewrittenSince(
                        revision: revision, event: later.id, how: "moved before event \(earlier.id)",
                        restore: "git checkout \(revision) -- \(displayName)")))
        }
        // The rewrites are the cause: they come first, and a rule an event that existed at the
        // revision now breaks follows from them (that event is never the one to remove).
        guard !problems.isEmpty else { return base }
        let oldFiles = Set(old.entries.filter { $0.line == nil }.map(\.file))
        return problems
            + base.map { problem in
                guard let file = problem.file, oldFiles.contains(file) else { return problem }
                var reason = problem.reason
                switch reason {
                case .conflict(let rule, _, _): reason = rule
                case .followsFromRefused, .endpointFileUnreadable: return problem  // names its own cause
                default: break
                }
                return RegistryError(
                    file: file, line: problem.line, reason: .followsFromRewrite(reason, revision: revision))
            }
    }

    /// An event as it was at a revision, with its bytes when it had its own file.
    struct OldEntry {
        var file: String
        var line: Int?
        var event: RegistryEvent
        var bytes: Data?
    }

    /// The events at `revision` in the log's order at that revision, read with git.
    private func eventsAt(_ revision: String) -> (entries: [OldEntry], problems: [RegistryError]) {
        let listing = Git.text(["ls-tree", "-r", "--name-only", revision, "--", "."], in: folder) ?? ""
        let paths = listing.split(separator: "\n").map(String.init).filter {
            $0 == RepositoryLayout.RegistryFile.singleFileLog.rawValue
                || ($0.hasPrefix(RepositoryLayout.RegistryFile.events.rawValue + "/") && $0.hasSuffix(".json"))
        }
        guard !paths.isEmpty else { return ([], []) }
        let request = Data(paths.map { "\(revision):./\($0)\n" }.joined().utf8)
        guard let output = Git.run(["cat-file", "--batch"], in: folder, input: request) else {
            return (
                [], [RegistryError(file: displayName, reason: .readFailed("git cannot read the log at \(revision)"))]
            )
        }
        var entries: [OldEntry] = []
        var problems: [RegistryError] = []
        var cursor = output.startIndex
        for path in paths {
            // Each answer is "<object> blob <size>\n<bytes>\n".
            guard let headerEnd = output[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[cursor..<headerEnd], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]) else { break }
            let body = Data(output[(headerEnd + 1)..<(headerEnd + 1 + size)])
            cursor = headerEnd + 1 + size + 1
            let shown = "\(displayName)/\(path)"
            if path == RepositoryLayout.RegistryFile.singleFileLog.rawValue {
                let (lines, _) = Self.readSingleFileLog(body, name: shown)
                entries += lines.map { OldEntry(file: shown, line: $0.line, event: $0.event) }
            } else if let event = try? JSONCoding.decoder.decode(RegistryEvent.self, from: body) {
                entries.append(OldEntry(file: shown, event: event, bytes: body))
            } else {
                problems.append(
                    RegistryError(
                        file: shown, reason: .badJSON("at \(revision) the file is not an event; it cannot be compared"))
                )
            }
        }
        entries.sort { $0.event.precedes($1.event) }
        return (entries, problems)
    }

    /// A file as messages name it, relative to the registry folder.
    func relative(_ shown: String) -> String {
        shown.hasPrefix(displayName + "/") ? String(shown.dropFirst(displayName.count + 1)) : shown
    }

    private func bytes(of shown: String) -> Data? {
        FileManager.default.contents(atPath: folder.appendingPathComponent(relative(shown)).path)
    }
}
