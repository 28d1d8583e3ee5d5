import ArgumentParser
import Basics
import Foundation
import Models
import Pipelines
import Publisher
import Registry

extension ModelPress {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start an endpoint from a CSV file: a pipeline, a card stub and the registry entry.",
            discussion: """
                Reads the CSV (with a header row) as `modelpress data inspect` does, infers the \
                kinds and the task from the label column, and then:

                  - adds the file's SHA-256 to SHA256SUMS in its folder, and to the
                    folder's .gitattributes the line `SHA256SUMS merge=union` (git then
                    keeps both branches' lines when two add data files);
                  - writes research/pipelines/<endpoint>_random_forest.toml: a random
                    forest on a seeded 80/20 split, with a [data] table to edit;
                  - writes research/cards/<endpoint>/random_forest.md, a card stub to
                    fill in (kept when it exists);
                  - in a repository without a site, writes site/site.toml (the title)
                    and site/pages/index.md (the home page), which `publish` needs, and
                    site/.gitignore (keeps the built site/public/ out of git); an
                    existing file is never replaced;
                  - last, creates the endpoint in the registry with the schema of the data
                    (fields, kinds, categories, the label's classes).

                Nothing is written when the data cannot be used; the error names the file, \
                line and column. A run cut short before it created the endpoint (Ctrl-C) \
                leaves a pipeline that the same command, run again, finishes. The file must be inside the repository (under research/data/ \
                by convention). Then train, evaluate and publish:

                  modelpress train research/pipelines/<endpoint>_random_forest.toml
                  modelpress evaluate <endpoint>/random_forest@1.0.0
                  modelpress publish

                Examples:
                  modelpress new penguin_species \\
                      --data research/data/penguins/penguins.csv --label species --ignore year
                  modelpress new penguin_mass --data research/data/penguins/penguins.csv \\
                      --label body_mass_g --task regression --owner "research team"
                  modelpress new passengers --data research/data/titanic/titanic.csv --label survived \\
                      --separator ";" --missing "n/a" --column "age=numeric"

                --missing, --separator, --decimal, --trim-spaces and --column mean what the pipeline's \
                [data] keys missing, separator, decimal, trim_spaces and [data.columns] mean, and are \
                written into the pipeline, so that training reads the file as `new` did: --missing \
                adds a marker to the default ones ("", NA, N/A, ?, null), --no-default-missing drops \
                those, and the pipeline gets the whole list (missing = [...] replaces the default \
                list, so it names every marker). Columns \
                that look like identifiers (text nearly every value distinct; whole numbers each in \
                one row and nearly consecutive, largest - smallest + 1 at most 1.5 times the rows, \
                or named id, key, uuid, guid, uid, rfid, index, row, *_id, *Id, *ID, *_key, *Key, \
                *uuid, *rfid, or all in lower or all in upper case *id or *key such as customerid, \
                rowid and CUSTOMERID, not paid or valid), hold \
                only dates, or hold one value in every row (no tree can split on it, and another \
                value later would be refused) are left out of \
                the inputs (added to ignore, with a note; numbers with a warning): a later row \
                would bring a value the model never saw. --keep NAME keeps one. A column of numbers \
                written with a decimal comma or thousands separators (81,1, 50,521, 1 228, \
                1'078.72, 3.526,86) is read as text, each number a category: when that makes \
                nearly a category per row, or more than the 254 a model keeps, most later values \
                would be refused or scored as missing, so it is left out too, in a warning with \
                the advice `data inspect` gives (remove the separators, or --decimal ,); a few \
                repeated numbers are kept, with the advice. Percentages (12%) are judged the \
                same way, the advice being to remove the %. `new` \
                refuses an endpoint with no input field left (naming the columns left out), and a \
                label of such numbers unless --task is given. `new` warns \
                about categories that differ only in letter case, surrounding spaces or line endings \
                (`basic `, `Basic`) or read as the same number (`2`, `2.0`): they are learned as \
                different categories; about a column declared categorical with fewer than two rows \
                per category (every unseen value is refused at serving); and about a class too \
                small ever to be predicted with the starting min_samples_leaf (the rows divided by \
                500, at least 1 and at most 20: small leaves for little data). It refuses, before writing \
                anything, a label whose classes read as the same number (0, 0.0, 1, 1.0) and a \
                column name holding a line break, a tab or another control or invisible format \
                character, naming the column.
                """
        )

        @Argument(help: "The endpoint's name: \(VersionID.nameRule) (income_classifier, penguin-species).")
        var endpoint: String

        @Option(help: "The training CSV, with a header row, inside the repository.")
        var data: String

        @Option(help: "The label column.")
        var label: String

        @Option(help: "binary, multiclass or regression (default: inferred from the label).")
        var task: String?

        @Option(
            parsing: .upToNextOption,
            help: "Columns that are neither inputs nor the label (identifiers, dates, leaks).")
        var ignore: [String] = []

        @Option(
            help: ArgumentHelp(
                "A cell that means missing, besides the default ones (\"\", NA, N/A, ?, null); repeat for several.",
                valueName: "cell"))
        var missing: [String] = []

        @Flag(help: "Only the --missing cells mean missing, not the default ones.")
        var noDefaultMissing = false

        @Option(help: "The separator: ',', ';' or 'tab' (default: detected).")
        var separator: String?

        @Option(help: "The decimal mark of the numbers: '.' or ',' (',' reads 41,4 as 41.4; default: '.').")
        var decimal: String?

        @Flag(help: "Spaces around a cell are not part of it (trim_spaces = true).")
        var trimSpaces = false

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Columns to keep as inputs although they look like identifiers or dates (left out otherwise); "
                    + "not the label, nor a column also given to --ignore."))
        var keep: [String] = []

        @Option(
            name: .customLong("column"),
            help: ArgumentHelp(
                "A column's kind instead of the inferred one, as NAME=numeric or NAME=categorical; repeat for several.",
                valueName: "name=kind"))
        var columns: [String] = []

        @Option(help: "The endpoint's owner (default: who runs the command).")
        var owner: String?

        @Option(
            help: """
                A one-line description of the endpoint (default: "Predicts LABEL (TASK) from FILE.", which \
                the site and its API show with the production version's training file once one is in \
                production, so it stays true after a data update).
                """)
        var description: String?

        @Option(help: "Who creates the endpoint (default: \(ActorName.defaultSource)).")
        var by: String?

        // Not `RegistryOptions`: `new` starts a repository, so a folder without research/ is
        // no error here.
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The repository root (default: the folder holding research/, from here upwards).",
                discussion: "With none, new starts a repository in the git work tree here, else in this folder."))
        var root: String?

        @Option(name: .long, help: "The registry folder (default: <root>/research/registry).")
        var registry: String?

        func validate() throws {
            // One rule for every endpoint name, the registry's (its URL path and site folder too).
            do {
                try Registry.checkNewEndpointName(endpoint)
            } catch {
                throw ValidationError(error.description)
            }
            if let task, PredictionTask(rawValue: task) == nil {
                throw ValidationError("--task must be binary, multiclass or regression")
            }
            if let separator, DataCommand.separator(separator) == nil {
                throw ValidationError("--separator must be ',', ';' or 'tab'")
            }
            try DataCommand.validate(decimal: decimal)
            _ = try kinds()
            // Contradictions the command would otherwise settle silently (trial20 #11).
            if let both = keep.first(where: ignore.contains) {
                throw ValidationError(
                    "--keep \(both) and --ignore \(both) contradict each other: keep the column as an input, or leave it out"
                )
            }
            if keep.contains(label) {
                throw ValidationError(
                    "--keep \(label) names the label, which is never an input; --keep is for columns new would leave out"
                )
            }
        }

        /// Why `new` would make an endpoint with no input field, and what to do: the columns left
        /// out as unlikely inputs, with their reasons and `--keep`, and those `--ignore` named.
        static func noInputsMessage(
            file: String, leftOut: [UnlikelyInput], ignored: [String], label: String
        ) -> String {
            var parts: [String] = []
            if !leftOut.isEmpty {
                parts.append(
                    "left out as unlikely inputs: "
                        + leftOut.map { "\(CategoryName.cited($0.name)) (\($0.reason))" }.joined(separator: ", ")
                        + "; keep one with --keep \(leftOut[0].name) if it is an input")
            }
            if !ignored.isEmpty {
                parts.append("ignored with --ignore: " + ShortList.text(ignored.map(CategoryName.cited)))
            }
            if parts.isEmpty { parts.append("the file has no column besides the label") }
            return "\(file): no input fields are left besides the label \(CategoryName.cited(label)), and an "
                + "endpoint needs at least one (nothing was written): " + parts.joined(separator: "; ")
        }

        /// `--column NAME=KIND` as the pipeline's `[data.columns]` table holds it.
        func kinds() throws -> [String: Field.Kind] {
            var kinds: [String: Field.Kind] = [:]
            for column in columns {
                guard let equals = column.lastIndex(of: "="),
                    let kind = Field.Kind(rawValue: String(column[column.index(after: equals)...]))
                else {
                    throw ValidationError(
                        "--column '\(column)' must be NAME=numeric or NAME=categorical, as [data.columns] takes them")
                }
                kinds[String(column[..<equals])] = kind
            }
            return kinds
        }

        func run() throws {
            // Found here, not in validate(), as for every command (`RegistryOptions.rootPath`).
            let rootPath = try RepositoryRoot.resolve(root, starting: true)
            let root = URL(fileURLWithPath: rootPath)
            let fileURL = URL(fileURLWithPath: data)
            guard let path = Registry.relativePath(of: fileURL, under: root) else {
                throw CommandFailure(
                    "\(data) is outside the repository \(root.path); copy it under research/data/<name>/ first")
            }
            let model = "random_forest"
            let pipelineFile = root.appendingPathComponent(
                "\(RepositoryLayout.pipelinesFolder)/\(endpoint)_\(model).toml")
            // Checked before anything is written: the registry's event is written last.
            let registryFiles = Registry(folder: registry, root: rootPath)
            do {
                try registryFiles.checkNewEndpoint(endpoint)
            } catch let error where error.reason == .endpointExists(endpoint) {
                // Said with what to do instead (trial35: `new` run again with --missing to read
                // the data another way said only that the endpoint exists).
                let pipeline = FileManager.default.fileExists(atPath: pipelineFile.path)
                let shown =
                    rootPath == "."
                    ? "\(RepositoryLayout.pipelinesFolder)/\(endpoint)_\(model).toml" : pipelineFile.path
                let again = "start again from this file, choose another endpoint name"
                throw CommandFailure(
                    error.description + "; `new` makes an endpoint once. "
                        + (pipeline
                            ? "To read its data another way (missing markers, kinds, ignored columns), edit [data] "
                                + "in \(shown) and run `modelpress train` on it; to \(again)"
                            : "To \(again)"))
            } catch {
                throw CommandFailure(error.description)
            }
            // A pipeline without its endpoint is one an interrupted `new` wrote, when it is the
            // text this command writes (compared once the data has loaded), else the user's.
            let leftPipeline = try? String(contentsOf: pipelineFile, encoding: .utf8)
            if let leftPipeline, !leftPipeline.hasPrefix(Self.pipelineHeading + "\n") {
                throw CommandFailure("\(pipelineFile.path) exists; edit it, or choose another endpoint name")
            }
            var declaration = DataDeclaration(
                training: path, label: label, task: task.flatMap { PredictionTask(rawValue: $0) }, ignore: ignore)
            declaration.missing = DataDeclaration.missingMarkers(adding: missing, defaults: !noDefaultMissing)
            declaration.separator = separator.flatMap(DataCommand.separator)
            declaration.kinds = try kinds()
            declaration.decimal = decimal
            declaration.trimSpaces = trimSpaces
            // Identifiers and dates would be categories no later row has: left out, with a note.
            // Progress on a large file as train prints it (trial20 #11: nothing for 110 s).
            let name = endpoint
            let progress: @Sendable (String) -> Void = { print("[\(name)] \($0)") }
            // Read once, for the profile and the load below (trial24: it was parsed twice).
            let read = try reportingDataErrors { try declaration.read(root: root, progress: progress) }
            let profile = try reportingDataErrors { try declaration.profile(of: read, progress: progress) }
            let unknownKeep = keep.filter { name in !profile.columns.contains { $0.name == name } }
            guard unknownKeep.isEmpty else {
                throw CommandFailure(
                    "--keep \(CategoryName.cited(unknownKeep[0])) is not a column of \(data) ("
                        + DataProfile.columnList(profile.columns.map(\.name)) + ")")
            }
            let leftOut = declaration.unlikelyInputs(profile).filter { !keep.contains($0.name) }
            declaration.ignore += leftOut.map(\.name)
            // An endpoint of no input would answer one value for every row (trial20 #1: `new` created
            // one with 0 fields, and training it failed after 100 trees): refused, naming why.
            guard profile.columns.contains(where: { $0.name != label && !declaration.ignore.contains($0.name) }) else {
                // What the data itself refuses comes first (a label's name with a hidden character),
                // as it would once a column is kept: the file loaded with the columns left out.
                if !leftOut.isEmpty {
                    var kept = declaration
                    kept.ignore = ignore
                    _ = try reportingDataErrors {
                        try kept.load(seed: Self.seed, root: root, checked: false, reusing: read)
                    }
                }
                throw CommandFailure(Self.noInputsMessage(file: data, leftOut: leftOut, ignored: ignore, label: label))
            }
            // The rows decide the leaf size, not the task, so the leaf is known before the task is.
            let leaf = Self.startingLeaf(rows: profile.rows)
            let loaded = try reportingDataErrors {
                try declaration.load(
                    seed: Self.seed, root: root, checked: false, progress: progress, minimumLeaf: leaf, reusing: read)
            }
            // Said once the data has loaded: a run that fails writes nothing, so leaves nothing out.
            // Numbers left out may be measurements: a warning, not a note (trial19 #2).
            for (isNumeric, group) in [(false, leftOut.filter { !$0.isNumbers }), (true, leftOut.filter(\.isNumbers))]
            where !group.isEmpty {
                let names = group.map { "\(CategoryName.cited($0.name)) (\($0.reason))" }.joined(separator: ", ")
                let line =
                    "left out of the inputs (ignore = [...] in the pipeline): \(names); "
                    + "keep \(group.count == 1 ? "it" : "one") with --keep \(group[0].name)"
                if isNumeric { printError("warning: \(line)") } else { print("note: \(line)") }
            }
            for note in loaded.notes { print(note) }
            for warning in loaded.warnings { printError("warning: \(warning)") }
            declaration.task = loaded.declaration.task

            let dataFolder = fileURL.deletingLastPathComponent()
            let hadUnionMerge = Checksums.mergesSumsByUnion(in: dataFolder)
            if try reportingDataErrors({ try Checksums.declare(fileURL) }) {
                print("added \(fileURL.lastPathComponent) to \(dataFolder.path)/SHA256SUMS")
            }
            if !hadUnionMerge && Checksums.mergesSumsByUnion(in: dataFolder) {
                print(
                    "wrote \(dataFolder.path)/.gitattributes (SHA256SUMS merge=union: git keeps both branches' "
                        + "lines when two add data files)")
            }
            let actor = ActorName.resolve(explicit: by, root: root)
            let schema = loaded.train.schema
            let definition = EndpointDefinition(
                name: endpoint, owner: owner ?? actor,
                description: description
                    ?? EndpointDefinition.generatedDescription(label: label, task: schema.task, data: path),
                schema: schema, createdAt: .now)
            let pipelineText = Self.pipelineText(
                endpoint: endpoint, model: model, declaration: declaration, schema: schema, leaf: leaf,
                rows: profile.rows)
            if let leftPipeline, leftPipeline != pipelineText {
                throw CommandFailure(
                    "\(pipelineFile.path) exists, left by a `new` that was interrupted before it created "
                        + "endpoint \(endpoint), for other data or options than these (or edited since); rerun "
                        + "that command, or remove the file and run this one")
            }

            // The files first and the registry's event last (trial20 #3): a run cut short (a
            // signal, a full disk) leaves no endpoint without its pipeline, and a pipeline without
            // its endpoint that this command, run again, finishes.
            try FileManager.default.createDirectory(
                at: pipelineFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(pipelineText.utf8).write(to: pipelineFile, options: .atomic)
            print(
                "wrote \(pipelineFile.path)\(leftPipeline == nil ? "" : " (again: an earlier `new` was interrupted)")")
            let card = root.appendingPathComponent(RepositoryLayout.card(endpoint: endpoint, model: model))
            if FileManager.default.fileExists(atPath: card.path) {
                print("kept \(card.path)")
            } else {
                try FileManager.default.createDirectory(
                    at: card.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(Self.cardText(definition: definition, data: loaded).utf8).write(
                    to: card, options: .atomic)
                print("wrote \(card.path)")
            }
            let site = root.appendingPathComponent("site")
            for path in try StarterSite.writeMissing(into: site) {
                print("wrote \(site.appendingPathComponent(path).path) (the site's starting \(path); edit it)")
            }
            _ = try reportingRegistryErrors {
                try registryFiles.createEndpoint(
                    definition, by: actor, note: "created by modelpress new from \(path)")
            }
            print("created endpoint \(endpoint) (\(counted(schema.fields.count, "field")), \(schema.task.rawValue))")
            // From the root the path is short; from elsewhere (a subfolder, a repository `new` just
            // started above it) the command says where to run it.
            let pipelinePath = "\(RepositoryLayout.pipelinesFolder)/\(endpoint)_\(model).toml"
            print(
                rootPath == "."
                    ? "next: modelpress train \(pipelinePath)"
                    : "next (the repository is \(root.path)): cd \(root.path) && modelpress train \(pipelinePath)")
        }

        static let seed: UInt64 = 42

        /// The first line of every pipeline `new` writes (`pipelineText`).
        static let pipelineHeading = "# Written by `modelpress new`; `modelpress help train` documents every key."

        /// A starting pipeline: a random forest with the settings research/pipelines/README.md
        /// recommends (`startingHyperparameters`, leaves of `leaf` rows for a file of `rows`
        /// rows: `startingLeaf`), the data as inferred, and slices by every categorical field with
        /// a few short categories.
        static func pipelineText(
            endpoint: String, model: String, declaration: DataDeclaration, schema: Schema, leaf: Int, rows: Int
        ) -> String {
            // Free text (a long value or a line break: a note) is no group to report a metric by.
            let slices = schema.fields.filter { field in
                field.kind == .categorical && (2...12).contains(field.categories.count)
                    && field.categories.allSatisfy { category in
                        category.count <= CategoryName.shownLength
                            && !category.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }
                    }
            }
            var text = """
                \(pipelineHeading)
                endpoint = \(toml(endpoint))
                model = \(toml(model))
                version = "1.0.0"
                algorithm = "random_forest"
                seed = \(seed)

                [data]
                training = \(toml(declaration.training))
                label = \(toml(declaration.label))
                task = \(toml(schema.task.rawValue))

                """
            if !declaration.ignore.isEmpty {
                text += "ignore = [\(declaration.ignore.map(toml).joined(separator: ", "))]\n"
            }
            if schema.task == .binary { text += "positive = \(toml(schema.labelValues[1]))\n" }
            if declaration.missing != DataDeclaration.defaultMissing {
                text += "missing = [\(declaration.missing.map(toml).joined(separator: ", "))]\n"
            }
            if let separator = declaration.separator { text += "separator = \(toml(separator))\n" }
            if let decimal = declaration.decimal { text += "decimal = \(toml(decimal))\n" }
            if declaration.trimSpaces { text += "trim_spaces = true\n" }
            text += """
                # Without `test = "….csv"`, test_fraction of the rows (0.2 by default) are held out,
                # per class for classification. Other keys: missing, ignore, nullable, separator,
                # [data.columns] (kind overrides), [data.bounds] (serving limits).

                """
            text += "\n"
            if !declaration.kinds.isEmpty {
                text += "[data.columns]\n"
                for (name, kind) in declaration.kinds.sorted(by: { $0.key < $1.key }) {
                    text += "\(toml(name)) = \(toml(kind.rawValue))\n"
                }
                text += "\n"
            }
            text += hyperparameterComment()
            text +=
                "# min_samples_leaf: \(leaf) for \(counted(rows, "row")) (rows / \(rowsPerLeafRow), at least 1 and at most "
                + "\(largestStartingLeaf): small leaves learn more of little data, leaves of 20 keep files small on much)\n"
            text += "[hyperparameters]\n"
            for (key, value) in startingHyperparameters(task: schema.task, leaf: leaf) { text += "\(key) = \(value)\n" }
            if !slices.isEmpty {
                text += "\n[evaluation]\nslices = [\(slices.map { toml($0.name) }.joined(separator: ", "))]\n"
            }
            return text
        }

        /// The comment above a new pipeline's `[hyperparameters]`: the keys differ per algorithm,
        /// so it lists each algorithm's (`Algorithm.hyperparameterNames`), the algorithms that
        /// take the same keys on one line (trial14 B8: a forest's `trees` copied into a boosting
        /// pipeline was refused, and nothing here had said why).
        static func hyperparameterComment() -> String {
            var groups: [(algorithms: [String], keys: [String])] = []
            for algorithm in Algorithm.allCases {
                let keys = algorithm.hyperparameterNames
                if let index = groups.firstIndex(where: { $0.keys == keys }) {
                    groups[index].algorithms.append(algorithm.rawValue)
                } else {
                    groups.append(([algorithm.rawValue], keys))
                }
            }
            var text = "# [hyperparameters] keys differ per algorithm; changing `algorithm` means changing them too:\n"
            for group in groups {
                text += "#   \(group.algorithms.joined(separator: ", ")): \(group.keys.joined(separator: ", "))\n"
            }
            return text
        }

        /// The forest settings a new pipeline starts with, as TOML values, in the order written:
        /// the ones research/pipelines/README.md recommends under "Why these settings"
        /// (`min_samples_leaf` from `startingLeaf`; `max_features` is scikit-learn's per task).
        static func startingHyperparameters(task: PredictionTask, leaf: Int) -> [(String, String)] {
            [
                ("trees", "100"), ("max_features", task == .regression ? "\"all\"" : "\"sqrt\""),
                ("min_samples_leaf", "\(leaf)"), ("bootstrap", "true"),
            ]
        }

        /// Rows of the data file per row of the starting leaf size.
        static let rowsPerLeafRow = 500
        /// The starting leaf size from 10,000 rows up.
        static let largestStartingLeaf = 20

        /// The `min_samples_leaf` a new pipeline starts with for a data file of `rows` rows:
        /// `rows / 500`, at least 1 and at most 20. Leaves of at least 20 rows keep files near 1 MB
        /// and fits fast and do as well on Adult's 32,561 rows (research/pipelines/README.md); on a
        /// few hundred rows they leave too few leaves to learn from, and a class of a handful of
        /// training rows is seldom the most frequent in any leaf (trial28 #4), so little data gets
        /// small leaves (344 penguins: 1, as their pipelines and scikit-learn's forests use).
        static func startingLeaf(rows: Int) -> Int {
            min(largestStartingLeaf, max(1, rows / rowsPerLeafRow))
        }

        /// A card stub in the front-matter form the site reads (research/cards/README.md). It is
        /// every version's card of the model, so it states nothing one version's training decides
        /// (the data file, its rows, the fields): the card's Details give the file per version.
        static func cardText(definition: EndpointDefinition, data: LoadedData) -> String {
            let schema = data.train.schema
            return """
                ---
                owners:
                  - \(definition.owner)
                license: say under which licence the model and its data may be used
                intended_use:
                  - Say what the model is for and who relies on its answers.
                out_of_scope_uses:
                  - Say which uses it must not be put to.
                limitations:
                  - Say what the training data does not cover (people, places, periods, ranges).
                ethical_considerations:
                  - Say which people the predictions affect and how errors would harm them.
                ---
                ## Overview

                A random forest that predicts **\(schema.label)** (\(schema.task.rawValue)). Describe \
                the data, where it comes from and how the model is used; each version's Details name \
                the file it was trained on.

                """
        }

        /// `value` as a TOML basic string (`TOMLText`).
        static func toml(_ value: String) -> String {
            TOMLText.string(value)
        }
    }
}
