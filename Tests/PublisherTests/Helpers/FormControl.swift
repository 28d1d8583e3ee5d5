import Models
import Templates

@testable import Publisher

extension PredictionFormPage {
    /// One input of the form as the default theme's `partials/field` renders it.
    static func control(for field: Field) throws -> String {
        try Theme().render(PredictionFormPage.fields([field])[0], template: "partials/field")
    }
}
