import Foundation
import Testing

@testable import Publisher

/// The card's table of a model's own importances says what they are: a forest trained here
/// averages each tree's shares of its impurity decrease, boosting shares the total gain, and an
/// imported LightGBM model's are its split gains, not the split counts its file lists (trial22
/// #4: every card called them "as reported by the model", an ONNX import's split counts too;
/// an ONNX card's "Share of splits" is checked by ImportEndpointCLITests).
@Suite struct OwnImportanceTests {
    @Test func eachCardNamesWhatItsModelsImportancesMeasure() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let cards: [(String, String, String)] = [
            (
                "income_classifier/random_forest/1.0.0", "Share of gain",
                "averaged over the trees (mean decrease in impurity"
            ),
            (
                "income_classifier/gradient_boosting/1.0.0", "Share of total gain",
                "of all the trees&#39; splits</caption>"
            ),
            (
                "penguin_species/lightgbm/1.0.0", "Share of total gain",
                "Recorded by LightGBM: each field&#39;s share of the split_gain of all the trees&#39; splits"
            ),
        ]
        for (path, title, caption) in cards {
            let html = try built.page("endpoints/\(path)/index.html")
            #expect(html.contains("<th scope=\"col\">\(title)</th>"), "\(path)")
            #expect(html.contains(caption), "\(path)")
            #expect(!html.contains("As reported by the model"), "\(path)")
        }
    }
}
