import JSONWriting

/// A request predict.cgi refuses, with the HTTP status it answers and the fields at fault.
public struct ServingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One problem with one input field.
    public struct FieldProblem: Error, Equatable, Sendable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public enum Reason: Equatable, Sendable {
        case badRequest
        case forbidden
        case notFound
        case methodNotAllowed(allow: [String])
        case conflict
        case gone
        case payloadTooLarge
        case unsupportedMediaType
        case unavailable
        case internalError
    }

    public var reason: Reason
    /// One sentence a client can act on; answered, so it never holds the server's paths or
    /// internals.
    public var message: String
    /// What the server's operator needs and a client must not see (a path, a cause from the
    /// file system or SQLite, what to fix): written to the server's error log (predict.cgi's
    /// standard error) and printed by the CLI, never answered.
    public var detail: String?
    public var errors: [FieldProblem]

    public init(_ reason: Reason, _ message: String, detail: String? = nil, errors: [FieldProblem] = []) {
        self.reason = reason
        self.message = message
        self.detail = detail
        self.errors = errors
    }

    /// The HTTP status code and its reason phrase.
    public var status: (code: Int, phrase: String) {
        switch reason {
        case .badRequest: return (400, "Bad Request")
        case .forbidden: return (403, "Forbidden")
        case .notFound: return (404, "Not Found")
        case .methodNotAllowed: return (405, "Method Not Allowed")
        case .conflict: return (409, "Conflict")
        case .gone: return (410, "Gone")
        case .payloadTooLarge: return (413, "Content Too Large")
        case .unsupportedMediaType: return (415, "Unsupported Media Type")
        case .unavailable: return (503, "Service Unavailable")
        case .internalError: return (500, "Internal Server Error")
        }
    }

    /// The whole error, detail included: for the CLI and the server's error log. Each problem
    /// is `field: message`, the field quoted (`'note': …`) where it is one of the words the CLI
    /// begins its own lines with, so that a field named `note` does not read as a note
    /// (trial17 #7); other fields stay plain, as the CLI's row messages (`row 3: age: …`) have them.
    public var description: String {
        ([message + (detail.map { ": " + $0 } ?? "")] + errors.map { "\(Self.shown(field: $0.field)): \($0.message)" })
            .joined(separator: "; ")
    }

    /// The words the CLI begins a line of its own with (`error:`, `warning:`, `note:`, `next:`).
    static let lineWords: Set<String> = ["error", "warning", "note", "next", "hint"]

    /// `field` as `description` writes it: a field that is one of `lineWords` quoted, also as
    /// the field of a row (`row 3: 'note'`).
    static func shown(field: String) -> String {
        var row = ""
        var name = Substring(field)
        if field.hasPrefix("row "), let colon = field.firstIndex(of: ":") {
            let rest = field[field.index(after: colon)...]
            row = String(field[...colon]) + " "
            name = rest.drop { $0 == " " }
        }
        return lineWords.contains(name.lowercased()) ? row + "'\(name)'" : field
    }

    /// The contract's error body: `{"status":"Error","message":…,"errors":[{"field":…,"message":…}]}`,
    /// without `detail`.
    public var json: String {
        var writer = JSONWriter()
        writer.object {
            $0.field("status", "Error")
            $0.field("message", message)
            $0.array("errors", errors) { item, problem in
                item.object {
                    $0.field("field", problem.field)
                    $0.field("message", problem.message)
                }
            }
        }
        return writer.text
    }
}
