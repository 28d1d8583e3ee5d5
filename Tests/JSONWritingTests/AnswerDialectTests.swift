import JSONWriting
import Testing

/// predict.cgi's answers and the site's exports: members in the order written (sorted for
/// `JSONValue` objects), Swift's number text, every control character and U+2028/9 escaped.
@Suite struct AnswerDialectTests {
    @Test func writesMembersInOrderOnOneLine() {
        var writer = JSONWriter()
        writer.object {
            $0.field("status", "OK")
            $0.field("s", "a\"b\\c\n\u{1}")
            $0.field("probability", 1.0)
            $0.field("count", 3)
            $0.field("nan", Double.nan)
            $0.null("none")
            $0.object("model") { $0.field("name", "rf") }
            $0.array("labels", ["<=50K", ">50K"]) { $0.element($1) }
            $0.raw("errors", "[]")
            $0.object("empty") { _ in }
        }
        #expect(
            writer.text
                == #"{"status":"OK","s":"a\"b\\c\n\u0001","probability":1.0,"count":3,"nan":null,"none":null,"model":{"name":"rf"},"#
                + #""labels":["<=50K",">50K"],"errors":[],"empty":{}}"#)
    }

    @Test func exportsAreIndentedWithSortedKeysAndCompactEmptyContainers() {
        let value: JSONValue = [
            "b": [1, .number(2.5), .number(-0.0)], "a": ["x": [], "y": [:]], "c": .unsigned(.max),
        ]
        #expect(
            value.text(.export) == """
                {
                  "a" : {
                    "x" : [],
                    "y" : {}
                  },
                  "b" : [
                    1,
                    2.5,
                    -0.0
                  ],
                  "c" : 18446744073709551615
                }
                """)
    }

    @Test(arguments: [
        ("plain", "\"plain\""), ("say \"hi\"", "\"say \\\"hi\\\"\""), ("a\\b", "\"a\\\\b\""),
        ("tab\there", "\"tab\\there\""), ("a/b", "\"a/b\""), ("\u{8}\u{c}", "\"\\u0008\\u000c\""),
        ("é", "\"é\""), ("\u{2028}", "\"\\u2028\""), ("\u{1}", "\"\\u0001\""),
    ])
    func quotesStrings(text: String, expected: String) {
        #expect(JSONWriter.quote(text) == expected)
        #expect(JSONValue.string(text).text(.answer) == expected)
    }

    /// The byte-wise escaping gives what escaping scalar by scalar gives, for random text
    /// mixing every kind of character that needs an escape with ASCII and other scalars.
    @Test func escapingMatchesScalarByScalarEscaping() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let pieces = [
            "a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "\u{2028}", "\u{2029}",
            "\u{2027}", "\u{202A}", "😀", "€", "/",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(JSONWriter.quote(text) == reference(text), "\(Array(text.unicodeScalars))")
        }
    }
}
