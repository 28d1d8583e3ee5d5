import Basics
import Foundation
import Parallelism

extension PublishingStep {
    /// Replaces every control character HTML and XML forbid (`ControlCharacters`) with U+FFFD
    /// in the pages, the feed, the sitemap and SVG files, whatever put it there: a registry
    /// written by hand, a card, a site page, a template. Registry writes refuse such text when
    /// it is typed; this keeps what was written another way from making the site invalid.
    static let replaceControlCharacters = PublishingStep(name: "replace control characters", timing: .afterEveryPage) {
        context in
        let markup = context.files.keys.filter { path in
            path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".svg")
        }.sorted()
        let replaced = Parallel.map(count: markup.count) { index in
            context.files[markup[index]]?.withUnsafeBytes { ControlCharacters.replaced(in: $0) }
        }
        for (path, bytes) in zip(markup, replaced) {
            if let bytes { context.files[path] = Data(bytes) }
        }
    }
}
