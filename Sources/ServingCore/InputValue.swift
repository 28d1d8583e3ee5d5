import Scoring

/// One value of a prediction request as the client sent it, before validation.
public enum InputValue: Equatable, Sendable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null
    /// An array or object, which no field accepts.
    case nested

    /// How the value reads in an error message: text as a message cites data
    /// (`CategoryName.cited`: quoted, its line breaks and control characters escaped, at most
    /// 40 characters).
    package var shortDescription: String {
        switch self {
        case .text(let text): return CategoryName.cited(text)
        case .number(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .nested: return "an array or object"
        }
    }
}
