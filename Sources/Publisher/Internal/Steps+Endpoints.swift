import Basics
import Foundation
import Parallelism
import Registry

extension PublishingStep {
    /// One page per endpoint, one model card per version, and a prediction form and a batch
    /// upload page per endpoint.
    static let renderEndpoints = PublishingStep(name: "render endpoints") { context in
        guard let state = context.registry else { return }
        var cards: [String: CardDocument] = [:]
        for version in state.allVersions where cards[version.id.endpoint + "/" + version.id.model] == nil {
            let key = version.id.endpoint + "/" + version.id.model
            cards[key] = try readCard(endpoint: version.id.endpoint, model: version.id.model, root: context.root)
        }
        // Every page here depends only on the registry and the evidence: render them all on all
        // cores in one pass (an endpoint's page, with its comparison of all versions, takes as
        // long as many cards), then add them in order.
        let tasks =
            state.endpointNames.map(EndpointTask.endpoint) + state.allABTests.map(EndpointTask.abTest)
            + state.allVersions.map(EndpointTask.card)
        let snapshot = context
        let authored = cards
        let outputs = try Parallel.map(count: tasks.count) { index in
            try tasks[index].files(context: snapshot, state: state, cards: authored)
        }
        for (path, data) in outputs.joined() { context.files[path] = data }
        if !state.endpointNames.isEmpty { context.files[BatchJobPage.scriptPath] = Data(BatchJobPage.script.utf8) }
    }

    /// research/cards/<endpoint>/<model>.md, when it exists.
    static func readCard(endpoint: String, model: String, root: URL) throws -> CardDocument? {
        let file = root.appendingPathComponent(RepositoryLayout.card(endpoint: endpoint, model: model))
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        guard let text = TextFile.decode(data) else {
            throw PublishingError(path: file.path, reason: .invalidData("the card is not UTF-8 text; save it as UTF-8"))
        }
        return try CardDocument.parse(text, file: file.path)
    }

    /// The index of endpoints (the `endpoint-list` template), put into the authored index page;
    /// empty without endpoints.
    static func endpointList(_ context: BuildContext) throws -> String {
        guard let state = context.registry, !state.endpointNames.isEmpty else { return "" }
        let endpoints = state.endpointNames.compactMap { name -> TemplateValues? in
            guard let endpoint = state.endpoints[name] else { return nil }
            let count = state.versions(of: name).count
            return templateValues([
                "url": context.url(SitePaths.endpoint(name)), "name": name,
                "description": state.shownDescription(of: name) ?? endpoint.definition.description,
                "versionCount": count, "oneVersion": count == 1,
                "production": state.production(of: name)?.id.shortName,
            ])
        }
        return try context.body(template: "endpoint-list", values: ["endpoints": endpoints], path: "index.html")
    }
}

/// One unit of the endpoints step's parallel pass and the files it makes.
private enum EndpointTask: Sendable {
    case endpoint(String)
    case abTest(ABTestRecord)
    case card(VersionRecord)

    func files(context: BuildContext, state: RegistryState, cards: [String: CardDocument]) throws -> [(String, Data)] {
        switch self {
        case .endpoint(let name):
            guard let endpoint = state.endpoints[name] else { return [] }
            let page = EndpointPage(endpoint: endpoint, state: state, context: context)
            let form = PredictionFormPage(endpoint: endpoint, context: context)
            let jobs = BatchJobPage(endpoint: endpoint, context: context)
            return try [
                (SitePaths.file(SitePaths.endpoint(name)), page.title, "endpoint", page.values),
                (SitePaths.form(name), form.title, "form", form.values),
                (SitePaths.jobs(name), jobs.title, "jobs", jobs.values),
            ].map { path, title, template, values in
                (path, try context.renderedPage(path, title: title, template: template, values: values))
            }
        case .abTest(let test):
            let page = ABTestPage(test: test, state: state, context: context)
            let path = SitePaths.file(SitePaths.abTest(test.endpoint, test.id))
            return [(path, try context.renderedPage(path, title: page.title, template: "ab-test", values: page.values))]
        case .card(let version):
            let card = cards[version.id.endpoint + "/" + version.id.model]
            let evidence = context.evidence[version.id] ?? VersionEvidence()
            let page = ModelCardPage(version: version, card: card, evidence: evidence, context: context)
            let folder = SitePaths.card(version.id)
            let path = SitePaths.file(folder)
            return [
                (path, try context.renderedPage(path, title: page.title, template: "card", values: page.values)),
                (
                    folder + "card.json",
                    try ModelCardToolkitExport.json(version: version, card: card, report: evidence.evaluation)
                ),
                (
                    folder + "README.md",
                    Data(
                        HuggingFaceReadme.markdown(
                            version: version, card: card, report: evidence.evaluation,
                            task: state.endpoints[version.id.endpoint]?.definition.schema.task ?? .binary
                        ).utf8)
                ),
            ]
        }
    }
}
