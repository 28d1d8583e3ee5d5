import Basics
import JSONReading
import Scoring

// Reading serving.json with `JSONReader`: predict.cgi reads it on every request, and
// `JSONDecoder`'s generic containers were a tenth of a request's time. The keys are the ones
// the `Encodable` conformance writes (the tests check a snapshot reads and writes back to the
// same bytes).

extension ServingSnapshot {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var format: Int?, seq: Int?, endpoints: [String: Endpoint]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "format": format = try reader.int()
            case "seq": seq = try reader.int()
            case "endpoints":
                var map: [String: Endpoint] = [:]
                try reader.beginObject()
                while let name = try reader.nextKey() { map[name.string] = try Endpoint(reading: &reader) }
                endpoints = map
            default: try reader.skipValue()
            }
        }
        self.format = try reader.required(format, "format")
        self.seq = try reader.required(seq, "seq")
        self.endpoints = try reader.required(endpoints, "endpoints")
    }
}

extension ServingSnapshot.Endpoint {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var schema: Schema?, versions: [ServingSnapshot.Version]?, abTest: ServingSnapshot.ABTest?
        var archived: [String] = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "schema": schema = try Schema(reading: &reader)
            case "versions": versions = try reader.array(ServingSnapshot.Version.init(reading:))
            case "ab_test": abTest = try reader.optional(ServingSnapshot.ABTest.init(reading:))
            case "archived": archived = try reader.array { reader throws(JSONReadError) in try reader.string() }
            default: try reader.skipValue()
            }
        }
        self.init(
            schema: try reader.required(schema, "schema"), versions: try reader.required(versions, "versions"),
            abTest: abTest, archived: archived)
    }
}

extension ServingSnapshot.Version {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var model: String?, version: String?, status: ModelStatus?, artifact: String?, sha256: String?
        var size: Int?, ranges: [String: ClosedRange<Double>] = [:], neverMissing: Set<String> = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "model": model = try reader.string()
            case "version": version = try reader.string()
            case "status":
                let text = try reader.string()
                guard let known = ModelStatus(rawValue: text) else { throw reader.fail("unknown status \"\(text)\"") }
                status = known
            case "artifact": artifact = try reader.string()
            case "sha256": sha256 = try reader.string()
            case "size": size = try reader.int()
            case "training_ranges": ranges = try TrainingProfile.ranges(reading: &reader)
            case "never_missing":
                neverMissing = Set(try reader.array { reader throws(JSONReadError) in try reader.string() })
            default: try reader.skipValue()
            }
        }
        self.init(
            model: try reader.required(model, "model"), version: try reader.required(version, "version"),
            status: try reader.required(status, "status"), artifact: try reader.required(artifact, "artifact"),
            sha256: try reader.required(sha256, "sha256"), size: Int64(try reader.required(size, "size")),
            trainingProfile: TrainingProfile(ranges: ranges, neverMissing: neverMissing))
    }
}

extension ServingSnapshot.ABTest {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var id: Int?, arms: [Arm]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "id": id = try reader.int()
            case "arms": arms = try reader.array(Arm.init(reading:))
            default: try reader.skipValue()
            }
        }
        self.init(id: try reader.required(id, "id"), arms: try reader.required(arms, "arms"))
    }
}

extension ServingSnapshot.ABTest.Arm {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var arm: String?, model: String?, version: String?, percent: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "arm": arm = try reader.string()
            case "model": model = try reader.string()
            case "version": version = try reader.string()
            case "percent": percent = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            arm: try reader.required(arm, "arm"), model: try reader.required(model, "model"),
            version: try reader.required(version, "version"), percent: try reader.required(percent, "percent"))
    }
}
