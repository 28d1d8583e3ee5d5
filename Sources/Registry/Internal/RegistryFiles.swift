import Basics
import Foundation
import Models

/// The registry's files as read from disk, before they are folded.
struct RegistryFiles {
    /// A line of events.jsonl that parsed as an event.
    struct Line {
        var number: Int
        /// `nil` when the line is not a valid event (its problem is in `problems`).
        var event: RegistryEvent?
        /// The line's `seq`, when it has one even though it is not a valid event.
        var seq: Int?
    }

    var definitions: [String: EndpointDefinition] = [:]
    var lines: [Line] = []
    /// Problems found while reading (bad JSON, misnamed endpoint files).
    var problems: [RegistryError] = []
    /// The event log's bytes, to which writes append.
    var eventBytes = Data()
    /// How to name events.jsonl in messages.
    var eventsName = RepositoryLayout.RegistryFile.events.rawValue

    /// Folds the events in order, collecting every problem instead of stopping at the first:
    /// events with a repeated sequence number or that break a rule are skipped; a gap in the
    /// numbers or time going backwards is reported and the event still folded.
    func fold() -> (RegistryState, [RegistryError]) {
        var state = RegistryState(definitions: definitions)
        var problems = self.problems
        var lineOfSeq: [Int: Int] = [:]
        // Unreadable lines since the last event without a `seq`: a gap that size is theirs.
        var unnumbered = 0
        for line in lines {
            guard let event = line.event else {
                if let seq = line.seq {
                    state.skip(seq: seq, at: nil)
                } else {
                    unnumbered += 1
                }
                continue
            }
            func report(_ reason: RegistryError.Reason) {
                problems.append(RegistryError(file: eventsName, line: line.number, reason: reason))
            }
            switch state.orderProblem(of: event) {
            case .repeatedSequenceNumber(let seq, _)?:
                report(.repeatedSequenceNumber(seq, firstLine: lineOfSeq[seq]))
                continue
            case .missingSequenceNumbers(let expected, let found)? where found - expected <= unnumbered:
                break
            case let problem?:
                report(problem)
            case nil:
                break
            }
            unnumbered = 0
            lineOfSeq[event.seq] = lineOfSeq[event.seq] ?? line.number
            do {
                try state.applyRules(event)
            } catch {
                report(error)
                state.skip(seq: event.seq, at: event.at)
            }
        }
        // File order, then line order; problems on one line keep the order they were found in.
        let ordered = problems.enumerated().sorted {
            ($0.element.file ?? "", $0.element.line ?? 0, $0.offset) < (
                $1.element.file ?? "", $1.element.line ?? 0, $1.offset
            )
        }
        return (state, ordered.map(\.element))
    }
}

extension Registry {
    /// Reads endpoints/*.json and events.jsonl; a missing file or folder is an empty one.
    /// - Throws: `RegistryError` only when a file exists but cannot be read.
    func readFiles() throws(RegistryError) -> RegistryFiles {
        var files = RegistryFiles()
        files.eventsName = display(.events)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: endpointsFolder.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") {
            let shown = display(.endpoints, name)
            let url = endpointsFolder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
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
                files.problems.append(RegistryError(file: shown, line: 1, reason: .badJSON(JSONCoding.explain(error))))
            }
        }
        guard FileManager.default.fileExists(atPath: eventsFile.path) else { return files }
        guard let bytes = FileManager.default.contents(atPath: eventsFile.path) else {
            throw RegistryError(file: files.eventsName, reason: .readFailed("the file cannot be read"))
        }
        files.eventBytes = bytes
        // The lines' byte ranges, found with a plain loop (the generic `split` on `Data` took a
        // dynamic exclusivity check per byte).
        var lineRanges: [Range<Int>] = []
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            // A byte order mark (an editor on Windows) is not part of the first event.
            var start = raw.starts(with: TextFile.byteOrderMark) ? TextFile.byteOrderMark.count : 0
            for (index, byte) in raw.enumerated() where byte == UInt8(ascii: "\n") {
                lineRanges.append(start..<index)
                start = index + 1
            }
            lineRanges.append(start..<raw.count)
        }
        let rawLines = lineRanges.map { bytes[bytes.startIndex + $0.lowerBound..<bytes.startIndex + $0.upperBound] }
        // Lines decode independently: on all cores (a registry of 1,000 versions has ~1,600).
        let decoded = Parallel.map(count: rawLines.count) { index in
            rawLines[index].isEmpty
                ? nil : try? JSONCoding.decoder.decode(RegistryEvent.self, from: Data(rawLines[index]))
        }
        for (index, raw) in rawLines.enumerated() {
            let number = index + 1
            if raw.isEmpty {
                // Only the end of the file (after the last newline) may be empty.
                if index == rawLines.count - 1 { continue }
                files.problems.append(
                    RegistryError(
                        file: files.eventsName, line: number, reason: .badJSON("empty line; every line is one event")))
                continue
            }
            do {
                let event = try decoded[index] ?? JSONCoding.decoder.decode(RegistryEvent.self, from: Data(raw))
                files.lines.append(RegistryFiles.Line(number: number, event: event, seq: event.seq))
            } catch {
                files.problems.append(
                    RegistryError(file: files.eventsName, line: number, reason: .badJSON(JSONCoding.explain(error))))
                let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any]
                files.lines.append(RegistryFiles.Line(number: number, event: nil, seq: object?["seq"] as? Int))
            }
        }
        if !bytes.isEmpty, bytes.last != UInt8(ascii: "\n") {
            files.problems.append(
                RegistryError(
                    file: files.eventsName, line: rawLines.count, reason: .badJSON("the last line has no newline")))
        }
        return files
    }
}
