import Basics
import Scoring

/// Checks a prediction request's fields against an endpoint's schema and turns them into
/// the typed values a model scores.
public struct InputValidator: Sendable {
    public var schema: Schema
    /// Keys that may accompany the fields without being one (`client_id` for sticky A/B routing).
    public var reservedKeys: Set<String>

    /// How the input was written, for the words of a problem: a request's JSON or form fields,
    /// or the cells of a CSV file (where a missing value is an empty cell, not `null`).
    public enum Spelling: Sendable {
        case request, csv
    }
    public var spelling: Spelling
    /// The version that answers was trained on numbers with a decimal comma (`decimal = ","`):
    /// a numeric field's text reads `77,0` as 77.0 (`DecimalNumber.parse(_:decimalComma:)`), as
    /// the version's CSV input does; a JSON number is read as JSON writes it either way.
    public var decimalComma = false

    public init(
        schema: Schema, reservedKeys: Set<String> = ["client_id"], spelling: Spelling = .request,
        decimalComma: Bool = false
    ) {
        self.schema = schema
        self.reservedKeys = reservedKeys
        self.spelling = spelling
        self.decimalComma = decimalComma
    }

    /// Whether `input` gives a numeric field text with a comma, which only the answering
    /// version's decimal mark (`decimalComma`) decides: the one case where it must be looked up.
    package func needsDecimalMark(_ input: [String: InputValue]) -> Bool {
        schema.fields.contains { field in
            guard field.kind == .numeric, case .text(let text)? = input[field.name] else { return false }
            return text.utf8.contains(UInt8(ascii: ","))
        }
    }

    /// What a field that the schema does not mark `nullable` is told when it is missing.
    static let notNullable = "this endpoint's schema does not let it be"

    /// Whether `problem` (as `validate` words it, in a row's problem too) is a missing value of
    /// a field the schema does not let be missing.
    public static func refusesMissing(_ problem: ServingError.FieldProblem) -> Bool {
        problem.message.contains(notNullable)
    }

    /// Every field present, of the right type, finite and in range, every category known (text
    /// or a JSON number that reads as a number names the category of that value: `category`), no unknown keys, a reserved key's value
    /// text; a field may be missing
    /// (omitted, `null`, empty or `?`; the trees route it as in training) only when the schema
    /// marks it `nullable`: in a prediction, a job's rows and `modelpress predict`'s file alike.
    /// - Throws: `ServingError` (400) listing every problem, one per field.
    public func validate(_ input: [String: InputValue]) throws(ServingError) -> [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        var problems: [ServingError.FieldProblem] = []
        for field in schema.fields {
            // An omitted field is a missing one: accepted where `null` is, required elsewhere.
            let raw = input[field.name]
            guard let raw, !Self.isMissing(raw) else {
                if field.nullable {
                    values[field.name] = .missing
                } else {
                    let message =
                        raw.map { "is missing \(missingShown($0)), and \(Self.notNullable)" }
                        ?? "is required (\(Self.notNullable) missing)"
                    problems.append(.init(field: field.name, message: message))
                }
                continue
            }
            switch check(raw, against: field) {
            case .success(let value): values[field.name] = value
            case .failure(let problem): problems.append(problem)
            }
        }
        let known = Set(schema.fields.map(\.name)).union(reservedKeys)
        for key in input.keys.sorted() where !known.contains(key) {
            problems.append(.init(field: key, message: "is not a field of this endpoint" + unknownKeyHint(key)))
        }
        // A reserved key (a client's stable key) is text when given, as openapi.json says.
        for key in reservedKeys.sorted() {
            guard let raw = input[key] else { continue }
            if case .text = raw { continue }
            problems.append(.init(field: key, message: "must be a string, got \(raw.shortDescription)"))
        }
        guard problems.isEmpty else {
            let count = problems.count == 1 ? "1 field is" : "\(problems.count) fields are"
            throw ServingError(.badRequest, "the input is not valid: \(count) wrong", errors: problems)
        }
        return values
    }

