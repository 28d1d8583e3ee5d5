/// One named stage of the site build.
struct PublishingStep: Sendable {
    var name: String
    var body: @Sendable (inout BuildContext) throws -> Void
}

/// Runs steps in order, reporting `[i/n] name` and tagging any error with the step.
struct PublishingPipeline {
    var steps: [PublishingStep]

    func run(_ context: inout BuildContext, progress: (String) -> Void) throws {
        for (index, step) in steps.enumerated() {
            progress("[\(index + 1)/\(steps.count)] \(step.name)")
            do {
                try step.body(&context)
            } catch var error as PublishingError {
                error.step = step.name
                throw error
            } catch {
                throw PublishingError(
                    path: context.siteFolder.path, step: step.name, reason: .write(String(describing: error)))
            }
        }
    }
}
