import Foundation
import Templates
import Testing

@testable import Publisher

/// docs/templates.md lists what each page template is given; the code and the default theme
/// must agree with it.
@Suite struct TemplateContextTests {
    /// Template → the names documented under its `## \`name\`` heading (the part of each list
    /// item before ` — `), plus the names every page template gets.
    static func documented() throws -> [String: Set<String>] {
        let text = try String(
            contentsOf: RepositorySite.repository.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        var sections: [String: Set<String>] = [:]
        var current: String?
        var common: Set<String> = []
        var inCommon = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## `") {
                current = String(line.dropFirst(4).prefix { $0 != "`" })
                sections[current ?? "", default: []] = []
                inCommon = false
                continue
            }
            if line.hasPrefix("Every page template also gets") { inCommon = true }
            guard line.hasPrefix("- ") || line.hasPrefix("  `") else { continue }
            let names = Self.codeSpans(String(line.components(separatedBy: " — ")[0]))
            if let current {
                sections[current, default: []].formUnion(names)
            } else if inCommon {
                common.formUnion(names)
            }
        }
        return sections.mapValues { $0.union(common) }
    }

    static func codeSpans(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    @Test func everyNameThePagesPassIsDocumented() throws {
        let copy = try MonitoringSectionTests.repository()
        defer { copy.remove() }
        let recorder = TemplateRecorder()
        // First with a request log whose requests drift and got feedback (the monitoring section).
        let logPath = copy.root.appendingPathComponent("var/requests.sqlite").path
        try MonitoringSectionTests.log(
            at: logPath, root: copy.root, twoWeeks: true, shift: 8, newIsland: true, feedback: 5)
        let monitored = try SiteFixture()
        defer { monitored.remove() }
        var withLog = Publisher(siteFolder: monitored.root, root: copy.root, requestLog: .sqlite(path: logPath))
        withLog.recorder = recorder
        withLog.driftOptions = MonitoringSectionTests.options
        try withLog.publish()
        _ = try copy.registry.startABTest(
            endpoint: "penguin_species", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "running", by: "tester", note: "why")
        let site = try SiteFixture()
        defer { site.remove() }
        var publisher = Publisher(
            siteFolder: site.root, root: copy.root, answersFolder: site.root.appendingPathComponent("answers"))
        publisher.recorder = recorder
        try publisher.publish()
        let documented = try Self.documented()
        #expect(Set(recorder.names.keys) == Set(documented.keys))
        for (template, names) in recorder.names {
            let missing = names.subtracting(documented[template] ?? [])
            #expect(missing.isEmpty, "docs/templates.md does not list \(missing.sorted()) under `\(template)`")
        }
    }

    /// Each documented name is used by the default template or a partial it includes, so a
    /// name the theme stops using (or one misspelt in the docs) fails here.
    @Test func everyDocumentedNameIsUsedByTheDefaultTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-docs-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Theme.eject([], into: folder)
        func text(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
        }
        let common: Set<String> = ["root", "cgiURL", "historyURL", "feedURL"]
        for (template, names) in try Self.documented() {
            var family = try text(template)
            var seen: Set<String> = [template]
            var queue = [template]
            while let next = queue.popLast() {
                for part in try text(next).components(separatedBy: "{{>").dropFirst() {
                    let name = String(part.prefix { $0 != "}" }).trimmingCharacters(in: .whitespaces)
                    if seen.insert(name).inserted {
                        queue.append(name)
                        family += try text(name)
                    }
                }
            }
            for name in names.subtracting(common) {
                let last = String(name.split(separator: ".").last ?? "").replacingOccurrences(of: "[]", with: "")
                let used = ["{{", "{{#", "{{^", "{{{"].contains { family.contains($0 + last + "}") }
                #expect(used, "`\(template)` documents \(name), which its default template does not use")
            }
        }
    }
}
