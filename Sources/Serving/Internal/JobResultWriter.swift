import Models

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a job's result as CSV and JSON into temporary files beside their final place, and
/// renames them into place only when the whole job is done, so a result file is never partial.
final class JobResultWriter {
    /// `YYYY-MM-DD/<id>-<attempt>`: the day folder and the file name without its extension
    /// (an attempt's own name, so an attempt that lost its lease never touches another's files).
    let resultFile: String
    private let folder: String
    private let name: String
    private var csv: UnsafeMutablePointer<FILE>?
    private var json: UnsafeMutablePointer<FILE>?
    private var rows = 0

    /// Creates `<results>/<day>/` and the temporary files.
    /// - Throws: `ServingError` 503 naming the folder when it cannot be written.
    init(results: String, day: String, name: String, header: [String]) throws(ServingError) {
        folder = results + "/" + day
        self.name = name
        resultFile = day + "/" + name
        do {
            try RequestLog.createFolder(of: folder + "/" + name)
        } catch {
            throw ServingError(.unavailable, "the results folder cannot be created", detail: "\(folder): \(error)")
        }
        csv = fopen(temporary("csv"), "w")
        json = fopen(temporary("json"), "w")
        guard csv != nil, json != nil else {
            discard()
            throw ServingError(
                .unavailable, "a result file cannot be written",
                detail: "\(folder): \(String(cString: strerror(errno)))")
        }
        put(ResultEncoding.csvLine(header), to: csv)
        put(ResultEncoding.jsonStart, to: json)
    }

    /// Appends one row to both files: `cells` to the CSV, `object` (a JSON object) to the JSON.
    func append(cells: [String], object: String) {
        put(ResultEncoding.csvLine(cells), to: csv)
        put(ResultEncoding.jsonSeparator(before: rows) + object, to: json)
        rows += 1
    }

    /// Closes the files and moves them into place.
    /// - Throws: `ServingError` 503 when a write failed (a full disk) or a rename did.
    func finish() throws(ServingError) {
        put(ResultEncoding.jsonEnd, to: json)
        let failed = [csv, json].contains { ferror($0) != 0 }
        let closed = [fclose(csv), fclose(json)].allSatisfy { $0 == 0 }
        csv = nil
        json = nil
        guard !failed && closed else {
            discard()
            throw ServingError(.unavailable, "the result files could not be written completely", detail: folder)
        }
        for ext in ["csv", "json"] where rename(temporary(ext), final(ext)) != 0 {
            discard()
            throw ServingError(
                .unavailable, "the result cannot be put in place",
                detail: "\(final(ext)): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes whatever was written (the job failed or its lease was lost).
    func discard() {
        if let csv { fclose(csv) }
        if let json { fclose(json) }
        csv = nil
        json = nil
        for ext in ["csv", "json"] { unlink(temporary(ext)) }
    }

    /// Where a finished result's file is: `<results>/<resultFile>.<ext>`.
    static func path(results: String, resultFile: String, ext: String) -> String {
        results + "/" + resultFile + "." + ext
    }

    /// Whether `resultFile` has exactly the form this writer gives (`YYYY-MM-DD/<id>-<attempt>`),
    /// checked before it becomes part of a path.
    static func isWellFormed(_ resultFile: String, id: String) -> Bool {
        let parts = resultFile.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 10,
            parts[0].utf8.allSatisfy({ (48...57).contains($0) || $0 == 45 }),
            parts[1].hasPrefix(id + "-"), let attempt = Int(parts[1].dropFirst(id.count + 1)), attempt > 0
        else { return false }
        return JobID.isValid(id)
    }

    private func final(_ ext: String) -> String { folder + "/" + name + "." + ext }

    private func temporary(_ ext: String) -> String { folder + "/." + name + "." + ext + ".tmp" }

    private func put(_ text: String, to file: UnsafeMutablePointer<FILE>?) {
        guard let file else { return }
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, file) }
    }
}
