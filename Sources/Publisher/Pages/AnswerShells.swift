import Basics
import Foundation
import TextEscaping

/// predict.cgi's answer pages in the site's theme: each `answers/…` template rendered in the
/// layout with placeholders where the request's values go (`AnswerShell`), which predict.cgi
/// fills without a template engine. The shells link to the site by its whole base URL (they are
/// served from predict.cgi's address).
enum AnswerShells {
    /// Each shell's file name in the answers folder (`error.html`, `forms/income_classifier.html`)
    /// → its bytes.
    /// - Throws: `PublishingError` naming the shell and the template when rendering fails.
    static func render(_ context: BuildContext) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = Self.base(context.config)
        for page in AnswerShell.Page.allCases {
            let (template, title, flags) = Self.template(of: page)
            var values = Self.values(Self.names[template] ?? [], base: base)
            for flag in flags { values[flag] = true }
            if page == .error { values["endpoint"] = nil }
            files[page.file] = try Self.page(
                template, values: values, title: title, path: "answers/" + page.file, context)
        }
        return files.merging(try forms(context), uniquingKeysWith: { first, _ in first })
    }

    /// Each servable endpoint's form shell (`AnswerShell.formFile`): its `form` page in the
    /// layout with placeholders for what a refused request sent and what was wrong with it, which
    /// predict.cgi answers a form's refused prediction with.
    /// - Throws: `PublishingError` naming the shell and the template when rendering fails.
    static func forms(_ context: BuildContext) throws -> [String: Data] {
        guard let state = context.registry else { return [:] }
        let base = Self.base(context.config)
        var files: [String: Data] = [:]
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name], EndpointPage.servable(name, state: state),
                let file = AnswerShell.formFile(name)
            else { continue }
            let form = PredictionFormPage(endpoint: endpoint, context: context)
            files[file] = try Self.page(
                "form", values: form.shellValues(base: base), title: form.title, path: "answers/" + file, context)
        }
        return files
    }

    /// `template` rendered with `values` in the layout, linking from the whole base URL.
    /// - Throws: `PublishingError` naming `path` and the template when rendering fails.
    static func page(
        _ template: String, values: TemplateValues, title: String, path: String, _ context: BuildContext
    ) throws -> Data {
        let base = Self.base(context.config)
        let body = try context.body(template: template, values: values, path: path, base: base)
        do {
            return Data(
                try context.theme.render(context.pageContext(title: title, body: body, base: base), template: "layout")
                    .utf8)
        } catch {
            throw PublishingError(path: path, reason: .template("layout: \(error.message)"))
        }
    }

    /// The template, the page's title and the names set true for each shell.
    static func template(of page: AnswerShell.Page) -> (template: String, title: String, flags: [String]) {
        let endpoint = AnswerShell.placeholder("endpoint")
        return switch page {
        case .predictionBinary: ("answers/prediction", "Prediction · \(endpoint)", ["binary"])
        case .predictionMulticlass: ("answers/prediction", "Prediction · \(endpoint)", ["multiclass"])
        case .predictionRegression: ("answers/prediction", "Prediction · \(endpoint)", ["regression"])
        case .predictionBinaryExplained: ("answers/prediction", "Prediction · \(endpoint)", ["binary", "explained"])
        case .predictionMulticlassExplained:
            ("answers/prediction", "Prediction · \(endpoint)", ["multiclass", "explained"])
        case .predictionRegressionExplained:
            ("answers/prediction", "Prediction · \(endpoint)", ["regression", "explained"])
        case .feedbackRecorded: ("answers/feedback", "Feedback · \(endpoint)", ["recorded"])
        case .feedbackRepeated: ("answers/feedback", "Feedback · \(endpoint)", [])
        case .error, .endpointError: ("answers/error", AnswerShell.placeholder("heading"), [])
        case .job: ("answers/job", AnswerShell.placeholder("heading"), [])
        }
    }

    /// The names each answer template gets besides its flags (docs/templates.md lists them).
    static let names: [String: [String]] = [
        "answers/prediction": [
            "endpoint", "endpointURL", "formURL", "cardURL", "labelName", "model", "abTest", "prediction",
            "probability",
            "otherLabel", "otherProbability", "probabilities", "requestID", "token", "feedbackURL", "labelOptions",
            "explanationChart", "explanationUnits", "expectedValue", "rawScore", "fieldCount", "notes",
        ],
        "answers/feedback": ["endpoint", "endpointURL", "formURL", "requestID", "feedback", "kind"],
        "answers/error": ["endpoint", "endpointURL", "formURL", "heading", "message", "problems"],
        "answers/job": ["endpoint", "endpointURL", "jobsURL", "heading", "details"],
    ]

    /// `names` as placeholders for the request's values, and the site's pages of the request's
    /// endpoint and version as links with placeholders in them.
    static func values(_ names: [String], base: String) -> TemplateValues {
        let endpoint = AnswerShell.placeholder("endpoint")
        var values: TemplateValues = [:]
        for name in names {
            values[name] =
                switch name {
                case "endpointURL": base + SitePaths.endpoint(endpoint)
                case "formURL": base + SitePaths.form(endpoint)
                case "jobsURL": base + SitePaths.jobs(endpoint)
                case "cardURL":
                    base
                        + SitePaths.card(
                            VersionID(
                                endpoint: endpoint, model: AnswerShell.placeholder("modelName"),
                                version: AnswerShell.placeholder("version")))
                default: AnswerShell.placeholder(name)
                }
        }
        return values
    }

    /// The whole base URL when site.toml's has a host, else its path.
    static func base(_ config: SiteConfig) -> String {
        URLComponents(string: config.baseURL)?.host != nil ? config.baseURL : config.basePath
    }
}

extension PublishingStep {
    /// Writes the answer shells into `folder` (a deployment's `answers/`), each file replaced
    /// atomically, once the site is written.
    static func writeAnswerShells(_ folder: URL) -> PublishingStep {
        PublishingStep(name: "write predict.cgi's answer pages") { context in
            let shells = try AnswerShells.render(context)
            do {
                for (name, data) in shells.sorted(by: { $0.key < $1.key }) {
                    let file = folder.appendingPathComponent(name)
                    try FileManager.default.createDirectory(
                        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try data.write(to: file, options: .atomic)
                }
            } catch {
                throw PublishingError(path: folder.path, reason: .write(String(describing: error)))
            }
        }
    }
}
