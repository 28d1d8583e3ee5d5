import Basics
import Scoring

/// One value of a prediction request as the client sent it, before validation.
public enum InputValue: Equatable, Sendable {
    case text(String)
    /// A JSON number: its value and its text as sent (`InputNumber`).
    case number(InputNumber)
    case bool(Bool)
    case null
    /// An array or object, which no field accepts.
    case nested

    /// How the value reads in an error message: text as a message cites data
    /// (`CategoryName.cited`: quoted, its line breaks and control characters escaped, at most
    /// 40 characters); a number as it was sent.
    package var shortDescription: String {
        switch self {
        case .text(let text): return CategoryName.cited(text)
        case .number(let number): return CategoryName.shortened(number.text)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .nested: return "an array or object"
        }
    }
}

/// A JSON number as a request sent it: the value a numeric field scores, and the text it was
/// written as (`2`, `2.0`, `1e2`, `-0.0`, `9007199254740993`), which names a category as the
/// same text in a string would (`InputValidator.category`: JSON `2` and `"2"` name the same
/// category, trial19 #4) and which a job's passed-through column gives back (`ResultEncoding`,
/// trial19 #7: `5` came back `5.0`, an id above 2^53 as another id).
public struct InputNumber: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public var value: Double
    /// The number's JSON text, byte for byte.
    public var text: String

    public init(_ value: Double, text: String) {
        self.value = value
        self.text = text
    }

    /// A number with no text of its own (built in code, or read from a CSV with a decimal
    /// comma): written as `numberText` writes a `Double` (`5`, `2.5`).
    public init(_ value: Double) {
        self.init(value, text: numberText(value))
    }

    public init(integerLiteral value: Int) {
        self.init(Double(value), text: String(value))
    }

    public init(floatLiteral value: Double) {
        self.init(value)
    }
}
