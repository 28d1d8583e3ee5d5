import ArgumentParser

@main
struct ModelPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelpress",
        abstract: "Train, evaluate, register, serve and publish tabular models.",
        discussion: """
            modelpress keeps a model's whole life in one git repository: research/ declares \
            what to train, research/registry/ records every version and who moved it to which \
            status, predict.cgi serves the registered models, and `modelpress publish` turns \
            it all into a static site of model cards.
            """,
        subcommands: [
            New.self, DataCommand.self, Train.self, Import.self, Evaluate.self, Register.self, Status.self, Ls.self,
            History.self,
            Diff.self,
            RegistryCommand.self, AB.self,
            Predict.self, Publish.self, ThemeCommand.self, Verify.self, Bundle.self, Worker.self,
        ]
    )
}
