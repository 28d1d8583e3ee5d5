import Basics
import Foundation
import Models

/// Events are flat JSON objects; the writer sorts keys, so the order is stable:
/// `{"at":…,"by":…,"endpoint":…,"from":…,"id":"…","kind":"status_changed","model":…,"note":…,"tick":7,"to":…,"version":…}`.
/// A line of the single-file log (`events.jsonl`, before the migration) has `seq` instead of
/// `id` and `tick`; it reads as `id` `"<seq>"` and `tick` `seq`.
extension RegistryEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case id, tick, seq, at, by, note, kind, endpoint, model, version
        case owner, facts, from, to
        case replacedBy = "replaced_by"
        case abTest = "ab_test"
        case title, arms, winner, summary, aborted
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.id) || !c.contains(.seq) {
            id = try c.decode(String.self, forKey: .id)
            tick = try c.decode(Int.self, forKey: .tick)
        } else {
            tick = try c.decode(Int.self, forKey: .seq)
            id = String(tick)
        }
        at = try c.decode(Timestamp.self, forKey: .at)
        by = try c.decode(String.self, forKey: .by)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        let endpoint = try c.decode(String.self, forKey: .endpoint)
        func version() throws -> VersionID {
            VersionID(
                endpoint: endpoint, model: try c.decode(String.self, forKey: .model),
                version: try c.decode(String.self, forKey: .version))
        }
        switch try c.decode(Kind.self, forKey: .kind) {
        case .endpointCreated:
            body = .endpointCreated(endpoint: endpoint, owner: try c.decode(String.self, forKey: .owner))
        case .registered:
            body = .registered(try version(), try c.decode(VersionFacts.self, forKey: .facts))
        case .statusChanged:
            body = .statusChanged(
                StatusChange(
                    version: try version(), from: try c.decode(ModelStatus.self, forKey: .from),
                    to: try c.decode(ModelStatus.self, forKey: .to),
                    replacedBy: try c.decodeIfPresent(String.self, forKey: .replacedBy),
                    abTest: try c.decodeIfPresent(Int.self, forKey: .abTest)))
        case .abStarted:
            body = .abStarted(
                ABStart(
                    id: try c.decode(Int.self, forKey: .abTest), endpoint: endpoint,
                    title: try c.decode(String.self, forKey: .title), arms: try c.decode([ABArm].self, forKey: .arms)))
        case .abStopped:
            body = .abStopped(
                ABStop(
                    id: try c.decode(Int.self, forKey: .abTest), endpoint: endpoint,
                    winner: try c.decodeIfPresent(String.self, forKey: .winner),
                    summary: try c.decodeIfPresent(ABTestSummary.self, forKey: .summary),
                    aborted: try c.decodeIfPresent(Bool.self, forKey: .aborted) ?? false))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !id.isEmpty { try c.encode(id, forKey: .id) }
        try c.encode(tick, forKey: .tick)
        try c.encode(at, forKey: .at)
        try c.encode(by, forKey: .by)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encode(kind, forKey: .kind)
        try c.encode(endpoint, forKey: .endpoint)
        if let version {
            try c.encode(version.model, forKey: .model)
            try c.encode(version.version, forKey: .version)
        }
        switch body {
        case .endpointCreated(_, let owner):
            try c.encode(owner, forKey: .owner)
        case .registered(_, let facts):
            try c.encode(facts, forKey: .facts)
        case .statusChanged(let change):
            try c.encode(change.from, forKey: .from)
            try c.encode(change.to, forKey: .to)
            try c.encodeIfPresent(change.replacedBy, forKey: .replacedBy)
            try c.encodeIfPresent(change.abTest, forKey: .abTest)
        case .abStarted(let start):
            try c.encode(start.id, forKey: .abTest)
            try c.encode(start.title, forKey: .title)
            try c.encode(start.arms, forKey: .arms)
        case .abStopped(let stop):
            try c.encode(stop.id, forKey: .abTest)
            try c.encodeIfPresent(stop.winner, forKey: .winner)
            try c.encodeIfPresent(stop.summary, forKey: .summary)
            // Only when true: every stop written before aborts existed keeps its bytes and id.
            if stop.aborted { try c.encode(true, forKey: .aborted) }
        }
    }
}

extension RegistryEvent {
    /// The event as one line of compact JSON with sorted keys (`history --json`).
    /// - Throws: `RegistryError` (`.writeFailed`) when the event cannot be encoded.
    public static func jsonLine(_ event: RegistryEvent) throws(RegistryError) -> String {
        do {
            return String(decoding: try JSONCoding.line(event), as: UTF8.self)
        } catch {
            throw RegistryError(reason: .writeFailed("cannot encode event \(event.id)"))
        }
    }

    /// The first 16 hex digits of the SHA-256 of the event's compact JSON without its `id`:
    /// the id of every event written since the one-file-per-event layout, which `registry
    /// check` recomputes, so an event edited in place shows.
    public var contentID: String {
        var content = self
        content.id = ""
        let bytes = (try? JSONCoding.line(content)) ?? Data()
        return String(Digest.sha256(bytes).prefix(16))
    }

    /// Whether `id` is a number shorter than a digest: an event migrated from the single-file
    /// log, whose id is not a digest of its content.
    var isMigrated: Bool { (1..<16).contains(id.count) && id.allSatisfy { $0.isASCII && $0.isNumber } }

    /// The event's file in `events/`: `<at as 20261122T044337Z>-<id>.json`, so a listing is
    /// roughly in time order and two branches never write the same name.
    public var fileName: String {
        String(at.description.filter { $0 != "-" && $0 != ":" }) + "-\(id).json"
    }
}
