import Basics
import Foundation
import Templates

extension PublishingStep {
    /// Reads site/pages/*.md through the Markdown wrapper (authored by the site's owners, so trusted).
    static let readPages = PublishingStep(name: "read pages") { context in
        let folder = context.siteFolder.appendingPathComponent("pages")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".md") {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path), let text = TextFile.decode(data) else {
                throw PublishingError(path: url.path, reason: .missingFile)
            }
            let document = Markdown.render(text, options: [.trusted, .smart])
            let stem = String(name.dropLast(3))
            context.pages.append(
                Page(
                    source: url,
                    outputPath: "\(stem).html",
                    title: document.headings.first?.text ?? stem,
                    html: document.html))
        }
        if !context.pages.contains(where: { $0.outputPath == "index.html" }) {
            throw PublishingError(path: folder.appendingPathComponent("index.md").path, reason: .missingFile)
        }
    }

    /// Where site/pages/index.md wants the generated list of endpoints.
    static let endpointsMarker = "<!-- endpoints -->"

    /// Puts every page into the layout template.
    static let renderPages = PublishingStep(name: "render pages") { context in
        let endpoints = try PublishingStep.endpointList(context)
        for page in context.pages {
            var body = page.html
            if page.outputPath == "index.html" {
                // The list goes where the author put `<!-- endpoints -->`, else at the end.
                body =
                    body.contains(PublishingStep.endpointsMarker)
                    ? body.replacingOccurrences(of: PublishingStep.endpointsMarker, with: endpoints) : body + endpoints
            }
            let rendered = context.pageContext(title: page.title, body: body)
            do {
                let html = try context.theme.render(rendered, template: "layout")
                context.files[page.outputPath] = Data(html.utf8)
            } catch {
                throw PublishingError(path: page.source.path, reason: .template(String(describing: error)))
            }
        }
    }
}
