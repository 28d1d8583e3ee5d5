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

    /// The whole error, detail included: for the CLI and the server's error log.
    public var description: String {
        ([message + (detail.map { ": " + $0 } ?? "")] + errors.map { "\($0.field): \($0.message)" })
            .joined(separator: "; ")
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