    /// What a key that is no field was probably meant as: a query parameter sent in the body
    /// (`RouteQuery`), or a misspelt field (names are compared as written: `Age` is not `age`).
    /// A query parameter's name in another case (`EXPLAIN`) is told that names are lower case,
    /// as the query tells it (trial17 #5).
    func unknownKeyHint(_ key: String) -> String {
        let names = schema.fields.map(\.name)
        if let parameter = RouteQuery.jobs.first(where: { $0 == key.lowercased() }),
            parameter == key || !names.contains(where: { $0.lowercased() == parameter })
        {
            let value = FormDecoding.flagNames.contains(parameter) ? "true" : "…"
            let cased = parameter == key ? "" : " (names are lower case: \(parameter))"
            return "\(cased); \(parameter) is a query parameter: add ?\(parameter)=\(value) to the address instead"
        }
        return Self.misspelling(key, of: names).map { " (did you mean \($0)?)" } ?? ""
    }

    /// The one of `names` that `key` is probably a misspelling of: the same letters in another
    /// case, or a slip (`NearestName.meant`); nil otherwise. A batch's key that is no field is
    /// passed through unless it looks like a misspelt field (`JobInput.misspeltField`).
    package static func misspelling(_ key: String, of names: [String]) -> String? {
        NearestName.meant(by: key, in: names)
    }

    /// How to send a missing value, for a field that may be missing: a marker such as `N/A` is
    /// missing in a batch CSV (the version's `missing` list) but is text in JSON and forms,
    /// where a missing value is `null`, left out, empty or `?`.
    func missingHint(_ field: Field) -> String {
        guard field.nullable else { return "" }
        switch spelling {
        case .request: return "; for a missing value send null or leave the field out (in a form: empty or ?)"
        case .csv: return "; for a missing value leave the cell empty"
        }
    }

    /// Where a missing value was: `(null)`, `('?')`; in CSV its cell (empty, or a missing
    /// marker, which the reader makes `null`).
    private func missingShown(_ raw: InputValue) -> String {
        if spelling == .csv, case .null = raw { return "in its cell" }
        return "(\(raw.shortDescription))"
    }

    /// A refused value as a message quotes it: text with its spaces and line breaks visible
    /// (`'basic '`, `'a\r\nb'`), at most 40 characters (`shortDescription`).
    static func shown(_ raw: InputValue) -> String {
        raw.shortDescription
    }

    /// What a value names among a field's categories (`category(_:in:)`).
    package enum CategoryMatch: Equatable {
        /// The category at this index.
        case category(Int)
        /// No category is the value, has its key or its number.
        case unknown
        /// Several categories have the value's key (they differ only in surrounding spaces or
        /// line breaks), and none is the value itself.
        case sameKey([Int])
        /// Several categories read as the value's number (`2e0` for `2` and `2.0`), and none is
        /// the value itself or has its key.
        case sameNumber([Int])
    }

    /// The category `value` names, by one rule for every channel (a JSON number as the text
    /// it was sent as, a JSON string, a form field, a CSV cell of a job or of `modelpress
    /// predict`/`explain`; trial17 #8, trial19 #4: JSON `2` named `2.0` where `"2"` named `2`):
    /// `CategoryName.match` first (as sent, else by its trimmed LF key), then, when no category
    /// is so named and `value` reads as a decimal number (`DecimalNumber`), the one category
    /// that reads as the same number (`2e0` names `2.0` when no category is `2`; `3.0` names
    /// `3`). A number several categories spell (`2e0` for `2` and `2.0`) names none of them:
    /// `.sameNumber`, refused naming them. `CategoryName.match` also takes `true` or `false` in
    /// any letter case (`True`, `FALSE`: what pandas' `to_csv` writes for a bool column; JSON's
    /// `true` comes here as `true`) for the one category that is the same word (trial22 #2).
    package static func category(_ value: String, in categories: [String]) -> CategoryMatch {
        switch CategoryName.match(value, in: categories) {
        case .category(let index): return .category(index)
        case .ambiguous(let indices): return .sameKey(indices)
        case .unknown:
            guard let number = DecimalNumber.parse(value) else { return .unknown }
            let same = categories.indices.filter { DecimalNumber.parse(categories[$0]) == number }
            switch same.count {
            case 0: return .unknown
            case 1: return .category(same[0])
            default: return .sameNumber(same)
            }
        }
    }

