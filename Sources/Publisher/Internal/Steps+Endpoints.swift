extension PublishingStep {
    /// One page per endpoint, one model card per version, and one prediction form per endpoint.
    static let renderEndpoints = PublishingStep(name: "render endpoints") { context in
        guard let state = context.registry else { return }
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            let page = EndpointPage(endpoint: endpoint, state: state, context: context)
            try context.addPage(SitePaths.file(SitePaths.endpoint(name)), title: page.title, body: page.body)
        }
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
