import Foundation

/// What a page template sees: names → strings, numbers, booleans, lists and nested values.
/// An absent value is left out (not stored as a nil, which Mustache would treat as present), so
/// `{{#name}}…{{/name}}` renders only when there is one. docs/templates.md lists the names of
/// each template; `TemplateContextTests` checks the list against what the pages pass.
typealias TemplateValues = [String: Any]

/// `pairs` without the nil values.
func templateValues(_ pairs: KeyValuePairs<String, Any?>) -> TemplateValues {
    var out = TemplateValues(minimumCapacity: pairs.count)
    for (name, value) in pairs {
        if let value { out[name] = value }
    }
    return out
}

/// The names a build passes to each template (`events[].summary` for a list's items), collected
/// when a test asks for them.
final class TemplateRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var names: [String: Set<String>] = [:]

    func note(_ values: TemplateValues, template: String) {
        var found: Set<String> = []
        Self.collect(values, prefix: "", into: &found)
        lock.lock()
        names[template, default: []].formUnion(found)
        lock.unlock()
    }

    private static func collect(_ values: TemplateValues, prefix: String, into found: inout Set<String>) {
        for (name, value) in values {
            let path = prefix + name
            found.insert(path)
            if let nested = value as? TemplateValues {
                collect(nested, prefix: path + ".", into: &found)
            } else if let list = value as? [TemplateValues] {
                for item in list { collect(item, prefix: path + "[].", into: &found) }
            }
        }
    }
}
