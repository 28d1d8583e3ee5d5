import Basics

/// The texts of an event or a definition that a person typed, each with the name a message
/// gives it; a write refuses any of them that holds a control character (`ControlCharacters`),
/// so that nothing typed at the command line makes the published history or feed invalid.
/// Events already in the log are history and are not refused: the site replaces what they hold.
enum TypedText {
    /// The first typed text of `event` (and, for a new endpoint, of its `definition`) that holds
    /// a forbidden control character, as the reason a write is refused.
    static func problem(in event: RegistryEvent, definition: EndpointDefinition?) -> RegistryError.Reason? {
        var texts: [(String, String)] = [("the actor (--by)", event.by)]
        if let note = event.note { texts.append(("the note (--note)", note)) }
        switch event.body {
        case .endpointCreated(_, let owner): texts.append(("the owner", owner))
        case .registered(_, let facts): texts += [("the owner", facts.owner), ("the description", facts.description)]
        case .abStarted(let start): texts.append(("the title (--title)", start.title))
        case .statusChanged, .abStopped: break
        }
        if let definition { texts += typed(definition) }
        for (field, text) in texts {
            if let (scalar, position) = ControlCharacters.first(in: text) {
                return .controlCharacter(field: field, scalar, position: position)
            }
        }
        return nil
    }

    /// A definition's texts: owner, description, field names, categories, label and its values.
    private static func typed(_ definition: EndpointDefinition) -> [(String, String)] {
        let file = "endpoints/\(definition.name).json"
        var texts = [("\(file)'s owner", definition.owner), ("\(file)'s description", definition.description)]
        for field in definition.schema.fields {
            texts.append(("a field name in \(file)", field.name))
            texts += field.categories.map { ("\(file)'s category of \(field.name)", $0) }
        }
        texts.append(("\(file)'s label", definition.schema.label))
        texts += definition.schema.labelValues.map { ("\(file)'s label value", $0) }
        return texts
    }
}
