import Foundation
import Templates
import Testing

@testable import Publisher

/// Steps that run alongside the others: their files join the build before the next step that
/// needs every page, and their errors fail the build under their own name.
@Suite struct PipelineTests {
    func context() throws -> BuildContext {
        let folder = URL(fileURLWithPath: "/nonexistent-site")
        return BuildContext(
            siteFolder: folder, outputFolder: folder.appendingPathComponent("public"), root: folder,
            config: SiteConfig(title: "t", description: "", baseURL: "/", cgiURL: "/cgi-bin/predict.cgi"),
            theme: try Theme())
    }

    @Test func alongsideFilesJoinBeforeTheStepThatNeedsEveryPage() throws {
        var context = try context()
        context.files["early.html"] = Data("kept".utf8)
        let slow = PublishingStep(name: "slow", timing: .alongside) { context in
            // Starts from the context as it was when the step was reached, without its files.
            #expect(context.files.isEmpty)
            usleep(50_000)
            context.files["history.html"] = Data("from the step beside".utf8)
            context.files["shared.html"] = Data("alongside".utf8)
        }
        let inOrder = PublishingStep(name: "in order") { context in
            #expect(context.files["history.html"] == nil)
            context.files["shared.html"] = Data("in order".utf8)
        }
        nonisolated(unsafe) var seen: [String] = []
        let everyPage = PublishingStep(name: "every page", timing: .afterEveryPage) { context in
            seen = context.files.keys.sorted()
        }
        var progress: [String] = []
        try PublishingPipeline(steps: [slow, inOrder, everyPage]).run(&context) { progress.append($0) }
        #expect(progress == ["[1/3] slow (alongside)", "[2/3] in order", "[3/3] every page"])
        #expect(seen == ["early.html", "history.html", "shared.html"])
        // As if the step had run where it joined: after "in order".
        #expect(context.files["shared.html"] == Data("alongside".utf8))
        #expect(context.files["early.html"] == Data("kept".utf8))
    }

    @Test func anAlongsideStepThatFailsFailsTheBuildUnderItsName() throws {
        var context = try context()
        let failing = PublishingStep(name: "render history", timing: .alongside) { _ in
            throw PublishingError(path: "history.html", reason: .missingFile)
        }
        nonisolated(unsafe) var ranAfter = false
        let last = PublishingStep(name: "write site", timing: .afterEveryPage) { _ in ranAfter = true }
        do {
            try PublishingPipeline(steps: [failing, last]).run(&context) { _ in }
            Issue.record("the build should have failed")
        } catch let error as PublishingError {
            #expect(error.step == "render history")
            #expect(error.path == "history.html")
        }
        #expect(!ranAfter)
        // Also when nothing waits for it: the end of the pipeline joins it.
        var other = try self.context()
        #expect(throws: PublishingError.self) { try PublishingPipeline(steps: [failing]).run(&other) { _ in } }
    }
}
