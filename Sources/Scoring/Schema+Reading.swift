import JSONReading

// Reading a schema with `JSONReader`: predict.cgi reads the serving snapshot, which holds every
// endpoint's schema, on each request. The keys are the ones the `Codable` conformance writes.

extension Schema {
    public init(reading reader: inout JSONReader) throws(JSONReadError) {
        var fields: [Field]?, label: String?, labelValues: [String]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "fields": fields = try reader.array(Field.init(reading:))
            case "label": label = try reader.string()
            case "label_values": labelValues = try reader.array { r throws(JSONReadError) in try r.string() }
            default: try reader.skipValue()
            }
        }
        self.init(
            fields: try reader.required(fields, "fields"), label: try reader.required(label, "label"),
            labelValues: try reader.required(labelValues, "label_values"))
    }
}

extension Field {
    public init(reading reader: inout JSONReader) throws(JSONReadError) {
        var name: String?, kind: Kind?, categories: [String]?, minimum: Double?, maximum: Double?
        var nullable = false, trainingMinimum: Double?, trainingMaximum: Double?, trainingMissing: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "name": name = try reader.string()
            case "kind":
                let text = try reader.string()
                guard let known = Kind(rawValue: text) else { throw reader.fail("unknown field kind \"\(text)\"") }
                kind = known
            case "categories": categories = try reader.array { r throws(JSONReadError) in try r.string() }
            case "minimum": minimum = try reader.optional { r throws(JSONReadError) in try r.double() }
            case "maximum": maximum = try reader.optional { r throws(JSONReadError) in try r.double() }
            case "nullable": nullable = try reader.bool()
            case "training_minimum": trainingMinimum = try reader.double()
            case "training_maximum": trainingMaximum = try reader.double()
            case "training_missing": trainingMissing = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.required(name, "name"), kind: try reader.required(kind, "kind"),
            categories: try reader.required(categories, "categories"), minimum: minimum, maximum: maximum,
            nullable: nullable, trainingMinimum: trainingMinimum, trainingMaximum: trainingMaximum,
            trainingMissing: trainingMissing)
    }
}
