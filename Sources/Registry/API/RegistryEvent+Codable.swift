import Basics

/// Events are flat JSON objects; the writer sorts keys, so the order is stable:
/// `{"at":…,"by":…,"endpoint":…,"kind":"status_changed","from":…,"model":…,"note":…,"seq":7,"to":…,"version":…}`.
extension RegistryEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case seq, at, by, note, kind, endpoint, model, version
        case owner, facts, from, to
        case replacedBy = "replaced_by"
        case abTest = "ab_test"
        case title, arms, winner, summary
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int.self, forKey: .seq)
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
                    summary: try c.decodeIfPresent(ABTestSummary.self, forKey: .summary)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
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
        }
    }
}

extension RegistryEvent {
    /// The event as it is stored: one line of compact JSON with sorted keys.
    /// - Throws: `RegistryError` (`.writeFailed`) when the event cannot be encoded.
    public static func jsonLine(_ event: RegistryEvent) throws(RegistryError) -> String {
        do {
            return String(decoding: try JSONCoding.line(event), as: UTF8.self)
        } catch {
            throw RegistryError(reason: .writeFailed("cannot encode event \(event.seq)"))
        }
    }
}
