import Models
import Testing

@testable import Serving

@Suite struct InputValidatorTests {
    static let schema = Schema(
        fields: [
            .numeric("age", minimum: 0, maximum: 120),
            .categorical("sex", ["Female", "Male"]),
            .numeric("hours"),
        ],
        label: "income", labelValues: ["<=50K", ">50K"])
    let validator = InputValidator(schema: schema)

    @Test func acceptsTypedAndTextValues() throws {
        let values = try validator.validate(["age": .number(37), "sex": .text(" Male "), "hours": .text("40.5")])
        #expect(values == ["age": .number(37), "sex": .category("Male"), "hours": .number(40.5)])
    }

    @Test func ignoresReservedKeys() throws {
        let values = try validator.validate([
            "age": .number(1), "sex": .text("Female"), "hours": .number(2), "client_id": .text("c1"),
        ])
        #expect(values.count == 3)
    }

    @Test(arguments: [
        (InputValue.text("x"), "must be a number, got 'x'"),
        (.text(""), "is missing (''), and this endpoint's schema does not let it be"),
        (.text("NaN"), "must be a number, got 'NaN'"),
        (.text("0x1p5"), "must be a number, got '0x1p5'"),
        (.text("0x20"), "must be a number, got '0x20'"),
        (.text("inf"), "must be a number, got 'inf'"),
        (.text("1e999"), "must be a finite number, got '1e999'"),
        (.text("1,950"), "must be a number, got '1,950'; thousands separators are not read: write 1950"),
        (.text("1.356,5"), "must be a number, got '1.356,5'; thousands separators are not read: write 1356.5"),
        (.text("1\u{202F}228"), "must be a number, got '1\\u202f228'; thousands separators are not read: write 1228"),
        (.bool(true), "must be a number, got true"),
        (.null, "is missing (null), and this endpoint's schema does not let it be"),
        (.nested, "must be a number, got an array or object"),
        (.number(-1), "must be at least 0, got -1"),
        (.number(120.5), "must be at most 120, got 120.5"),
    ])
    func rejectsBadNumbers(value: InputValue, message: String) throws {
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["age": value, "sex": .text("Male"), "hours": .number(1)])
        }
        #expect(error.status.code == 400)
        #expect(error.errors == [.init(field: "age", message: message)])
    }

    @Test func unknownCategoryListsAcceptedValues() throws {
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["age": .number(1), "sex": .text("Other"), "hours": .number(1)])
        }
        #expect(error.errors == [.init(field: "sex", message: "unknown value 'Other'; accepted: Female, Male")])
    }

    /// Finding 1 of trial 13: a category trained with its spaces is served as sent and
    /// without them; finding 4: a form's CRLF names the LF category; finding 12: a refusal
    /// quotes what it refuses and what it accepts so that the two never look alike.
    @Test func categoriesMatchAsSentElseByTheirTrimmedLFKey() throws {
        let schema = Schema(
            fields: [
                .categorical("plan", ["BASIC", "Basic", "basic ", "premium ", "pro"]),
                .categorical("comment", ["Login fails\nafter update", "ok"]),
            ],
            label: "y", labelValues: ["no", "yes"])
        let validator = InputValidator(schema: schema)
        let comment = InputValue.text("ok")
        for (sent, named) in [("basic ", "basic "), ("basic", "basic "), (" pro ", "pro"), ("Basic", "Basic")] {
            #expect(
                try validator.validate(["plan": .text(sent), "comment": comment])["plan"] == .category(named), "\(sent)"
            )
        }
        #expect(
            try validator.validate(["plan": .text("pro"), "comment": .text("Login fails\r\nafter update")])["comment"]
                == .category("Login fails\nafter update"))
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["plan": .text("Premium "), "comment": comment])
        }
        #expect(
            error.errors == [
                .init(
                    field: "plan",
                    message:
                        "unknown value 'Premium '; did you mean 'premium '? (categories are matched in their letter "
                        + "case); accepted: BASIC, Basic, 'basic ', 'premium ', pro")
            ])
    }

    @Test func aValueTwoCategoriesShareAfterTrimmingIsRefusedNamingThem() throws {
        let schema = Schema(fields: [.categorical("plan", ["basic ", " basic"])], label: "y", labelValues: ["a", "b"])
        let error = try #require(throws: ServingError.self) {
            try InputValidator(schema: schema).validate(["plan": .text("basic")])
        }
        #expect(
            error.errors.first?.message
                == "'basic' could be any of 'basic ', ' basic', which differ only in surrounding spaces or line "
                + "breaks; send one of them exactly")
    }

    /// Finding 8: a missing marker such as `N/A` is text in JSON; the refusal says how to send a
    /// missing value where the field may be missing.
    @Test func aMarkerForANullableNumberIsRefusedSayingHowToSendMissing() throws {
        let schema = Schema(
            fields: [Field(name: "wait", kind: .numeric, nullable: true), .numeric("age")], label: "y",
            labelValues: ["a", "b"])
        let error = try #require(throws: ServingError.self) {
            try InputValidator(schema: schema).validate(["wait": .text("N/A"), "age": .text("N/A")])
        }
        #expect(
            error.errors == [
                .init(
                    field: "wait",
                    message:
                        "must be a number, got 'N/A'; for a missing value send null or leave the field out (in a form: "
                        + "empty or ?)"),
                .init(field: "age", message: "must be a number, got 'N/A'"),
            ])
    }

    /// CSV cells are spoken of as cells (trial15 #14): a missing value is not `null` there.
    @Test func aCSVRowsProblemsSpeakOfCells() throws {
        let schema = Schema(
            fields: [Field(name: "wait", kind: .numeric, nullable: true), .numeric("age")], label: "y",
            labelValues: ["a", "b"])
        let error = try #require(throws: ServingError.self) {
            try InputValidator(schema: schema, spelling: .csv).validate(["wait": .text("soon"), "age": .null])
        }
        #expect(
            error.errors == [
                .init(field: "wait", message: "must be a number, got 'soon'; for a missing value leave the cell empty"),
                .init(field: "age", message: "is missing in its cell, and this endpoint's schema does not let it be"),
            ])
    }

    /// Trial 13, finding 13: `{"sex":"Male","sex":"Female"}` was served as Female without a word.
    @Test func aRepeatedNameInABodyIsRefusedWhereItRepeats() throws {
        let error = try #require(throws: ServingError.self) {
            try InputValue.fields(ofJSONBody: Array(#"{"sex":"Male","age":1,"sex":"Female"}"#.utf8))
        }
        #expect(error.reason == .badRequest)
        #expect(error.message.contains(#""sex" appears twice in one object; send each field once"#), "\(error.message)")
        // Where the repeated name's value starts.
        #expect(error.message.contains("line 1, column 29"), "\(error.message)")
    }

    @Test func hundredsOfAcceptedValuesAreCountedNotListed() throws {
        let incomes = (0..<657).map { "\(100 + $0),5" }
        let schema = Schema(fields: [.categorical("income", incomes)], label: "y", labelValues: ["a", "b"])
        let error = try #require(throws: ServingError.self) {
            try InputValidator(schema: schema).validate(["income": .text("55,5")])
        }
        #expect(
            error.errors.first?.message
                == "unknown value '55,5'; accepted: \(incomes.prefix(10).map { "'\($0)'" }.joined(separator: ", ")), "
                + "… (657 in all)")
    }

    /// A JSON number names the category that spells it, as a numeric field takes a number's text.
    @Test func aNumberNamesANumericLookingCategory() throws {
        let schema = Schema(
            fields: [.categorical("age band", ["10", "30", "2.50"]), .categorical("sex", ["Female", "Male"])],
            label: "y", labelValues: ["0", "1"])
        let validator = InputValidator(schema: schema)
        #expect(
            try validator.validate(["age band": .number(30), "sex": .text("Male")])
                == ["age band": .category("30"), "sex": .category("Male")])
        #expect(
            try validator.validate(["age band": .number(2.5), "sex": .text("Male")])["age band"] == .category("2.50"))
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["age band": .number(31), "sex": .number(1)])
        }
        #expect(
            error.errors == [
                .init(field: "age band", message: "unknown value 31; accepted: 2.50, 10, 30"),
                .init(field: "sex", message: "must be a string, got 1"),
            ])
    }

    /// Text that reads as a number names a numeric-looking category by value, as a JSON number
    /// does: one rule for JSON, forms and CSV cells (trial17 #8: CSV `2` was refused where JSON
    /// `2` named `2.0`).
    @Test func textThatReadsAsANumberNamesTheCategoryOfThatValue() throws {
        let schema = Schema(
            fields: [
                .categorical("rating", ["0.0", "2.0", "5.0", "unknown"]),
                .categorical("level", ["1", "3", "high"]),
                .categorical("twin", ["2", "2.0"]),
            ],
            label: "y", labelValues: ["0", "1"])
        for spelling in [InputValidator.Spelling.request, .csv] {
            let validator = InputValidator(schema: schema, spelling: spelling)
            for (rating, level) in [
                (InputValue.text("2"), InputValue.text("3.0")), (.number(2), .number(3)),
                (.text(" 2e0 "), .text("3")), (.text("2.00"), .number(3.0)),
            ] {
                let values = try validator.validate(["rating": rating, "level": level, "twin": .text("2")])
                #expect(values == ["rating": .category("2.0"), "level": .category("3"), "twin": .category("2")])
            }
            // A number two categories spell is ambiguous unless sent as one exactly; text that is
            // no number, and a number no category has, stay unknown.
            let error = try #require(throws: ServingError.self) {
                try validator.validate(["rating": .text("0x2"), "level": .text("2"), "twin": .text("2.00")])
            }
            #expect(error.errors.map(\.field) == ["rating", "level", "twin"])
            #expect(error.errors[1].message == "unknown value '2'; accepted: 1, 3, high")
        }
    }

    /// A JSON number names a category by the text it was sent as, exactly as that text in a
    /// string or a form does; by value only when one category has it; a value several categories
    /// have as their number is refused as ambiguous, naming them (trial19 #4: JSON `2` named
    /// `2.0` where `"2"` named `2`, and `2e0` was "unknown").
    @Test func aJSONNumberNamesACategoryAsItsTextDoes() throws {
        let schema = Schema(
            fields: [.categorical("code", ["2", "2.0", "3", "x"])], label: "y", labelValues: ["p", "q"])
        for spelling in [InputValidator.Spelling.request, .csv] {
            let validator = InputValidator(schema: schema, spelling: spelling)
            for (sent, named) in [
                (InputValue.number(2), "2"), (.text("2"), "2"), (.number(InputNumber(2, text: "2.0")), "2.0"),
                (.text("2.0"), "2.0"), (.number(InputNumber(3, text: "3.0")), "3"), (.text(" 3e0 "), "3"),
            ] {
                #expect(try validator.validate(["code": sent]) == ["code": .category(named)])
            }
            for sent in [InputValue.text("2e0"), .number(InputNumber(2, text: "2e0")), .text("2.00")] {
                let error = try #require(throws: ServingError.self) { try validator.validate(["code": sent]) }
                #expect(
                    error.errors[0].message.hasSuffix(
                        " is ambiguous: it is the number of each of '2', '2.0', which are different categories; "
                            + "send one of them exactly (as a string or as a JSON number written so)"))
            }
        }
    }

    /// A numeric field's text reads the answering version's decimal mark: `77,0` is 77.0 for a
    /// version trained with `decimal = ","`, refused otherwise; thousands marks never read
    /// (trial19 #10).
    @Test func numericTextReadsTheVersionsDecimalMark() throws {
        let schema = Schema(fields: [.numeric("weight")], label: "y", labelValues: ["p", "q"])
        let comma = InputValidator(schema: schema, decimalComma: true)
        #expect(try comma.validate(["weight": .text("77,0")]) == ["weight": .number(77)])
        #expect(try comma.validate(["weight": .text("77.5")]) == ["weight": .number(77.5)])
        #expect(comma.needsDecimalMark(["weight": .text("77,0")]))
        #expect(!comma.needsDecimalMark(["weight": .text("77.0")]))
        for text in ["1.356,31", "1,234,5"] {
            #expect(throws: ServingError.self) { try comma.validate(["weight": .text(text)]) }
        }
        let point = InputValidator(schema: schema)
        let error = try #require(throws: ServingError.self) { try point.validate(["weight": .text("77,0")]) }
        #expect(error.errors[0].message == "must be a number, got '77,0'")
    }

    /// A nullable field left out is missing, as `null` is; any other field left out is required.
    @Test func anOmittedNullableFieldIsMissing() throws {
        let schema = Schema(
            fields: [
                .numeric("age"), Field(name: "deck", kind: .categorical, categories: ["A", "B"], nullable: true),
            ],
            label: "y", labelValues: ["no", "yes"])
        let validator = InputValidator(schema: schema)
        #expect(try validator.validate(["age": .number(3)]) == ["age": .number(3), "deck": .missing])
        let error = try #require(throws: ServingError.self) { try validator.validate(["deck": .text("A")]) }
        #expect(
            error.errors == [
                .init(field: "age", message: "is required (this endpoint's schema does not let it be missing)")
            ])
    }

    /// A query parameter's name in another case, in a body or form, is told names are lower
    /// case, as the query is (trial17 #5: `EXPLAIN=on` was only "not a field").
    @Test func aQueryParameterInAnotherCaseIsToldNamesAreLowerCase() throws {
        let error = try #require(throws: ServingError.self) {
            try validator.validate([
                "age": .number(1), "sex": .text("Male"), "hours": .number(2), "EXPLAIN": .text("on"),
            ])
        }
        #expect(
            error.errors == [
                .init(
                    field: "EXPLAIN",
                    message: "is not a field of this endpoint (names are lower case: explain); explain is a query "
                        + "parameter: add ?explain=true to the address instead")
            ])
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let error = try #require(throws: ServingError.self) {
            try validator.validate(["sex": .number(1), "zeta": .text("1"), "alpha": .text("2")])
        }
        #expect(error.message == "the input is not valid: 5 fields are wrong")
        #expect(
            error.errors == [
                .init(field: "age", message: "is required (this endpoint's schema does not let it be missing)"),
                .init(field: "sex", message: "must be a string, got 1"),
                .init(field: "hours", message: "is required (this endpoint's schema does not let it be missing)"),
                .init(field: "alpha", message: "is not a field of this endpoint"),
                .init(field: "zeta", message: "is not a field of this endpoint"),
            ])
        #expect(
            error.json.hasPrefix(
                "{\"status\":\"Error\",\"message\":\"the input is not valid: 5 fields are wrong\",\"errors\":[{\"field\":\"age\""
            ))
    }
}

