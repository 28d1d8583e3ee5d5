import PredictCGICore
import Serving

/// A job's rows as uploaded: a CSV or JSON body, or a file in a browser's form.
struct Upload {
    var bytes: [UInt8]
    var format: JobInput.Format
    /// The form's skip_invalid and explain boxes; nil when the form does not give them (or is
    /// no form): the query may (`QueryParameters.flag(_:form:)`).
    var skipInvalid: Bool?
    var explain: Bool?

    /// - Throws: `ServingError` 415 for other media types, 413 past `limit`, 400 for a form
    ///   without a file.
    init(_ request: CGIRequest, limit: Int) throws(ServingError) {
        guard let mediaType = request.mediaType else {
            throw ServingError(.unsupportedMediaType, "a job needs a Content-Type: \(JobInput.Format.accepted)")
        }
        if let format = JobInput.Format(mediaType: mediaType) {
            bytes = try request.readBody(limit: limit)
            self.format = format
            return
        }
        guard mediaType == "multipart/form-data" else {
            throw ServingError(
                .unsupportedMediaType, "Content-Type \(mediaType) is not accepted; use \(JobInput.Format.accepted)")
        }
        guard let boundary = MultipartForm.parameter("boundary", in: request.contentType ?? "") else {
            throw ServingError(.badRequest, "the multipart Content-Type has no boundary")
        }
        let form = try MultipartForm(body: try request.readBody(limit: limit), boundary: boundary)
        guard let file = form.part("file") else {
            throw ServingError(
                .badRequest, "the form has no file; send it as the field 'file'",
                errors: [.init(field: "file", message: "is required")])
        }
        bytes = file.bytes
        let name = file.filename?.lowercased() ?? ""
        format =
            name.hasSuffix(".json") ? .json : name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") ? .jsonLines : .csv
        skipInvalid = try Self.flag("skip_invalid", in: form)
        explain = try Self.flag("explain", in: form)
    }

    /// A box of the upload form, read as the query's flags are (`FormDecoding.flag`; a box
    /// without a value attribute sends `on`); nil when the form does not give it, or gives it empty.
    /// - Throws: `ServingError` 400 for a value that is no flag, or a box given twice.
    static func flag(_ name: String, in form: MultipartForm) throws(ServingError) -> Bool? {
        let values = form.parts.filter { $0.name == name }.map {
            (name, Optional(String(decoding: $0.bytes, as: UTF8.self)))
        }
        guard let value = try FormDecoding.single(name, in: values, what: "form field"), let value, !value.isEmpty
        else { return nil }
        return try FormDecoding.flag(name, value)
    }
}
