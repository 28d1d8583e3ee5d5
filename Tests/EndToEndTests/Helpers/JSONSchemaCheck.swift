import Foundation

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that openapi.json uses: `type`
/// (one or a list), `enum`, `const`, `pattern`, `properties`, `required`, `additionalProperties: false`,
/// `items`, `minItems`, `minimum`, `maximum`, `oneOf` and local `$ref`s. Enough to check
/// predict.cgi's answers against the published document without a schema library.
struct JSONSchemaCheck {
    /// The whole document, for `$ref`.
    let document: [String: Any]

    /// Every way `value` breaks `schema`, each with the path to the value; empty when it conforms.
    func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            var target: Any = document
            for part in reference.dropFirst(2).split(separator: "/") {
                target = (target as? [String: Any])?[String(part)] ?? [:]
            }
            return problems(value, target as? [String: Any] ?? [:], at: path)
        }
        var found: [String] = []
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { problems(value, $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) of oneOf's \(options.count) schemas") }
        }
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !types.contains(where: { Self.has(value, type: $0) })
        {
            return found + ["\(path): \(value) is not \(types.joined(separator: " or "))"]
        }
        if let constant = schema["const"], !Self.equal(value, constant) {
            found.append("\(path): \(value) is not \(constant)")
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal(value, $0) }) {
            found.append("\(path): \(value) is not one of \(options)")
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String {
            let matches = (try? NSRegularExpression(pattern: pattern))?
                .firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            if matches == nil { found.append("\(path): '\(text)' does not match \(pattern)") }
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"].flatMap(Self.number), number < minimum {
                found.append("\(path): \(number) < \(minimum)")
            }
            if let maximum = schema["maximum"].flatMap(Self.number), number > maximum {
                found.append("\(path): \(number) > \(maximum)")
            }
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path): \(name) is required")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, item) in object {
                if let property = properties[name] as? [String: Any] {
                    found += problems(item, property, at: "\(path).\(name)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): \(name) is not allowed")
                }
            }
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum {
                found.append("\(path): \(array.count) items, fewer than \(minimum)")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { found += problems(item, items, at: "\(path)[\(index)]") }
            }
        }
        return found
    }

    private static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "string": return value is String
        case "integer": return !isBool(value) && number(value).map { $0 == $0.rounded() } == true
        case "number": return !isBool(value) && number(value) != nil
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        default: return false
        }
    }

    private static func isBool(_ value: Any) -> Bool {
        // JSONSerialization gives true and false as NSNumbers of type `c` (char), numbers never.
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func number(_ value: Any) -> Double? {
        guard !(value is String), !isBool(value) else { return nil }
        return (value as? NSNumber)?.doubleValue
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (is NSNull, is NSNull): return true
        case (let x as String, let y as String): return x == y
        default:
            guard let x = number(a), let y = number(b) else { return false }
            return x == y
        }
    }
}
