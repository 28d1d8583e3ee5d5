import Foundation

extension PublishingStep {
    /// One page per endpoint, one model card per version, and a prediction form and a batch
    /// upload page per endpoint.
    static let renderEndpoints = PublishingStep(name: "render endpoints") { context in
        guard let state = context.registry else { return }
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            let page = EndpointPage(endpoint: endpoint, state: state, context: context)
            try context.addPage(SitePaths.file(SitePaths.endpoint(name)), title: page.title, body: page.body)
            let form = PredictionFormPage(endpoint: endpoint, context: context)
            try context.addPage(SitePaths.form(name), title: form.title, body: form.body)
            let jobs = BatchJobPage(endpoint: endpoint, context: context)
            try context.addPage(SitePaths.jobs(name), title: jobs.title, body: jobs.body)
            if context.files[BatchJobPage.scriptPath] == nil {
                context.files[BatchJobPage.scriptPath] = Data(BatchJobPage.script.utf8)
            }
        }
        for test in state.allABTests {
            let page = ABTestPage(test: test, state: state, context: context)
            try context.addPage(
                SitePaths.file(SitePaths.abTest(test.endpoint, test.id)), title: page.title, body: page.body)
        }
        var cards: [String: CardDocument] = [:]
        for version in state.allVersions where cards[version.id.endpoint + "/" + version.id.model] == nil {
            let key = version.id.endpoint + "/" + version.id.model
            cards[key] = try readCard(endpoint: version.id.endpoint, model: version.id.model, root: context.root)
        }
        // Cards are independent of each other: render them on all cores, then add them in order.
        let snapshot = context
        let authored = cards
        let outputs = try state.allVersions.parallelMap { version -> [(String, Data)] in
            let card = authored[version.id.endpoint + "/" + version.id.model]
            let evidence = snapshot.evidence[version.id] ?? VersionEvidence()
            let page = ModelCardPage(version: version, card: card, evidence: evidence, context: snapshot)
            let folder = SitePaths.card(version.id)
            let path = SitePaths.file(folder)
            return [
                (path, try snapshot.renderedPage(path, title: page.title, body: page.body)),
                (
                    folder + "card.json",
                    try ModelCardToolkitExport.json(version: version, card: card, report: evidence.evaluation)
                ),
                (
                    folder + "README.md",
                    Data(HuggingFaceReadme.markdown(version: version, card: card, report: evidence.evaluation).utf8)
                ),
            ]
        }
        for (path, data) in outputs.joined() { context.files[path] = data }
    }

    /// research/cards/<endpoint>/<model>.md, when it exists.
    static func readCard(endpoint: String, model: String, root: URL) throws -> CardDocument? {
        let file = root.appendingPathComponent("research/cards/\(endpoint)/\(model).md")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try CardDocument.parse(String(decoding: data, as: UTF8.self), file: file.path)
    }

    /// The index of endpoints, appended to the authored index page.
    static func endpointList(_ context: BuildContext) -> String {
        guard let state = context.registry, !state.endpointNames.isEmpty else { return "" }
        var out = "<section class=\"endpoint-list\">\n<h2 id=\"all-endpoints\">All endpoints</h2>\n<ul>\n"
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            let production = state.production(of: name).map { "in production: \(HTML.escape($0.id.shortName))" }
            let count = state.versions(of: name).count
            out +=
                "<li>\(context.link(SitePaths.endpoint(name), name)) — \(HTML.escape(endpoint.definition.description))"
            out += " <span class=\"meta\">(\(count) version\(count == 1 ? "" : "s")"
            out += (production.map { "; \($0)" } ?? "") + ")</span></li>\n"
        }
        return out + "</ul>\n</section>\n"
    }
}
