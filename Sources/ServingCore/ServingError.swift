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
    /// One sentence a client can act on.
    public var message: String
    public var errors: [FieldProblem]

    public init(_ reason: Reason, _ message: String, errors: [FieldProblem] = []) {
        self.reason = reason
        self.message = message
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

    public var description: String {
        ([message] + errors.map { "\($0.field): \($0.message)" }).joined(separator: "; ")
    }

    /// The contract's error body: `{"status":"Error","message":…,"errors":[{"field":…,"message":…}]}`.
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
