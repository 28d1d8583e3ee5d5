import PredictCGICore
import Scoring
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
    ///   without a file or with a field it does not take (`check`).
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
        try Self.check(form)
        guard let file = form.part("file") else {
            throw ServingError(
                .badRequest, "the form has no file; send it as the field 'file'",
                errors: [.init(field: "file", message: "is required")])
        }
        // A text field named `file` (`-F file=rows`) is no upload: read as a CSV it gave one
        // "no column" error per field (trial19 #13).
        guard let filename = file.filename else {
            throw ServingError(
                .badRequest,
                "file must be a file upload, not a text field; send the rows as a file (curl -F file=@rows.csv), "
                    + "or as the body with Content-Type: text/csv",
                errors: [.init(field: "file", message: "must be a file upload, not a text field")])
        }
        bytes = file.bytes
        let name = filename.lowercased()
        format =
            name.hasSuffix(".json") ? .json : name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") ? .jsonLines : .csv
        skipInvalid = try Self.flag("skip_invalid", in: form)
        explain = try Self.flag("explain", in: form)
    }

    /// The upload form's fields: the file and the two boxes.
    static let formFields = ["file", "skip_invalid", "explain"]

    /// Refuses what the form would otherwise ignore, as the query and a urlencoded form are
    /// refused (trial17 #4: `bogus=1`, a mis-cased `Skip_Invalid` box and a second file were
    /// ignored, so a job ran on one file without its box).
    /// - Throws: `ServingError` 400 naming every field that is not one of `formFields` (a
    ///   case variant told that names are lower case; a file sent under another name told that a
    ///   job takes one file), or `file` given more than once.
    static func check(_ form: MultipartForm) throws(ServingError) {
        var unknown: [MultipartForm.Part] = []
        for part in form.parts
        where !formFields.contains(part.name) && !unknown.contains(where: { $0.name == part.name }) {
            unknown.append(part)
        }
        if !unknown.isEmpty {
            let accepted = formFields.joined(separator: ", ")
            func hint(_ part: MultipartForm.Part) -> String {
                part.filename != nil && part.name.lowercased() != "file"
                    ? " (a job takes one file, as 'file')" : QueryParameters.hint(for: part.name, accepted: formFields)
            }
            throw ServingError(
                .badRequest,
                "unknown form field\(unknown.count == 1 ? "" : "s") "
                    + unknown.map { "\(CategoryName.cited($0.name))\(hint($0))" }.joined(separator: ", ")
                    + "; the upload form takes \(accepted)",
                errors: unknown.map {
                    .init(field: $0.name, message: "is not a field of the upload form\(hint($0)); it takes \(accepted)")
                })
        }
        let files = form.parts.filter { $0.name == "file" }
        guard files.count <= 1 else {
            let names = files.map { $0.filename.map { "\(CategoryName.cited($0))" } ?? "(no file name)" }
            throw ServingError(
                .badRequest,
                "the form gives \(files.count) files as 'file' (\(names.joined(separator: ", "))); a job takes one "
                    + "file: send each as a job of its own",
                errors: [.init(field: "file", message: "is given \(files.count) times; give one file")])
        }
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
