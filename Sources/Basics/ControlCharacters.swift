/// The control characters that may not appear in text modelpress publishes: HTML forbids
/// every "control" but ASCII whitespace (WHATWG HTML, "control-character-in-input-stream": C0
/// U+0000–U+001F, DELETE U+007F and C1 U+0080–U+009F), and XML 1.0 forbids C0 but tab, line
/// feed and carriage return. What a user types (`--note`, `--by`, a definition's texts) is
/// refused at the registry's writes with `first(in:)`; what is already written (a registry
/// edited by hand, a card, a page) is replaced by U+FFFD in the published bytes with
/// `replaced(in:)`.
public enum ControlCharacters {
    /// Whether `scalar` is any control character, tab, line feed and carriage return included:
    /// C0, DELETE or C1, what a terminal may act on (ESC starts a colour or a cursor move) and
    /// what text a command prints from data therefore shows escaped (`CategoryName.quoted`).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether text printed from data shows `scalar` escaped (`CategoryName.quoted`): a control
    /// character (`isControl`), a format character (Unicode general category Cf: the bidi
    /// controls such as U+202E RIGHT-TO-LEFT OVERRIDE, which makes a terminal show the text after
    /// it reversed, zero-width spaces and joiners, the byte order mark, the soft hyphen), or a line
    /// or paragraph separator (U+2028, U+2029), at which editors and some terminals break the line
    /// (trial19 #6: `bidi\u{202E}evil` printed raw by `data inspect` read as `bidilive`). Python's
    /// `repr` escapes these too (`str.isprintable` is false for them).
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if isControl(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Whether `scalar` looks like a space, or like nothing, and is not the space U+0020: a space
    /// separator (Unicode general category Zs: the no-break space U+00A0, the narrow no-break
    /// space U+202F that French exports group thousands with, the thin and figure spaces, the
    /// ideographic space U+3000) or a Hangul filler (U+115F, U+1160, U+3164, U+FFA0, letters
    /// drawn blank). Printed raw, `10\u{00A0}264` reads as `10 264`, and a user searching the file
    /// for a space finds nothing (trial21 #9).
    public static func isOtherSpace(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != " " else { return false }
        switch scalar.value {
        case 0x115F, 0x1160, 0x3164, 0xFFA0: return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// Whether text printed from data shows `scalar` escaped (`CategoryName.quoted`): one that
    /// `isHidden` (it acts on the terminal or hides), or one that `isOtherSpace` (it passes for
    /// another character).
    public static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        isHidden(scalar) || isOtherSpace(scalar)
    }

    /// What `scalar`, one that `isEscaped`, is in a few words for a message: `a line break (U+000A)`,
    /// `a tab (U+0009)`, `the control character U+0007`, `a no-break space (U+00A0)`,
    /// `a zero-width space (U+200B)`, `the invisible format character U+202E`.
    public static func described(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n", "\r", "\u{2028}", "\u{2029}": "a line break (\(codePoint(scalar)))"
        case "\t": "a tab (U+0009)"
        case _ where isControl(scalar): "the control character \(codePoint(scalar))"
        case "\u{00A0}": "a no-break space (U+00A0)"
        case "\u{202F}": "a narrow no-break space (U+202F)"
        case "\u{200B}": "a zero-width space (U+200B)"
        case "\u{FEFF}": "a zero-width no-break space or byte order mark (U+FEFF)"
        case _ where isOtherSpace(scalar): "the space character \(codePoint(scalar))"
        default: "the invisible format character \(codePoint(scalar))"
        }
    }

    /// Whether `scalar` is a control character other than tab, line feed and carriage return.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// The first forbidden control character of `text` and its 1-based position in characters
    /// as a person counts them (Unicode scalars); nil when there is none.
    public static func first(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isForbidden(scalar) {
            return (scalar, offset + 1)
        }
        return nil
    }

    /// `scalar` by its code point, as Python's `repr` and bash's `$'…'` write it: `\x1b` for an
    /// ASCII one, `\u0085` up to U+FFFF, `\U0001f600` beyond; with `shortASCII` false an ASCII
    /// one too as `\u001b`, as TOML and JSON, which have no `\x`, write it.
    public static func escaped(_ scalar: Unicode.Scalar, shortASCII: Bool = true) -> String {
        let hex = String(scalar.value, radix: 16)
        let (prefix, digits) =
            shortASCII && scalar.value < 0x80 ? ("\\x", 2) : scalar.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
        return prefix + String(repeating: "0", count: digits - hex.count) + hex
    }

    /// `scalar` as `U+001B`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// UTF-8 `bytes` with every forbidden control character replaced by U+FFFD, or nil when
    /// there is none (the common case: nothing is copied). Exact on bytes: in UTF-8 a byte
    /// below 0x80 is always a character of its own, and C1 is 0xC2 0x80–0x9F.
    /// - Complexity: O(bytes).
    public static func replaced(in bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        func forbiddenASCII(_ byte: UInt8) -> Bool {
            (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
        }
        func c1(at index: Int) -> Bool {
            guard bytes[index] == 0xC2 else { return false }
            let next = index + 1
            return next < bytes.endIndex && (0x80...0x9F).contains(bytes[next])
        }
        var index = bytes.startIndex
        while index < bytes.endIndex, !forbiddenASCII(bytes[index]), !c1(at: index) { index += 1 }
        guard index < bytes.endIndex else { return nil }
        var out = Array(bytes[..<index])
        out.reserveCapacity(bytes.count + 16)
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        while index < bytes.endIndex {
            if forbiddenASCII(bytes[index]) {
                out += replacement
            } else if c1(at: index) {
                out += replacement
                index += 1
            } else {
                out.append(bytes[index])
            }
            index += 1
        }
        return out
    }
}
