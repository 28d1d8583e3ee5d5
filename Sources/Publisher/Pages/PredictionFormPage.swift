import Models
import Registry
import TextEscaping

/// A plain HTML form generated from the endpoint's input schema, posting to predict.cgi; it
/// needs no JavaScript (the CGI answers the urlencoded post itself).
struct PredictionFormPage {
    let endpoint: EndpointRecord
    let context: BuildContext

    var title: String { "Predict · \(endpoint.name)" }

    /// `{cgi_url}{endpoint}/predict`.
    var action: String { context.config.cgiURL + endpoint.name + "/predict" }

    /// The `form` template's values.
    var values: TemplateValues {
        let schema = endpoint.definition.schema
        var out = Self.common(endpoint, context: context)
        out["action"] = action
        // predict.cgi reads a form field `explain` as the box unless a field has that name.
        out["explainBox"] = !schema.fields.contains { $0.name == "explain" }
        out["classes"] = schema.labelValues.enumerated().map { index, name -> TemplateValues in
            let remaining = schema.labelValues.count - index - 1
            return ["name": name, "separator": remaining > 1 ? ", " : remaining == 1 ? " or " : ""]
        }
        out["fields"] = Self.fields(schema.fields)
        return out
    }

    /// The `form` template's values for predict.cgi's form shell (`AnswerShell.formFile`): links
    /// from `base`, the whole base URL (the shell is served from predict.cgi's address), and
    /// placeholders for the heading, the error's problems, whether the explain box was ticked,
    /// and each field's value, problem and selected option.
    func shellValues(base: String) -> TemplateValues {
        var out = values
        out["endpointURL"] = base + SitePaths.endpoint(endpoint.name)
        out["formURL"] = base + SitePaths.form(endpoint.name)
        out["fields"] = Self.fields(endpoint.definition.schema.fields, shell: true)
        for name in ["heading", "problems", "explainChecked"] { out[name] = AnswerShell.placeholder(name) }
        return out
    }

    /// What the form and the batch page share: the endpoint, its link, whether predict.cgi can
    /// answer for it and which pins it answers when not (`EndpointPage.pins`), its label and
    /// task, and how many inputs it has.
    static func common(_ endpoint: EndpointRecord, context: BuildContext) -> TemplateValues {
        let schema = endpoint.definition.schema
        return templateValues([
            "endpoint": endpoint.name, "endpointURL": context.url(SitePaths.endpoint(endpoint.name)),
            "servable": context.registry.map { EndpointPage.servable(endpoint.name, state: $0) } ?? false,
            "pins": context.registry.flatMap { EndpointPage.pins(endpoint.name, state: $0) },
            "fieldCount": schema.fields.count, "label": schema.label,
            "binary": schema.task == .binary, "multiclass": schema.task == .multiclass,
            "regression": schema.task == .regression,
        ])
    }

    /// The `field` partial's values of each field, in order, with ids unique on the page:
    /// `field-` and the name's slug (lower case, spaces as `-`), which leaves the names the
    /// shipped endpoints have as they are and makes a valid id of one with spaces.
    /// - Parameter shell: for predict.cgi's form shell (see `field(_:id:shell:)`).
    static func fields(_ fields: [Field], shell: Bool = false) -> [TemplateValues] {
        var ids = SlugRegistry()
        return fields.map { field($0, id: "field-" + ids.unique(for: $0.name), shell: shell) }
    }

    /// The `field` partial's values: a labelled `<select>` for a categorical field, a bounded
    /// number input for a numeric one; required unless the schema lets the field be missing
    /// (then left empty, it is sent empty, which the CGI reads as missing).
    /// - Parameters:
    ///   - id: the input's HTML id, unique on the page (a name may hold spaces, which an id may not).
    ///   - shell: for predict.cgi's form shell: each field's value, error and selected option as
    ///     placeholders (`AnswerShell.fieldKey`), which the site's form leaves out.
    static func field(_ field: Field, id: String, shell: Bool = false) -> TemplateValues {
        let options = field.categories.map { category -> TemplateValues in
            // Categories that differ only in spaces (`basic`, `basic `) must not look alike: the
            // label quotes them as the error messages do, the value stays exact.
            var option: TemplateValues = ["category": category, "label": CategoryName.shown(category)]
            if shell {
                option["selected"] = AnswerShell.placeholder(
                    AnswerShell.fieldKey(.selected, field: field.name, category: category))
            }
            return option
        }
        var values = templateValues([
            "name": field.name, "id": id, "nullable": field.nullable, "categorical": field.kind == .categorical,
            "options": options, "minimum": field.minimum.map(number),
            "maximum": field.maximum.map(number), "step": step(field),
        ])
        if shell {
            values["value"] = AnswerShell.placeholder(AnswerShell.fieldKey(.value, field: field.name))
            values["error"] = AnswerShell.placeholder(AnswerShell.fieldKey(.error, field: field.name))
        }
        return values
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
