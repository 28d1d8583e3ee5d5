import Models
import Registry

/// A plain HTML form generated from the endpoint's input schema, posting to predict.cgi; it
/// needs no JavaScript (the CGI answers the urlencoded post itself).
struct PredictionFormPage {
    let endpoint: EndpointRecord
    let context: BuildContext

    var title: String { "Predict · \(endpoint.name)" }

    /// `{cgi_url}{endpoint}/predict`.
    var action: String { context.config.cgiURL + endpoint.name + "/predict" }

    var body: String {
        let schema = endpoint.definition.schema
        var out = "<p class=\"breadcrumb\">\(context.link(SitePaths.endpoint(endpoint.name), endpoint.name)) ›</p>\n"
        out += "<h1>Try a prediction</h1>\n"
        out += "<p>Fill in the \(schema.fields.count) inputs and send them to the production version of "
        out += "<code>\(HTML.escape(endpoint.name))</code>; the answer gives the predicted "
        out += "<code>\(HTML.escape(schema.label))</code> " + Self.answer(schema) + ".</p>\n"
        out += "<form class=\"prediction-form\" method=\"post\" enctype=\"application/x-www-form-urlencoded\" "
        out += "action=\"\(HTML.escape(action))\">\n"
        for field in schema.fields { out += Self.control(for: field) }
        out += "<button type=\"submit\">Predict</button>\n</form>\n"
        return out
    }

    /// What the answer holds for the schema's task, after the label's name.
    static func answer(_ schema: Schema) -> String {
        let classes = schema.labelValues.map { "<code>\(HTML.escape($0))</code>" }
        switch schema.task {
        case .binary: return "(" + classes.joined(separator: " or ") + ") with its score"
        case .multiclass:
            return "(one of " + classes.dropLast().joined(separator: ", ") + " or " + (classes.last ?? "")
                + ") with the probability of each class"
        case .regression: return "(a number)"
        }
    }

    /// A labelled `<select>` for a categorical field, a bounded number input for a numeric one;
    /// required unless the schema lets the field be missing (then left empty, it is sent
    /// empty, which the CGI reads as missing).
    static func control(for field: Field) -> String {
        let name = HTML.escape(field.name)
        let id = "field-" + name
        let required = field.nullable ? "" : " required"
        var out = "<label for=\"\(id)\">\(name)" + (field.nullable ? " (may be left empty)" : "") + "</label>\n"
        switch field.kind {
        case .categorical:
            out += "<select id=\"\(id)\" name=\"\(name)\"\(required)>\n<option value=\"\">"
            out += field.nullable ? "missing</option>\n" : "choose…</option>\n"
            for category in field.categories {
                out += "<option value=\"\(HTML.escape(category))\">\(HTML.escape(category))</option>\n"
            }
            out += "</select>\n"
        case .numeric:
            out += "<input id=\"\(id)\" name=\"\(name)\" type=\"number\" inputmode=\"decimal\"\(required)"
            if let minimum = field.minimum { out += " min=\"\(number(minimum))\"" }
            if let maximum = field.maximum { out += " max=\"\(number(maximum))\"" }
            out += " step=\"\(step(field))\">\n"
        }
        return out
    }

    /// Whole steps when every bound is a whole number, any step otherwise.
    static func step(_ field: Field) -> String {
        let bounds = [field.minimum, field.maximum].compactMap { $0 }
        return !bounds.isEmpty && bounds.allSatisfy { $0 == $0.rounded() } ? "1" : "any"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : HTML.number(value, digits: 6)
    }
}
