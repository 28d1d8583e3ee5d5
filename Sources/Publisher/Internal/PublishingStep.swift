import Foundation

/// One named stage of the site build.
struct PublishingStep: Sendable {
    /// When a step runs relative to the others.
    enum Timing: Sendable {
        /// In order: it starts when the step before it has finished.
        case inOrder
        /// On a thread of its own beside the steps after it, from a copy of the context as it is
        /// when the step is reached; it may only add files, which join the build before the next
        /// `.afterEveryPage` step. For the small serial steps that need only the registry: they
        /// cost their time once, beside the steps that use every core, instead of in between.
        case alongside
        /// In order, once every `.alongside` step has finished and its files have joined.
        case afterEveryPage
    }

    var name: String
    var timing: Timing = .inOrder
    var body: @Sendable (inout BuildContext) throws -> Void
}

/// Runs steps in order, reporting `[i/n] name` (`[i/n] name (alongside)` for a step that runs
/// beside the next ones) and tagging any error with the step.
struct PublishingPipeline {
    var steps: [PublishingStep]

    func run(_ context: inout BuildContext, progress: (String) -> Void) throws {
        var running: [AlongsideStep] = []
        // A failed step stops the build, but not before the threads beside it have finished.
        defer { for step in running { _ = step.finished() } }
        for (index, step) in steps.enumerated() {
            if step.timing == .afterEveryPage {
                try join(&running, into: &context)
            }
            let suffix = step.timing == .alongside ? " (alongside)" : ""
            progress("[\(index + 1)/\(steps.count)] \(step.name)\(suffix)")
            if step.timing == .alongside {
                running.append(AlongsideStep(step, context: context))
                continue
            }
            do {
                try step.body(&context)
            } catch {
                throw Self.tagged(error, step: step, context: context)
            }
        }
        try join(&running, into: &context)
    }

    /// Waits for the steps running alongside, in the order they started, and adds their files
    /// (a file made by one replaces one of the same path: as if the step ran here).
    private func join(_ running: inout [AlongsideStep], into context: inout BuildContext) throws {
        let finished = running
        running = []
        let results = finished.map { $0.finished() }  // all of them, also when one failed
        for (step, result) in zip(finished, results) {
            switch result {
            case .success(let files):
                for (path, data) in files { context.files[path] = data }
            case .failure(let error):
                throw Self.tagged(error, step: step.step, context: context)
            }
        }
    }

    private static func tagged(_ error: any Error, step: PublishingStep, context: BuildContext) -> PublishingError {
        if var error = error as? PublishingError {
            error.step = step.name
            return error
        }
        return PublishingError(
            path: context.siteFolder.path, step: step.name, reason: .write(String(describing: error)))
    }
}

/// A step running on its own thread; `finished()` waits for it.
private final class AlongsideStep: @unchecked Sendable {
    let step: PublishingStep
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the step's thread before it signals `done`; read only after the wait.
    private var result: Result<[String: Data], any Error> = .success([:])
    private var waited = false

    init(_ step: PublishingStep, context: BuildContext) {
        self.step = step
        var snapshot = context
        snapshot.files = [:]
        let thread = Thread { [self, snapshot] in
            var context = snapshot
            result = Result {
                try step.body(&context)
                return context.files
            }
            done.signal()
        }
        thread.start()
    }

    /// The step's files or its error, once it has finished.
    func finished() -> Result<[String: Data], any Error> {
        if !waited {
            done.wait()
            waited = true
        }
        return result
    }
}
