import Basics
import Scoring
import ServingCore

/// A route's query parameters, read once and checked against the names the route accepts.
///
/// The rule (docs/deploy.md, openapi.json): names the route does not accept are refused with
/// 400 naming every one and the accepted ones (names are lower case: `EXPLAIN` is refused, saying
/// so); a name given twice is refused (`FormDecoding.single`); a flag given both in the query
/// and in the form is true when either is (`flag(_:form:)`). Nothing is ignored: trial15
/// found `?EXPLAIN=true` and `?bogus=1` answered 200 as if not sent.
package struct QueryParameters {
    private let parameters: [(name: String, value: String?)]

    /// - Parameters:
    ///   - accepted: the names the route reads, in the order messages list them.
    ///   - route: the route as messages name it (`POST /{endpoint}/predict`).
    /// - Throws: `ServingError` 400 naming every parameter that is not one of `accepted`, each
    ///   in `errors` (trial17 #5: only the first was named, so a query took one round per name).
    init(_ queryString: String, accepting accepted: [String], route: String) throws(ServingError) {
        parameters = FormDecoding.parameters(queryString)
        var unknown: [String] = []
        for (name, _) in parameters where !accepted.contains(name) && !unknown.contains(name) { unknown.append(name) }
        guard !unknown.isEmpty else { return }
        let names = accepted.isEmpty ? "no query parameters" : accepted.joined(separator: ", ")
        let shown = unknown.map { "\(CategoryName.cited($0))\(Self.hint(for: $0, accepted: accepted))" }
        throw ServingError(
            .badRequest,
            "unknown query parameter\(unknown.count == 1 ? "" : "s") \(shown.joined(separator: ", ")); "
                + "\(route) accepts \(names)",
            errors: unknown.map {
                .init(
                    field: $0,
                    message:
                        "is not a query parameter of \(route)\(Self.hint(for: $0, accepted: accepted)); it accepts \(names)"
                )
            })
    }

    /// What an unknown name was probably meant as: an accepted one in another case, or a slip;
    /// the upload form's fields are told alike (`Upload`).
    package static func hint(for unknown: String, accepted: [String]) -> String {
        if let same = accepted.first(where: { $0 == unknown.lowercased() }) {
            return " (names are lower case: \(same))"
        }
        return NearestName.closest(to: unknown, in: accepted).map { " (did you mean \($0)?)" } ?? ""
    }

    /// The value of `name`; nil when it is not given, or given empty or alone.
    /// - Throws: `ServingError` 400 when it is given more than once (`FormDecoding.single`).
    package func value(_ name: String) throws(ServingError) -> String? {
        try FormDecoding.single(name, in: parameters).flatMap { $0 }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The flag `name` (`FormDecoding.flag`: `true`, `1`, `yes`, `on` or their opposites, any
    /// case; the name alone true); nil when it is not given or given empty.
    /// - Throws: `ServingError` 400 naming it for any other value, or when it is given twice.
    package func flag(_ name: String) throws(ServingError) -> Bool? {
        guard let value = try FormDecoding.single(name, in: parameters), value != "" else { return nil }
        return try FormDecoding.flag(name, value)
    }

    /// The flag `name` as the query and a form (`form`: nil when the form does not give it)
    /// give it together: true when either gives it true. Refusing a query and a form that
    /// disagree (trial15) was tried and dropped: openapi.json cannot state a rule across the
    /// query and the body, so such a request is valid by the document, and schemathesis rightly
    /// expects it answered.
    /// - Throws: as `flag(_:)`.
    package func flag(_ name: String, form: Bool?) throws(ServingError) -> Bool {
        let query = try flag(name)
        return (query ?? false) || (form ?? false)
    }
}

extension CGIRequest {
    /// The query parameters, checked against those the route accepts (`QueryParameters`).
    /// - Throws: `ServingError` 400 naming a parameter the route does not accept.
    package func query(accepting accepted: [String], route: String) throws(ServingError) -> QueryParameters {
        try QueryParameters(queryString, accepting: accepted, route: route)
    }
}
