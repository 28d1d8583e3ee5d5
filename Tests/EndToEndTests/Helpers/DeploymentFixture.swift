import Foundation

/// A serving deployment built the way a user builds one: the repository's endpoint definition and
/// committed artifacts, registered with the real CLI (random forest in production, gradient
/// boosting in testing). Made once per test process; the tests give each CGI run its own log.
enum DeploymentFixture {
    // Registering what the repository already registered changes nothing, so this works
    // whatever history the committed registry holds.

    /// The reference record (the check the Django service modelpress replaces shipped with):
    /// this Adult record is predicted `<=50K`.
    static let referenceRecord = """
        {"age":37,"workclass":"Private","fnlwgt":34146,"education":"HS-grad","education-num":9,\
        "marital-status":"Married-civ-spouse","occupation":"Craft-repair","relationship":"Husband","race":"White",\
        "sex":"Male","capital-gain":0,"capital-loss":0,"hours-per-week":68,"native-country":"United-States"}
        """

    static let folder: Result<URL, any Error> = Result { try make() }

    static func url() throws -> URL { try folder.get() }

    private static func make() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "modelpress-deployment-\(UUID().uuidString)")
        let fileManager = FileManager.default
        let repository = Executables.repositoryRoot
        try fileManager.createDirectory(
            at: root.appendingPathComponent("research/artifacts"), withIntermediateDirectories: true)
        try fileManager.copyItem(
            at: repository.appendingPathComponent("research/registry"),
            to: root.appendingPathComponent("research/registry"))
        try fileManager.copyItem(
            at: repository.appendingPathComponent("research/artifacts/income_classifier"),
            to: root.appendingPathComponent("research/artifacts/income_classifier"))
        let steps: [[String]] = [
            ["register", "income_classifier/random_forest@1.0.0", "--by", "e2e"],
            ["register", "income_classifier/gradient_boosting@1.0.0", "--by", "e2e"],
            ["status", "income_classifier/random_forest@1.0.0", "production", "--by", "e2e", "--note", "fixture"],
        ]
        for arguments in steps {
            let result = try run(Executables.modelpress, arguments, in: root)
            guard result.status == 0 else {
                throw FixtureError(message: "modelpress \(arguments.joined(separator: " ")): \(result.errorOutput)")
            }
        }
        return root
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
