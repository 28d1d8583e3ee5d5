import ServingCore

/// Request bodies as a flat set of named values.
package enum RequestBody {
    /// The body as name → value: a JSON object, or a form.
    /// - Throws: `ServingError` 415 for other media types, 400 for a body that does not parse.
    package static func fields(of request: CGIRequest, limit: Int) throws(ServingError) -> [String: InputValue] {
        guard let mediaType = request.mediaType else {
            throw ServingError(
                .unsupportedMediaType,
                "the body needs a Content-Type: application/json or application/x-www-form-urlencoded")
        }
        switch mediaType {
        case "application/json":
            let body = try request.readBody(limit: limit)
            guard !body.isEmpty else { throw ServingError(.badRequest, "the body is empty; send a JSON object") }
            return try InputValue.fields(ofJSONBody: body)
        case "application/x-www-form-urlencoded":
            let body = try request.readBody(limit: limit)
            // A form never starts with `{` (a browser writes it as %7B); JSON does, and curl's `-d`
            // sends it under this type unless the client names one.
            if body.first(where: { ![9, 10, 13, 32].contains($0) }) == UInt8(ascii: "{") {
                throw ServingError(
                    .unsupportedMediaType,
                    "the body is JSON but its Content-Type is application/x-www-form-urlencoded (curl -d sends that "
                        + "unless told otherwise); send Content-Type: application/json")
            }
            var fields: [String: InputValue] = [:]
            let pairs = FormDecoding.parameters(String(decoding: body, as: UTF8.self))
            for (name, value) in pairs {
                // A field given twice is refused, as a JSON body's repeated key is.
                if fields[name] != nil { _ = try FormDecoding.single(name, in: pairs, what: "form field") }
                fields[name] = .text(value ?? "")
            }
            return fields
        default:
            throw ServingError(
                .unsupportedMediaType,
                "Content-Type \(mediaType) is not accepted; use application/json or application/x-www-form-urlencoded")
        }
    }
}