    /// What to send instead of a number written with grouped thousands (`351,000`: "thousands
    /// separators are not read: write 351000"), the advice a data file's column gets
    /// (`NumberMarks`); nil for other text.
    package static func groupingAdvice(_ text: String) -> String? {
        DigitGrouping.plain(text).map { "thousands separators are not read: write \($0)" }
    }

    package static func isMissing(_ raw: InputValue) -> Bool {
        switch raw {
        case .null: return true
        case .text(let text):
            let trimmed = text.trimmingWhitespace
            return trimmed.isEmpty || trimmed == "?"
        default: return false
        }
    }

    private func check(_ raw: InputValue, against field: Field) -> Result<FieldValue, ServingError.FieldProblem> {
        switch field.kind {
        case .numeric:
            let number: Double
            switch raw {
            case .number(let value):
                number = value.value
            case .text(let text):
                guard let value = DecimalNumber.parse(text, decimalComma: decimalComma) else {
                    let advice = Self.groupingAdvice(text).map { "; \($0)" } ?? missingHint(field)
                    return .failure(
                        .init(field: field.name, message: "must be a number, got \(raw.shortDescription)\(advice)"))
                }
                number = value
            default:
                return .failure(.init(field: field.name, message: "must be a number, got \(raw.shortDescription)"))
            }
            guard number.isFinite else {
                return .failure(
                    .init(field: field.name, message: "must be a finite number, got \(raw.shortDescription)"))
            }
            if let minimum = field.minimum, number < minimum {
                return .failure(
                    .init(
                        field: field.name, message: "must be at least \(numberText(minimum)), got \(numberText(number))"
                    ))
            }
            if let maximum = field.maximum, number > maximum {
                return .failure(
                    .init(
                        field: field.name, message: "must be at most \(numberText(maximum)), got \(numberText(number))")
                )
            }
            return .success(.number(number))
        case .categorical:
            let value: String
            switch raw {
            // As sent: `CategoryName` matches it exactly, else by its trimmed, LF-only key.
            case .text(let text): value = text
            // A number is matched by its text as sent, as that text in a string is (`Self.category`).
            case .number(let number) where field.categories.contains(where: { DecimalNumber.parse($0) != nil }):
                value = number.text
            // JSON `true` names a `true`/`True` category as the word would (trial22 #2).
            case .bool(let flag) where field.categories.contains(where: CategoryName.isTruthWord):
                value = String(flag)
            default:
                return .failure(.init(field: field.name, message: "must be a string, got \(raw.shortDescription)"))
            }
            switch Self.category(value, in: field.categories) {
            case .category(let index):
                return .success(.category(field.categories[index]))
            case .unknown:
                let accepted = ShortList.text(CategoryName.listed(field.categories).map(CategoryName.shown))
                let meant = CategoryName.caseless(value, in: field.categories)
                let hint =
                    meant.count == 1
                    ? "did you mean \(CategoryName.quoted(field.categories[meant[0]]))? (categories are matched in "
                        + "their letter case); " : ""
                return .failure(
                    .init(
                        field: field.name,
                        message: "unknown value \(Self.shown(raw)); \(hint)accepted: \(accepted)\(missingHint(field))"))
            case .sameKey(let indices):
                let candidates = indices.map { CategoryName.quoted(field.categories[$0]) }
                return .failure(
                    .init(
                        field: field.name,
                        message:
                            "\(Self.shown(raw)) could be any of \(candidates.joined(separator: ", ")), which differ "
                            + "only in surrounding spaces or line breaks; send one of them exactly"))
            case .sameNumber(let indices):
                let candidates = indices.map { CategoryName.quoted(field.categories[$0]) }
                return .failure(
                    .init(
                        field: field.name,
                        message:
                            "\(Self.shown(raw)) is ambiguous: it is the number of each of "
                            + "\(candidates.joined(separator: ", ")), which are different categories; send one of "
                            + "them exactly (as a string or as a JSON number written so)"))
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (no Foundation needed).
    package var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
