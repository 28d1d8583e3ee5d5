/// A page predict.cgi answers in the site's theme without a template engine at request time
/// (swift-mustache needs Foundation, which predict.cgi's lean path does not start): `publish
/// --answers` and `bundle` render each answer template, in the layout, with a placeholder
/// (`placeholder(_:)`) wherever a request's value goes, and predict.cgi fills the placeholders
/// byte by byte (`fill`), escaping text as the template's `{{name}}` would.
///
/// A shell is UTF-8 HTML in which each placeholder is a name between two 0x01 bytes, a byte no
/// template writes (HTML forbids the control characters). The files live in the deployment's
/// answers folder (`Deployment.answersPath`: `answers/` unless deployment.json names another), one per page and variant (`Page`).
public enum AnswerShell {
    /// The answer pages, one file each; the variants of one template are the answers whose
    /// wording differs in more than a value (the task, whether feedback was new).
    public enum Page: String, CaseIterable, Sendable {
        case predictionBinary = "prediction-binary"
        case predictionMulticlass = "prediction-multiclass"
        case predictionRegression = "prediction-regression"
        /// The prediction pages of a request that asked for an explanation: the same, with the
        /// explanation's chart.
        case predictionBinaryExplained = "prediction-binary-explained"
        case predictionMulticlassExplained = "prediction-multiclass-explained"
        case predictionRegressionExplained = "prediction-regression-explained"
        case feedbackRecorded = "feedback-recorded"
        case feedbackRepeated = "feedback-repeated"
        /// An error on a route without an endpoint (feedback, a job's status).
        case error
        /// An error on an endpoint's route (predict, jobs): it links back to the endpoint's form.
        case endpointError = "error-endpoint"
        case job

        /// The file's name in the answers folder.
        public var file: String { rawValue + ".html" }

        /// A prediction page's explained variant; any other page as it is.
        public var explained: Page {
            switch self {
            case .predictionBinary: .predictionBinaryExplained
            case .predictionMulticlass: .predictionMulticlassExplained
            case .predictionRegression: .predictionRegressionExplained
            default: self
            }
        }
    }

    /// A request's value for a placeholder.
    public enum Value: Sendable {
        /// Text, escaped for HTML.
        case text(String)
        /// Markup, written as it is.
        case html(String)
    }

    /// The byte before and after a placeholder's name.
    static let marker: UInt8 = 0x01

    /// What a template is given for `name` when the shell is rendered.
    public static func placeholder(_ name: String) -> String {
        "\u{1}" + name + "\u{1}"
    }

    /// The form shell of `endpoint` in the answers folder: its prediction form in the layout,
    /// which predict.cgi answers a form's refused request with, the fields filled as they were
    /// sent and each problem beside its field. `nil` for a name that is not one path component.
    public static func formFile(_ endpoint: String) -> String? {
        guard !endpoint.isEmpty, endpoint != ".", endpoint != "..", !endpoint.contains("/") else { return nil }
        return "forms/" + endpoint + ".html"
    }

    /// What a form shell's placeholder of one field stands for.
    public enum FieldPart: String, Sendable {
        /// The value sent (text), in a number input's `value`.
        case value
        /// The field's problem (text), empty when it has none.
        case error
        /// ` selected` (markup) on the option that was sent, nothing on the others.
        case selected
    }

    /// The name of `part`'s placeholder for `field` (and for `selected`, its option `category`):
    /// the part, then the field's name and the category in hexadecimal UTF-8, so that any name
    /// makes a placeholder without escaping (`value:616765` for `age`).
    public static func fieldKey(_ part: FieldPart, field: String, category: String? = nil) -> String {
        var key = part.rawValue + ":" + hex(field)
        if let category { key += ":" + hex(category) }
        return key
    }

    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `shell` with every placeholder replaced by its value (an unknown name by nothing).
    /// - Parameter values: a placeholder's name → its value.
    /// - Complexity: O(n) in the shell's bytes and the values' lengths.
    public static func fill(_ shell: [UInt8], _ values: [String: Value]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(shell.count + 1_024)
        var index = 0
        while index < shell.count {
            guard let start = shell[index...].firstIndex(of: marker) else {
                out += shell[index...]
                break
            }
            out += shell[index..<start]
            guard let end = shell[(start + 1)...].firstIndex(of: marker) else {
                // An unpaired marker: not a placeholder, and not a byte HTML may hold.
                out += shell[(start + 1)...]
                break
            }
            switch values[String(decoding: shell[(start + 1)..<end], as: UTF8.self)] {
            case .text(let text)?: out += Escaping.html(text).utf8
            case .html(let markup)?: out += markup.utf8
            case nil: break
            }
            index = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
