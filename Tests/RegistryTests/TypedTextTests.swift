import Basics
import Foundation
import Models
import RegistryTestSupport
import Testing

@testable import Registry

/// Text typed at the command line that the published history and feed could not show (an
/// escape sequence, a backspace) is refused with the place and the code point; nothing is written.
@Suite struct TypedTextTests {
    @Test func aNoteOrAnActorWithAControlCharacterIsRefused() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let id = try scratch.registered("income_classifier/random_forest@1.0.0")
        let before = try scratch.eventLines()
        let refusals: [(by: String, note: String?, field: String, position: Int)] = [
            ("alice", "\u{1B}[31mbest AUC\u{1B}[0m", "the note (--note)", 1),
            ("ali\u{08}ce", "fine", "the actor (--by)", 4),
            ("alice", "next\u{85}line", "the note (--note)", 5),
        ]
        for refusal in refusals {
            let error = #expect(throws: RegistryError.self) {
                try scratch.registry.setStatus(id, to: .staging, by: refusal.by, note: refusal.note)
            }
            guard case .controlCharacter(let field, _, let position)? = error?.reason else {
                Issue.record("expected a control character refusal, got \(String(describing: error))")
                continue
            }
            #expect(field == refusal.field && position == refusal.position)
            #expect(error?.description.contains("U+00") == true)
        }
        #expect(try scratch.eventLines() == before)
        // Tabs and line breaks are text, not control.
        try scratch.registry.setStatus(id, to: .staging, by: "alice", note: "two\nlines\twith a tab")
    }

    @Test func aDefinitionWithAControlCharacterIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var definition = Scratch.definition
        definition.schema.fields[1].categories = ["Female", "Ma\u{1B}le"]
        let error = #expect(throws: RegistryError.self) {
            try scratch.registry.createEndpoint(definition, by: "alice")
        }
        #expect(error?.description.contains("endpoints/income_classifier.json's category of sex") == true)
        #expect(((try? scratch.eventFiles()) ?? []).isEmpty)
    }

    @Test func anABTestTitleWithAControlCharacterIsRefused() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let a = try scratch.registered("income_classifier/random_forest@1.0.0")
        let b = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        let error = #expect(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: a, b: b, title: "RF\u{7}", by: "alice")
        }
        #expect(error?.description.contains("the title (--title) has the control character U+0007") == true)
    }
}