@Suite struct EncodingTests {
    @Test func formDecoding() {
        let pairs = FormDecoding.pairs("a=1&b=x+y&c=%3C%2F%3E&d&e=%zz&&f=caf%C3%A9")
        #expect(pairs.map(\.name) == ["a", "b", "c", "d", "e", "f"])
        #expect(pairs.map(\.value) == ["1", "x y", "</>", "", "%zz", "café"])
        // A name without `=` has no value (a query's `?explain`), unlike an empty one.
        #expect(FormDecoding.parameters("a=1&d&e=").map(\.value) == ["1", nil, ""])
    }

    @Test func labelNormalisation() {
        let labels = ["<=50K", ">50K"]
        #expect(Labels.normalise(">50K.", accepted: labels) == ">50K")
        #expect(Labels.normalise(" <=50K ", accepted: labels) == "<=50K")
        #expect(Labels.normalise("50K", accepted: labels) == nil)
        #expect(Labels.normalise("", accepted: labels) == nil)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(Clock.utcTimestamp().count == 24)
    }

    /// A true/false column (trial22 #2): JSON `true` names its category as the word does, and the
    /// words in any letter case (`True`, pandas' `to_csv`) name the one category that is the
    /// same word; other words keep their case and are refused naming the category meant.
    @Test func trueAndFalseNameTheirCategoryInAnyCase() throws {
        let schema = Schema(
            fields: [
                .categorical("garage", ["false", "true"]), .categorical("pool", ["False", "True"]),
                .categorical("plan", ["basic", "pro"]),
            ],
            label: "y", labelValues: ["no", "yes"])
        for spelling in [InputValidator.Spelling.request, .csv] {
            let validator = InputValidator(schema: schema, spelling: spelling)
            for (garage, pool) in [
                (InputValue.bool(true), InputValue.bool(false)), (.text("True"), .text("false")),
                (.text(" TRUE "), .text("FALSE")), (.text("true"), .text("False")),
            ] {
                #expect(
                    try validator.validate(["garage": garage, "pool": pool, "plan": .text("pro")])
                        == ["garage": .category("true"), "pool": .category("False"), "plan": .category("pro")])
            }
            let error = try #require(throws: ServingError.self) {
                try validator.validate(["garage": .text("yes"), "pool": .bool(true), "plan": .text("Pro")])
            }
            #expect(
                error.errors == [
                    .init(field: "garage", message: "unknown value 'yes'; accepted: false, true"),
                    .init(
                        field: "plan",
                        message: "unknown value 'Pro'; did you mean 'pro'? (categories are matched in their letter "
                            + "case); accepted: basic, pro"),
                ])
            // `true` is no word of a field whose categories are not true/false.
            let plan = try #require(throws: ServingError.self) {
                try validator.validate(["garage": .bool(false), "pool": .bool(true), "plan": .bool(true)])
            }
            #expect(plan.errors == [.init(field: "plan", message: "must be a string, got true")])
        }
    }

    /// Integer-coded categories are listed by value (trial22 #11: `accepted: 1, 10, 11, 12, …`).
    @Test func numericCategoriesAreListedByValue() throws {
        let codes = (1...24).map(String.init).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let schema = Schema(fields: [.categorical("occupation_code", codes)], label: "y", labelValues: ["0", "1"])
        let error = try #require(throws: ServingError.self) {
            try InputValidator(schema: schema).validate(["occupation_code": .number(25)])
        }
        #expect(
            error.errors == [
                .init(
                    field: "occupation_code",
                    message: "unknown value 25; accepted: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (24 in all)")
            ])
    }
}
