/// Values as TOML writes them, for a pipeline `modelpress new` writes and for advice that
/// quotes a line to paste into one.
public enum TOMLText {
    /// `value` as a TOML basic string (TOML 1.0, "String"): quotes, backslashes and control
    /// characters escaped, and every other character a terminal would act on or not show
    /// (`ControlCharacters.isEscaped`: C1, the bidi override, U+00A0…) by its code point, which
    /// TOML reads back as the same character: a pipeline line a warning quotes is printed
    /// (trial36: a marker advised from a data file could clear the screen).
    public static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where ControlCharacters.isEscaped(scalar):
                out += ControlCharacters.escaped(scalar, shortASCII: false)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `values` as a TOML array of basic strings on one line: `["", "NA"]`.
    public static func array(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }
}
